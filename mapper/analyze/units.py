"""Package units: files that the import graph cannot tell apart.

In Go (and wherever imports name a package or namespace rather than a file, as C#'s
``using`` does), importing a package links the importer to every file of it, so all
its files share one fan-in and one rank: Key modules would give each file a row of
its own saying the same "(in 31)". Found by structure, not by language: files of one
folder whose importers are exactly the same (and some) form one unit, when an import
line reaches them together. Files that one file includes line by line (lua's
onelua.c, an amalgamation that #includes every .c file) are no package.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from mapper.graph.import_graph import ImportGraph
from mapper.model import ModuleInfo

__all__ = ["mark_package_units"]

MIN_UNIT_FILES = 3


def mark_package_units(modules: tuple[ModuleInfo, ...], graph: ImportGraph) -> tuple[ModuleInfo, ...]:
    """``modules`` with ``unit`` set to the folder for files of a package unit."""
    by_key: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    reached_together = _reached_with_a_neighbour(graph)
    for module in modules:
        importers = graph.find_importers(module.path)
        if importers and module.path in reached_together:
            directory = module.path.rpartition("/")[0]
            by_key[(directory, importers)].append(module.path)
    # Two files that one file happens to import both are not yet a package: a unit
    # needs three files, or two that several files import together.
    unit_of = {
        path: directory or "."
        for (directory, importers), paths in by_key.items()
        if len(paths) >= MIN_UNIT_FILES or (len(paths) > 1 and len(importers) > 1)
        for path in paths
    }
    if not unit_of:
        return modules
    return tuple(replace(m, unit=unit_of[m.path]) if m.path in unit_of else m for m in modules)


def _reached_with_a_neighbour(graph: ImportGraph) -> frozenset[str]:
    """Files that some import line reaches together with another file of their folder."""
    reached: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    for importer, imported in graph.find_edges():
        for line in graph.graph.edges[importer, imported]["lines"]:
            reached[(importer, line, imported.rpartition("/")[0])].add(imported)
    return frozenset(path for paths in reached.values() if len(paths) > 1 for path in paths)
