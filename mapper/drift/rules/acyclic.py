"""acyclic: no import cycles between files (``acyclic = true``).

One finding per group of files that import each other, named by its sorted members,
with the shortest cycle through the first of them as the chain.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding, Link
from mapper.drift.rules._imports import find_links

__all__ = ["AcyclicRule", "RULES"]


class AcyclicRule:
    id = "acyclic"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        if not settings.acyclic:
            return ()
        links = find_links(view)
        graph = nx.DiGraph()
        graph.add_edges_from((link.importer, link.imported) for link in links)
        by_pair = {(link.importer, link.imported): link for link in links}
        findings = []
        for members in sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1):
            chain = _shortest_cycle(members[0], set(members), by_pair)
            path = " -> ".join([chain[0].importer, *(link.imported for link in chain)])
            message = f"import cycle of {len(members)} files: {path}"
            findings.append(Finding(self.id, " ".join(members), message, chain[0].importer, chain[0].line, chain))
        return tuple(findings)


def _shortest_cycle(start: str, members: set[str], by_pair: dict[tuple[str, str], Link]) -> tuple[Link, ...]:
    successors: dict[str, list[str]] = {}
    for importer, imported in sorted(by_pair):
        if importer in members and imported in members:
            successors.setdefault(importer, []).append(imported)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for following in successors.get(current, ()):
            if following == start:
                hops = [current]
                while hops[-1] != start:
                    hops.append(came_from[hops[-1]])
                nodes = [*reversed(hops), start]
                return tuple(by_pair[(a, b)] for a, b in zip(nodes, nodes[1:]))
            if following not in came_from:
                came_from[following] = current
                queue.append(following)
    raise AssertionError(f"{start} is in a strongly connected component but on no cycle")


RULES = (AcyclicRule(),)
