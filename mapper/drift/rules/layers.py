"""layers: a module on a lower layer may not import one on a higher layer.

``layers = ["app.cli", "app.api | app.jobs", "app.core"]`` lists layers top to bottom;
``a | b`` puts modules side by side on one layer (they may import each other). Files
no layer names are not constrained. Each direct import upwards is one finding.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding
from mapper.drift.modules import parse_modules
from mapper.drift.rules._imports import find_links

__all__ = ["LayersRule", "RULES"]


class LayersRule:
    id = "layers"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        layers = [parse_modules(entry) for entry in settings.layers]
        layer_of: dict[str, int] = {}
        for path in view.files:
            index = next((i for i, patterns in enumerate(layers) if any(p.match(path) for p in patterns)), None)
            if index is not None:
                layer_of[path] = index
        findings = []
        for link in find_links(view):
            low, high = layer_of.get(link.importer), layer_of.get(link.imported)
            if low is None or high is None or high >= low:
                continue
            message = (f"{link.importer} (layer {settings.layers[low]!r}) imports {link.imported} "
                       f"(layer {settings.layers[high]!r}, above it)")
            findings.append(Finding(self.id, f"{link.importer} -> {link.imported}", message,
                                    link.importer, link.line, (link,)))
        return tuple(findings)


RULES = (LayersRule(),)
