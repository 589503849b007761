"""layers: a module on a lower layer may not import one on a higher layer.

``layers = ["app.cli", "app.api | app.jobs", "app.core"]`` lists layers top to bottom;
``a | b`` puts modules side by side on one layer (they may import each other). Files
no layer names are not constrained. One finding per importing file and higher module
(an import of a Go package reaches all its files; it is still one finding), at the
file's first such import.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding, Link
from mapper.drift.modules import parse_modules
from mapper.drift.rules._imports import find_links

__all__ = ["LayersRule", "RULES"]


class LayersRule:
    id = "layers"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        layers = [parse_modules(entry) for entry in settings.layers]
        placed: dict[str, tuple[int, str]] = {}  # file -> (layer index, the module entry naming it)
        for path in view.files:
            for index, patterns in enumerate(layers):
                module = next((p.text for p in patterns if p.match(path)), None)
                if module is not None:
                    placed[path] = (index, module)
                    break
        upward: dict[tuple[str, str], list[Link]] = {}
        for link in find_links(view):
            low, high = placed.get(link.importer), placed.get(link.imported)
            if low is not None and high is not None and high[0] < low[0]:
                upward.setdefault((link.importer, high[1]), []).append(link)
        findings = []
        for (importer, module), links in sorted(upward.items()):
            first = min(links, key=lambda link: (link.line, link.imported))
            low_entry, high_entry = settings.layers[placed[importer][0]], settings.layers[placed[first.imported][0]]
            more = f" (and {len(links) - 1} more files of {module})" if len(links) > 1 else ""
            message = (f"{importer} (layer {low_entry!r}) imports {first.imported}{more} "
                       f"(layer {high_entry!r}, above it)")
            findings.append(Finding(self.id, f"{importer} -> {module}", message, importer, first.line, (first,)))
        return tuple(findings)


RULES = (LayersRule(),)
