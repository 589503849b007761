"""Use cases: build the map of a repository, write it, check it. Wires the stages together.

Everything between discover and write is a pure function of the snapshot and the
configuration; this module is where the adapters (disk reads, the write stage) are
plugged in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from mapper.analyze import analyze_repo
from mapper.discover import DiscoverConfig, discover_files
from mapper.graph import ImportGraph, build_import_graph
from mapper.graph.call_graph import CallGraph, build_call_graph
from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.model import Analysis, FileFacts, RepoSnapshot, ResolvedFile
from mapper.cache import FactCache, cache_header
from mapper.parse import ParseOptions, Progress, parse_sources
from mapper.render import DEFAULT_BUDGET, MapDocument, render_map
from mapper.render.sanitize import safe_summary
from mapper.resolve import resolve_imports
from mapper.write import CheckResult, check_block, write_block

__all__ = ["MapConfig", "MapBuild", "build_analysis", "build_map", "write_map", "check_map", "facts_as_json"]


@dataclass(frozen=True)
class MapConfig:
    budget: int = DEFAULT_BUDGET
    max_file_bytes: int = 1_000_000
    output: str = "CLAUDE.md"
    use_cache: bool = False  # the CLI turns it on; library calls stay side-effect free
    jobs: int = 0
    progress: Progress | None = None


@dataclass(frozen=True)
class MapBuild:
    snapshot: RepoSnapshot
    facts: tuple[FileFacts, ...]
    resolved: tuple[ResolvedFile, ...]
    graph: ImportGraph
    calls: CallGraph
    analysis: Analysis


def build_analysis(root: Path, config: MapConfig = MapConfig(), registry: LanguageRegistry | None = None) -> MapBuild:
    registry = registry or load_languages()
    snapshot = discover_files(root, registry, DiscoverConfig(max_file_bytes=config.max_file_bytes))
    cache = FactCache.open(root, cache_header(registry)) if config.use_cache else None
    facts = parse_sources(snapshot, registry, cache, ParseOptions(config.jobs, config.progress))
    resolved = resolve_imports(snapshot, facts, registry)
    graph = build_import_graph(tuple(f.path for f in facts), resolved)
    calls = build_call_graph(facts, resolved)
    analysis = analyze_repo(snapshot, facts, resolved, graph, calls, registry)
    return MapBuild(snapshot, facts, resolved, graph, calls, analysis)


def build_map(root: Path, config: MapConfig = MapConfig()) -> tuple[MapBuild, MapDocument]:
    build = build_analysis(root, config)
    document = render_map(build.analysis, tuple(f.path for f in build.facts), config.budget)
    return build, document


def output_path(root: Path, config: MapConfig) -> Path:
    output = Path(config.output)
    return output if output.is_absolute() else root / output


def write_map(root: Path, config: MapConfig) -> tuple[MapBuild, MapDocument, bool]:
    build, document = build_map(root, config)
    changed = write_block(output_path(root, config), document.block)
    return build, document, changed


def check_map(root: Path, config: MapConfig) -> tuple[MapDocument, CheckResult]:
    _, document = build_map(root, config)
    return document, check_block(output_path(root, config), document.block, config.output)


def facts_as_json(build: MapBuild) -> str:
    """The map's facts with their evidence, as stable JSON."""
    analysis = asdict(build.analysis)
    for module in analysis["modules"]:
        module["summary"] = safe_summary(module["summary"])
        module["rank"] = round(module["rank"], 6)
    payload = {
        "schema": "claude-map/facts/1",
        "analysis": analysis,
        "imports": [
            asdict(edge) for item in build.resolved for edge in item.imports
        ],
        "skipped": [asdict(s) for s in build.snapshot.skipped],
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
