"""independent: the modules an entry names may not import each other.

``independent = ["app.plugins.*"]`` makes every ``app/plugins/<name>`` its own module;
``independent = ["app.billing", "app.search"]`` names them one by one. Each direct
import from one to another is a finding.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding
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
        findings = []
        for link in find_links(view):
            mine, theirs = module_of.get(link.importer), module_of.get(link.imported)
            if mine is None or theirs is None or mine == theirs:
                continue
            message = f"{link.importer} ({mine}) imports {link.imported} ({theirs}); they are declared independent"
            findings.append(Finding(self.id, f"{link.importer} -> {link.imported}", message,
                                    link.importer, link.line, (link,)))
        return tuple(findings)


RULES = (IndependentRule(),)
