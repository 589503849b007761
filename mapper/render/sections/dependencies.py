"""Dependencies between areas: the import graph condensed to areas, and import cycles."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mapper.analyze.examples import ProjectScope
from mapper.graph.areas import area_of
from mapper.model import Analysis
from mapper.render.sanitize import safe_path
from mapper.render.sections.common import SectionVariants, caps, dedupe

__all__ = ["dependency_section"]

DEPENDENCIES_WEIGHT = 0.25  # the area-dependency section's share of a tight budget


@dataclass(frozen=True)
class EdgeRow:
    importer: str
    imported: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DependenciesView:
    edges: tuple[EdgeRow, ...]
    cycles: tuple[tuple[str, ...], ...]
    more: int = 0


def dependency_section(analysis: Analysis, scope: ProjectScope) -> SectionVariants:
    # The project's own areas first: what its tests, examples and benchmarks import
    # (hyper's examples -> src, the heaviest row) says least about its architecture,
    # and goes first when rows are cut.
    own = {area_of(r.path) for r in analysis.roles if scope.is_own(r.path)}
    by_importer: dict[str, list[tuple[str, int]]] = {}
    for edge in analysis.area_edges:
        if safe_path(edge.importer) and safe_path(edge.imported):
            by_importer.setdefault(edge.importer, []).append((edge.imported, edge.weight))
    rows = [EdgeRow(a, tuple(sorted(t, key=lambda x: (-x[1], x[0])))) for a, t in sorted(by_importer.items())]
    rows.sort(key=lambda r: (r.importer not in own, -sum(w for _, w in r.imported), r.importer))
    # Each step is smaller than the one before: fewer targets per area and shorter
    # cycles first (hugo has areas importing 25 others and one cycle through 30
    # areas), then fewer areas, then the cycles alone.
    variants = []
    for targets, members in ((None, None), (6, 8), (3, 4)):
        trimmed = [replace(r, imported=r.imported[:targets]) for r in rows]
        cycles = tuple(_trim_cycle(c, members) for c in analysis.cycles)
        variants.extend(DependenciesView(tuple(trimmed[:cap]), cycles, len(rows) - cap if cap else 0)
                        for cap in (caps(len(rows), limit=30) if targets else [min(len(rows), 30)]))
    # "19 more importing areas" under no area at all says nothing: the cycles alone.
    variants.append(DependenciesView((), tuple(_trim_cycle(c, 4) for c in analysis.cycles)))
    # Area edges say little about where a task lands: a tight budget gives this section
    # a fraction of what the others get.
    return SectionVariants("dependencies", tuple(dedupe(variants)), weight=DEPENDENCIES_WEIGHT)


def _trim_cycle(cycle: tuple[str, ...], members: int | None) -> tuple[str, ...]:
    if members is None or len(cycle) <= members:
        return cycle
    return cycle[:members] + (f"{len(cycle) - members} more",)


