"""Rank files by centrality: PageRank over import (and reference) edges.

Implemented as a plain power iteration over sorted nodes rather than ``nx.pagerank``,
which needs scipy (30+ MB in a pre-commit environment) and whose float summation
order depends on dict insertion. Ranks are then bucketed on a log scale so that a
small code change does not reshuffle the map's lists.
"""

from __future__ import annotations

import math
from operator import sub

__all__ = ["pagerank", "rank_bucket", "DAMPING", "ITERATIONS", "BUCKETS_PER_DOUBLING"]

DAMPING = 0.85
ITERATIONS = 60
TOLERANCE = 1e-10
# Two buckets per doubling: ranks within ~41% of each other tie, and ties are broken
# by path, so noise in the last digits never reorders a list.
BUCKETS_PER_DOUBLING = 2


def pagerank(
    nodes: tuple[str, ...],
    weighted_edges: dict[tuple[str, str], float],
    personalization: dict[str, float] | None = None,
) -> dict[str, float]:
    """PageRank where an edge ``(a, b)`` passes rank from ``a`` to ``b``."""
    order = sorted(nodes)
    if not order:
        return {}
    index = {node: i for i, node in enumerate(order)}
    outgoing: list[list[tuple[int, float]]] = [[] for _ in order]
    for (source, target), weight in sorted(weighted_edges.items()):
        if source in index and target in index and source != target and weight > 0:
            outgoing[index[source]].append((index[target], weight))
    totals = [sum(w for _, w in edges) for edges in outgoing]
    dangling_nodes = [i for i, total in enumerate(totals) if total == 0]
    # Only nodes with out-edges pass rank on; in node order, as before, so each
    # node's rank is summed in the same order (to the same floats).
    passing = [(i, totals[i], edges) for i, edges in enumerate(outgoing) if totals[i]]
    teleport = _teleport(order, personalization)
    rank = list(teleport)
    for _ in range(ITERATIONS):
        dangling = sum(rank[i] for i in dangling_nodes)
        base = 1 - DAMPING + DAMPING * dangling
        new = [base * t for t in teleport]
        for i, total, edges in passing:
            share = DAMPING * rank[i] / total
            for j, weight in edges:
                new[j] += share * weight
        delta = sum(map(abs, map(sub, new, rank)))
        rank = new
        if delta < TOLERANCE:
            break
    return {node: rank[i] for i, node in enumerate(order)}


def _teleport(order: list[str], personalization: dict[str, float] | None) -> list[float]:
    if personalization:
        raw = [max(personalization.get(node, 0.0), 0.0) for node in order]
        total = sum(raw)
        if total > 0:
            return [value / total for value in raw]
    return [1.0 / len(order)] * len(order)


def rank_bucket(rank: float, smallest: float) -> int:
    """A coarse, stable bucket: higher is more central."""
    if rank <= 0 or smallest <= 0:
        return 0
    return int(math.floor(math.log2(rank / smallest) * BUCKETS_PER_DOUBLING + 1e-9))
