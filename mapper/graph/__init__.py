"""Stage 4, graph: the import graph, its areas, cycles and centrality."""

from mapper.graph.areas import area_of, condense_areas, find_area_cycles
from mapper.graph.import_graph import ImportGraph, build_import_graph
from mapper.graph.ranking import pagerank, rank_bucket

__all__ = [
    "ImportGraph", "build_import_graph", "area_of", "condense_areas", "find_area_cycles",
    "pagerank", "rank_bucket",
]
