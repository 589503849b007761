"""forbidden: a module may not import another, directly or through other files.

``forbidden = [["app.core", "requests"]]``: the imported side is a repository module
or an external package. A chain is reported from the last file of the importing
module on it, with every import along the way, once per file and pair.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding, Link
from mapper.drift.modules import parse_modules
from mapper.drift.rules._imports import find_links, find_nearest_chains

__all__ = ["ForbiddenRule", "RULES"]


class ForbiddenRule:
    id = "forbidden"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        links = find_links(view)
        findings = []
        for importer_entry, imported_entry in settings.forbidden:
            findings.extend(self._pair(view, links, importer_entry, imported_entry))
        return tuple(findings)

    def _pair(self, view: ArchitectureView, links: tuple[Link, ...], importer_entry: str,
              imported_entry: str) -> list[Finding]:
        sources, forbidden = parse_modules(importer_entry), parse_modules(imported_entry)

        def is_source(path: str) -> bool:
            return any(p.match(path) for p in sources)

        def is_forbidden(path: str) -> bool:
            return any(p.match(path) for p in forbidden)

        targets: dict[str, Link | None] = {path: None for path in view.files if is_forbidden(path)}
        for edge in view.imports:
            if edge.external is None or edge.importer in targets:
                continue
            if any(p.matches_external(edge.external) for p in forbidden):
                targets[edge.importer] = Link(edge.importer, edge.external, edge.line)
        chains = find_nearest_chains(links, targets, is_source)
        findings = []
        for path in sorted(chains):
            if not is_source(path) or is_forbidden(path):
                continue
            chain = chains[path]
            how = "imports" if len(chain) == 1 else f"reaches through {len(chain)} imports"
            message = f"{path} ({importer_entry}) {how} {chain[-1].imported} ({imported_entry}), which is forbidden"
            findings.append(Finding(self.id, f"{path} -> {imported_entry}", message, path, chain[0].line, chain))
        return findings


RULES = (ForbiddenRule(),)
