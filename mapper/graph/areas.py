"""Areas: the import graph condensed to top-level packages or directories.

An area is a file's first directory, or its first two when the first is a
conventional container (``src/``, ``packages/``, ``cmd/``...), so ``src/app`` and
``packages/web`` are areas of their own. Files at the root form the area ``.``.
"""

from __future__ import annotations

import re

import networkx as nx

from mapper.graph.import_graph import ImportGraph
from mapper.model import AreaEdge, Evidence

__all__ = ["area_of", "condense_areas", "find_area_cycles", "is_within", "name_words", "ROOT_AREA", "CONTAINER_DIRS"]

ROOT_AREA = "."
CONTAINER_DIRS = frozenset(
    {"src", "lib", "libs", "packages", "apps", "crates", "cmd", "internal", "pkg",
     "services", "modules", "components", "plugins", "projects"}
)


def area_of(path: str) -> str:
    parts = path.split("/")
    if len(parts) == 1:
        return ROOT_AREA
    if parts[0] in CONTAINER_DIRS and len(parts) > 2:
        return f"{parts[0]}/{parts[1]}"
    return parts[0]


def is_within(path: str, directory: str) -> bool:
    """``path`` is ``directory`` itself or lies below it (``src/a`` is not within ``src/ab``)."""
    return path == directory or path.startswith(directory + "/")


# The words of a folder name: split at - _ . and where a capital follows a lower-case letter.
_NAME_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def name_words(name: str) -> list[str]:
    """``rayon-demo`` -> ``["rayon", "demo"]``; ``UnitTests`` -> ``["unit", "tests"]``."""
    return [word.lower() for word in _NAME_WORD.findall(name)]


def condense_areas(graph: ImportGraph, test_files: frozenset[str] = frozenset()) -> tuple[AreaEdge, ...]:
    """One edge per ordered pair of areas, weighted by the file edges behind it.

    The tests of an area that holds code (Go's _test.go files, gorm's utils/tests/)
    are not its architecture: their imports made gorm's utils/ import callbacks/ and
    join a cycle. An area of tests alone (tests/) keeps its edges."""
    with_code = {area_of(path) for path in graph.find_files() if path not in test_files}
    weights: dict[tuple[str, str], int] = {}
    evidence: dict[tuple[str, str], Evidence] = {}
    for importer, imported in graph.find_edges():
        pair = (area_of(importer), area_of(imported))
        if pair[0] == pair[1] or (importer in test_files and pair[0] in with_code):
            continue
        weights[pair] = weights.get(pair, 0) + 1
        line = graph.first_line(importer=importer, imported=imported)
        candidate = Evidence(importer, line, f"imports {imported}")
        if pair not in evidence or (candidate.path, candidate.line) < (evidence[pair].path, evidence[pair].line):
            evidence[pair] = candidate
    return tuple(
        AreaEdge(importer=a, imported=b, weight=weights[(a, b)], evidence=evidence[(a, b)])
        for a, b in sorted(weights)
    )


def find_area_cycles(edges: tuple[AreaEdge, ...]) -> tuple[tuple[str, ...], ...]:
    """Groups of areas that import each other (strongly connected, size > 1)."""
    graph = nx.DiGraph()
    graph.add_edges_from((e.importer, e.imported) for e in edges)
    components = [tuple(sorted(c)) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return tuple(sorted(components))
