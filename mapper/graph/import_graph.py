"""The file-level import graph, a thin typed wrapper over ``networkx.DiGraph``.

Queries follow grimp's naming: ``find_*`` returns a tuple, ``count_*`` an int. Edges
run importer -> imported and are added with keyword-only arguments so the
direction cannot be swapped by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from mapper.model import ResolvedFile

__all__ = ["ImportGraph", "build_import_graph"]


@dataclass
class ImportGraph:
    graph: nx.DiGraph

    def add_import(self, *, importer: str, imported: str, line: int) -> None:
        if self.graph.has_edge(importer, imported):
            lines = self.graph.edges[importer, imported]["lines"]
            if line not in lines:
                lines.append(line)
        else:
            self.graph.add_edge(importer, imported, lines=[line])

    def find_files(self) -> tuple[str, ...]:
        return tuple(sorted(self.graph.nodes))

    def find_importers(self, path: str) -> tuple[str, ...]:
        return tuple(sorted(self.graph.predecessors(path))) if path in self.graph else ()

    def find_imported(self, path: str) -> tuple[str, ...]:
        return tuple(sorted(self.graph.successors(path))) if path in self.graph else ()

    def first_line(self, *, importer: str, imported: str) -> int:
        return min(self.graph.edges[importer, imported]["lines"])

    def count_importers(self, path: str) -> int:
        return self.graph.in_degree(path) if path in self.graph else 0

    def count_imported(self, path: str) -> int:
        return self.graph.out_degree(path) if path in self.graph else 0

    def find_edges(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.graph.edges))

    def count_loaded(self, path: str) -> int:
        """The files ``path`` imports directly or through others."""
        return len(nx.descendants(self.graph, path)) if path in self.graph else 0


def build_import_graph(paths: tuple[str, ...], resolved: tuple[ResolvedFile, ...]) -> ImportGraph:
    graph = ImportGraph(nx.DiGraph())
    for path in sorted(paths):
        graph.graph.add_node(path)
    for item in resolved:
        for edge in item.imports:
            if edge.target is not None:
                graph.add_import(importer=item.path, imported=edge.target, line=edge.line)
    return graph
