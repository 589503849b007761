"""Import edges between repository files, as the rules query them."""

from __future__ import annotations

from collections import deque
from typing import Callable, Iterable

from mapper.drift.model import ArchitectureView, Link

__all__ = ["find_links", "find_nearest_chains"]


def find_links(view: ArchitectureView) -> tuple[Link, ...]:
    """One link per (importer, imported) pair of files, at its first line, sorted."""
    first: dict[tuple[str, str], int] = {}
    for edge in view.imports:
        if edge.target is None or edge.target == edge.importer:
            continue
        pair = (edge.importer, edge.target)
        first[pair] = min(first.get(pair, edge.line), edge.line)
    return tuple(Link(a, b, first[(a, b)]) for a, b in sorted(first))


def find_nearest_chains(
    links: Iterable[Link], targets: dict[str, Link | None], stop: Callable[[str], bool]
) -> dict[str, tuple[Link, ...]]:
    """For each file that reaches a target, its shortest import chain to one.

    ``targets`` maps a target file to the link that ends the chain there (an import of
    an external package), or to None when reaching the file itself is the point.
    Chains do not pass through files for which ``stop`` is true: such a file is where a
    chain starts, so the first offending import is reported once, not again from every
    file that imports it.
    """
    importers: dict[str, list[Link]] = {}
    for link in links:
        importers.setdefault(link.imported, []).append(link)
    next_hop: dict[str, tuple[Link, ...]] = {}
    queue: deque[str] = deque()
    for target in sorted(targets):
        end = targets[target]
        next_hop[target] = (end,) if end is not None else ()
        queue.append(target)
    while queue:
        current = queue.popleft()
        if stop(current) and next_hop[current]:
            continue
        for link in sorted(importers.get(current, ()), key=lambda l: (l.importer, l.line)):
            if link.importer not in next_hop:
                next_hop[link.importer] = (link, *next_hop[current])
                queue.append(link.importer)
    return {path: chain for path, chain in next_hop.items() if chain}
