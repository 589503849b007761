"""independent: the modules an entry names may not import each other.

``independent = ["app.plugins.*"]`` makes every ``app/plugins/<name>`` its own module;
``independent = ["app.billing", "app.search"]`` names them one by one. One finding per
importing file and module it may not import, at the file's first such import.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding, Link
from mapper.drift.modules import parse_modules
from mapper.drift.rules._imports import find_links

__all__ = ["IndependentRule", "RULES"]


class IndependentRule:
    id = "independent"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        patterns = [p for entry in settings.independent for p in parse_modules(entry)]
        module_of: dict[str, str] = {}
        for path in view.files:
            module = next((m for m in (p.match(path) for p in patterns) if m is not None), None)
            if module is not None:
                module_of[path] = module
        crossing: dict[tuple[str, str], list[Link]] = {}
        for link in find_links(view):
            mine, theirs = module_of.get(link.importer), module_of.get(link.imported)
            if mine is not None and theirs is not None and mine != theirs:
                crossing.setdefault((link.importer, theirs), []).append(link)
        findings = []
        for (importer, theirs), links in sorted(crossing.items()):
            first = min(links, key=lambda link: (link.line, link.imported))
            message = (f"{importer} ({module_of[importer]}) imports {first.imported} ({theirs}); "
                       f"they are declared independent")
            findings.append(Finding(self.id, f"{importer} -> {theirs}", message, importer, first.line, (first,)))
        return tuple(findings)


RULES = (IndependentRule(),)
