"""The architecture's own facts, tracked against a baseline: areas, the edges and
cycles between them, entry points, and the kinds of side effect each area has.

These are not violations: a new or a vanished one fails drift only when a baseline
exists, until ``--update-baseline`` records it where a reviewer sees it.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding
from mapper.graph.areas import area_of

__all__ = ["RULES"]


class AreaRule:
    id = "area"
    structural = True

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        findings = []
        for area in view.analysis.areas:
            where = area.central[0] if area.central else area.path
            message = f"area {area.path} ({area.kind}, {area.files} files)"
            findings.append(Finding(self.id, f"{area.path} {area.kind}", message, where, 1))
        return _by_key(findings)


class AreaEdgeRule:
    id = "area-edge"
    structural = True

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        return _by_key(
            Finding(self.id, f"{edge.importer} -> {edge.imported}",
                    f"area {edge.importer} imports area {edge.imported} ({edge.evidence.reason})",
                    edge.evidence.path, edge.evidence.line)
            for edge in view.analysis.area_edges
        )


class AreaCycleRule:
    id = "area-cycle"
    structural = True

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        evidence = {(e.importer, e.imported): e.evidence for e in view.analysis.area_edges}
        findings = []
        for cycle in view.analysis.cycles:
            first = next((evidence[pair] for pair in sorted(evidence) if pair[0] in cycle and pair[1] in cycle), None)
            path, line = (first.path, first.line) if first else (cycle[0], 1)
            findings.append(Finding(self.id, " ".join(cycle), f"areas import each other: {', '.join(cycle)}",
                                    path, line))
        return _by_key(findings)


class EntryRule:
    id = "entry"
    structural = True

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        return _by_key(
            Finding(self.id, f"{entry.kind} {entry.name} -> {entry.target}",
                    f"entry point {entry.name} ({entry.kind}) -> {entry.target}",
                    entry.evidence.path, entry.evidence.line)
            for entry in view.analysis.entry_points
        )


class EffectKindRule:
    id = "effect"
    structural = True

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        return _by_key(
            Finding(self.id, f"{area_of(site.path)} {site.kind}",
                    f"area {area_of(site.path)} has side effects of kind {site.kind} "
                    f"({site.symbol or 'module level'}: {site.detail})",
                    site.path, site.line)
            for site in sorted(view.analysis.effects, key=lambda s: (s.path, s.line, s.kind))
        )


def _by_key(findings) -> tuple[Finding, ...]:
    """The first finding for each key, sorted by key."""
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.key, finding)
    return tuple(first[key] for key in sorted(first))


RULES = (AreaRule(), AreaEdgeRule(), AreaCycleRule(), EntryRule(), EffectKindRule())
