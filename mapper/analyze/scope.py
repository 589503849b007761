"""Scope an ``Analysis`` to one directory: the facts of its files, and its import
edges with the rest of the repository.

The result is an ``Analysis`` like the repository's, so the one renderer and budget
make the directory's map (``claude-map explain DIR/`` and nested CLAUDE.md blocks).
Inside the directory, its areas are its sub-directories (descending through a
folder that holds everything, such as a package's ``src/``); outside it, a file
counts for its repository area, or for the sibling of the directory when that area
contains the directory itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mapper.analyze import CENTRAL_PER_AREA, area_role, partial_notes, serves_only
from mapper.analyze.examples import has_example_word
from mapper.graph.areas import area_of, find_area_cycles
from mapper.graph.import_graph import ImportGraph
from mapper.languages.registry import LanguageRegistry
from mapper.model import Analysis, Area, AreaEdge, Evidence, ExampleArea, FileFacts, ModuleInfo, RoleAssignment

__all__ = ["ScopedAnalysis", "scope_analysis", "normalise_directory", "in_directory"]


@dataclass(frozen=True)
class ScopedAnalysis:
    directory: str  # repo-relative, no trailing slash
    analysis: Analysis  # only the directory's facts; its area edges cross the directory's border
    source_paths: tuple[str, ...]  # the directory's mapped files


def normalise_directory(directory: str) -> str:
    """``./packages/x/`` -> ``packages/x``; the repository root is ``""``."""
    parts = [part for part in directory.replace("\\", "/").split("/") if part not in ("", ".")]
    return "/".join(parts)


def in_directory(path: str, directory: str) -> bool:
    return not directory or path.startswith(directory + "/")


def scope_analysis(
    analysis: Analysis, facts: tuple[FileFacts, ...], graph: ImportGraph, registry: LanguageRegistry, directory: str,
) -> ScopedAnalysis:
    """The analysis restricted to ``directory`` (a pure function of its inputs)."""
    directory = normalise_directory(directory)
    inside = tuple(f for f in facts if in_directory(f.path, directory))
    paths = frozenset(f.path for f in inside)
    roles = tuple(r for r in analysis.roles if r.path in paths)
    modules = tuple(m for m in analysis.modules if m.path in paths)
    areas = _SubAreas(directory, paths)
    edges = _area_edges(graph, directory, areas, paths)
    scoped = Analysis(
        name=analysis.name,
        languages=_language_counts(inside),
        commands=tuple(c for c in analysis.commands if in_directory(c.evidence.path, directory)),
        entry_points=tuple(
            e for e in analysis.entry_points
            if in_directory(e.evidence.path, directory) or (e.file and e.file in paths)
        ),
        areas=_areas(areas, roles, modules, graph) + tuple(
            a for a in analysis.areas if a.kind != "source" and in_directory(a.path, directory)
        ),
        roles=roles,
        effects=tuple(s for s in analysis.effects if s.path in paths),
        modules=modules,
        area_edges=edges,
        cycles=find_area_cycles(edges),
        partial=partial_notes(inside, registry),
        routes=tuple(r for r in analysis.routes if r.file in paths),
        subcommands=tuple(c for c in analysis.subcommands if c.file in paths),
        example_areas=_example_areas(analysis.example_areas, directory),
    )
    return ScopedAnalysis(directory, scoped, tuple(f.path for f in inside))


def _example_areas(areas: tuple[ExampleArea, ...], directory: str) -> tuple[ExampleArea, ...]:
    """Examples folders inside the directory stay examples; one the directory is (or
    lies in) is what the reader zoomed into, so its files are the subject, unless its
    name says it holds examples (vite's ``playground/``, rayon's ``rayon-demo/``: its
    programs still come before its tests)."""
    return tuple(
        a for a in areas
        if (a.path != directory and in_directory(a.path, directory))
        or (has_example_word(a.path.rpartition("/")[2]) and in_directory(directory + "/", a.path))
    )


class _SubAreas:
    """Which sub-area of the directory a file of it belongs to."""

    def __init__(self, directory: str, paths: frozenset[str]) -> None:
        self.base = _common_base(directory, paths)
        self.paths = paths

    def of_inside(self, path: str) -> str | None:
        """The sub-area of a file of the directory; None for a file outside it."""
        return self.of(path) if path in self.paths else None

    def of(self, path: str) -> str:
        rest = path[len(self.base) + 1:] if self.base else path
        if "/" not in rest:
            return self.base or "."
        head = rest.split("/", 1)[0]
        return f"{self.base}/{head}" if self.base else head


def _common_base(directory: str, paths: frozenset[str]) -> str:
    """The directory, or the folder below it that holds every one of its files."""
    base = directory
    while paths:
        offset = len(base) + 1 if base else 0
        heads = {p[offset:].split("/", 1)[0] if "/" in p[offset:] else None for p in paths}
        if len(heads) != 1 or None in heads:
            return base
        head = heads.pop()
        base = f"{base}/{head}" if base else head
    return base


def _outside_area(path: str, directory: str) -> str:
    """The repository area of a file outside the directory, or, when that area holds
    the directory too, the file's folder at the directory's depth (its sibling)."""
    area = area_of(path)
    if area != "." and not in_directory(directory, area) and area != directory:
        return area
    depth = directory.count("/") + 1
    folder = path.rsplit("/", 1)[0] if "/" in path else "."
    return "/".join(folder.split("/")[:depth]) if folder != "." else "."


def _area_edges(graph: ImportGraph, directory: str, areas: _SubAreas, paths: frozenset[str]) -> tuple[AreaEdge, ...]:
    weights: Counter[tuple[str, str]] = Counter()
    evidence: dict[tuple[str, str], Evidence] = {}
    # Only the edges that touch the directory: those out of its files and into them.
    touching = {(path, imported) for path in paths for imported in graph.find_imported(path)}
    touching.update((importer, path) for path in paths for importer in graph.find_importers(path))
    for importer, imported in sorted(touching):
        importer_in, imported_in = importer in paths, imported in paths
        pair = (
            areas.of(importer) if importer_in else _outside_area(importer, directory),
            areas.of(imported) if imported_in else _outside_area(imported, directory),
        )
        if pair[0] == pair[1]:
            continue
        weights[pair] += 1
        candidate = Evidence(importer, graph.first_line(importer=importer, imported=imported), f"imports {imported}")
        if pair not in evidence or (candidate.path, candidate.line) < (evidence[pair].path, evidence[pair].line):
            evidence[pair] = candidate
    return tuple(AreaEdge(importer=a, imported=b, weight=weights[a, b], evidence=evidence[a, b])
                 for a, b in sorted(weights))


def _areas(areas: _SubAreas, roles: tuple[RoleAssignment, ...], modules: tuple[ModuleInfo, ...],
           graph: ImportGraph) -> tuple[Area, ...]:
    counts: dict[str, Counter[str]] = {}
    serving: dict[str, Counter[str]] = {}  # helpers that only their own sub-area uses, as at the root
    for assignment in roles:
        area = areas.of(assignment.path)
        counts.setdefault(area, Counter())[assignment.role] += 1
        if serves_only(assignment, area, graph, areas.of_inside):
            serving.setdefault(area, Counter())[assignment.role] += 1
    central: dict[str, list[str]] = {}
    for module in modules:  # most central first
        bucket = central.setdefault(areas.of(module.path), [])
        if len(bucket) < CENTRAL_PER_AREA and module.fan_in > 0:
            bucket.append(module.path)
    return tuple(sorted(
        (Area(path=name, files=sum(c.values()), role=area_role(c, serving.get(name)),
              central=tuple(central.get(name, ())))
         for name, c in counts.items()),
        key=lambda a: a.path,
    ))


def _language_counts(facts: tuple[FileFacts, ...]) -> tuple[tuple[str, int], ...]:
    counts = Counter(f.language for f in facts)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
