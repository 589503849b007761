"""Use cases: build the map of a repository, write it, check it. Wires the stages together.

Everything between discover and write is a pure function of the snapshot and the
configuration; this module is where the adapters (disk reads, the caches, the write
stage) are plugged in.

The analysis stages (tree-sitter, networkx, jinja2) are imported only when a run
needs them: a pre-commit hook on an unchanged tree answers from the result cache
after discover alone, and importing them would cost it more than the whole answer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from mapper import __version__
from mapper.cache import (
    CachedResult, FactCache, cache_header, load_known_sources, load_result, save_known_sources, save_result,
)
from mapper.discover import DiscoverConfig, discover_files
from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.model import Analysis, FileFacts, RepoSnapshot, ResolvedFile
from mapper.write import CheckResult, check_block, write_block

if TYPE_CHECKING:
    from mapper.graph import ImportGraph
    from mapper.graph.call_graph import CallGraph
    from mapper.render import MapDocument

__all__ = [
    "MapConfig", "MapBuild", "MapOutcome", "build_analysis", "build_map", "write_map", "check_map",
    "facts_as_json", "DEFAULT_BUDGET",
]

# Sized for a 32k-context local model: Claude Code's own prompt takes 12-14k tokens,
# leaving 11-13k for CLAUDE.md, files and turns (see STACK_FACTS.md).
DEFAULT_BUDGET = 3000


@dataclass(frozen=True)
class MapConfig:
    budget: int = DEFAULT_BUDGET
    max_file_bytes: int = 1_000_000
    output: str = "CLAUDE.md"
    use_cache: bool = False  # the CLI turns it on; library calls stay side-effect free
    jobs: int = 0
    progress: Callable[[int, int], None] | None = None


@dataclass(frozen=True)
class MapBuild:
    snapshot: RepoSnapshot
    facts: tuple[FileFacts, ...]
    resolved: tuple[ResolvedFile, ...]
    graph: "ImportGraph"
    calls: "CallGraph"
    analysis: Analysis


@dataclass(frozen=True)
class MapOutcome:
    """What the write and check use cases need: the block and how many files it maps."""

    block: str
    tokens: int
    files: int


def build_analysis(root: Path, config: MapConfig = MapConfig(), registry: LanguageRegistry | None = None) -> MapBuild:
    registry = registry or load_languages()
    header = cache_header(registry) if config.use_cache else ""
    snapshot = _discover(root, registry, config, header)
    return _analyze_snapshot(snapshot, registry, config, header)


def _discover(root: Path, registry: LanguageRegistry, config: MapConfig, header: str) -> RepoSnapshot:
    """Discover, with the cache's list of known plain sources so they are not sniffed again."""
    discover_config = DiscoverConfig(max_file_bytes=config.max_file_bytes)
    if not header:
        return discover_files(root, registry, discover_config)
    known = load_known_sources(root, header)
    snapshot = discover_files(root, registry, discover_config, known)
    current = {s.path: (s.size, s.mtime_ns) for s in snapshot.sources}
    if current != known:
        save_known_sources(root, header, current)
    return snapshot


def _analyze_snapshot(snapshot: RepoSnapshot, registry: LanguageRegistry, config: MapConfig, header: str) -> MapBuild:
    from mapper.parse import ParseOptions, parse_sources

    # No reference to the cache outlives parsing: its encoded entries (a fifth of the
    # peak memory on a large tree) are freed before the analysis builds its graphs.
    facts = parse_sources(snapshot, registry, FactCache.open(snapshot.root, header) if header else None,
                          ParseOptions(config.jobs, config.progress))
    return _analyze_facts(snapshot, registry, facts)


def _analyze_facts(snapshot: RepoSnapshot, registry: LanguageRegistry, facts: tuple[FileFacts, ...]) -> MapBuild:
    from mapper.analyze import analyze_repo
    from mapper.graph import build_import_graph
    from mapper.graph.call_graph import build_call_graph
    from mapper.resolve import resolve_imports
    from mapper.resolve.names import name_resolvers

    resolved = resolve_imports(snapshot, facts, registry)
    graph = build_import_graph(tuple(f.path for f in facts), resolved)
    names = name_resolvers(resolved)
    calls = build_call_graph(facts, names)
    from mapper.render.sanitize import clean_analysis

    # The one boundary for repository text: the map, explain and JSON all read this.
    analysis = clean_analysis(analyze_repo(snapshot, facts, resolved, names, graph, calls, registry))
    return MapBuild(snapshot, facts, resolved, graph, calls, analysis)


def build_map(root: Path, config: MapConfig = MapConfig()) -> tuple[MapBuild, "MapDocument"]:
    from mapper.render import render_map

    build = build_analysis(root, config)
    document = render_map(build.analysis, tuple(f.path for f in build.facts), config.budget)
    return build, document


def produce_block(root: Path, config: MapConfig) -> MapOutcome:
    """The map block, from the result cache when nothing it depends on has changed.

    Two fingerprints decide that: the files' sizes and mtimes (nothing was touched:
    no file is read), then their facts (files were touched but every fact is as it
    was: only the touched files are parsed). Either way the block is the one a full
    run would make, because the analysis reads nothing else.
    """
    from mapper.parse import ParseOptions, read_cached_facts, refresh_cache

    registry = load_languages()
    if not config.use_cache:
        return _render_block(_analyze_snapshot(_discover(root, registry, config, ""), registry, config, ""), config)
    header = cache_header(registry)
    snapshot = _discover(root, registry, config, header)
    fingerprint = snapshot_fingerprint(snapshot, config, header)
    cached = load_result(root)
    if cached is not None and cached.fingerprint == fingerprint:
        return MapOutcome(cached.block, cached.tokens, cached.files)
    cache = FactCache.open(root, header)
    refreshed = refresh_cache(snapshot, registry, cache, ParseOptions(config.jobs, config.progress))
    facts_key = facts_fingerprint(snapshot, config, header, refreshed.facts_digests)
    if cached is not None and cached.facts_key == facts_key:
        save_result(root, replace(cached, fingerprint=fingerprint))
        return MapOutcome(cached.block, cached.tokens, cached.files)
    facts = read_cached_facts(snapshot, registry, cache, refreshed)
    cache.release()  # its entries are a fifth of the peak memory of what follows
    outcome = _render_block(_analyze_facts(snapshot, registry, facts), config)
    save_result(root, CachedResult(fingerprint, facts_key, outcome.block, outcome.tokens, outcome.files))
    return outcome


def _render_block(build: MapBuild, config: MapConfig) -> MapOutcome:
    from mapper.render import render_map

    document = render_map(build.analysis, tuple(f.path for f in build.facts), config.budget)
    return MapOutcome(document.block, document.tokens, len(build.facts))


def snapshot_fingerprint(snapshot: RepoSnapshot, config: MapConfig, header: str) -> str:
    """Everything the block depends on: version, grammars, queries, budget, and every
    mapped file's path, size and mtime, manifest text and skipped path."""
    digest = _structure_digest(snapshot, config, header)
    for source in snapshot.sources:
        digest.update(_encode(f"s\0{source.path}\0{source.size}\0{source.mtime_ns}\0"))
    return digest.hexdigest()


def facts_fingerprint(snapshot: RepoSnapshot, config: MapConfig, header: str, facts_digests: dict[str, str]) -> str:
    """The same, with each file's facts in place of its size and mtime."""
    digest = _structure_digest(snapshot, config, header)
    for source in snapshot.sources:
        digest.update(_encode(f"f\0{source.path}\0{source.language}\0{facts_digests.get(source.path, '')}\0"))
    return digest.hexdigest()


def _structure_digest(snapshot: RepoSnapshot, config: MapConfig, header: str) -> Any:
    digest = hashlib.sha256()
    digest.update(_encode(f"{__version__}\0{header}\0{config.budget}\0{config.max_file_bytes}\0{snapshot.name}\0"))
    for manifest in snapshot.manifests:
        digest.update(_encode(f"m\0{manifest.path}\0{manifest.text}\0"))
    for item in snapshot.skipped:
        digest.update(_encode(f"k\0{item.path}\0{item.reason}\0"))
    for other in snapshot.other_files:
        digest.update(_encode(f"o\0{other}\0"))
    return digest


def _encode(text: str) -> bytes:
    # Paths git could not decode keep their bytes as surrogates (see discover).
    return text.encode("utf-8", "surrogateescape")


def output_path(root: Path, config: MapConfig) -> Path:
    output = Path(config.output)
    return output if output.is_absolute() else root / output


def write_map(root: Path, config: MapConfig) -> tuple[MapOutcome, bool]:
    outcome = produce_block(root, config)
    changed = write_block(output_path(root, config), outcome.block)
    return outcome, changed


def check_map(root: Path, config: MapConfig) -> tuple[MapOutcome, CheckResult]:
    outcome = produce_block(root, config)
    return outcome, check_block(output_path(root, config), outcome.block, config.output)


def facts_as_json(build: MapBuild) -> str:
    """The map's facts with their evidence, as stable JSON."""
    from mapper.render.sanitize import clean_records, safe_route_path, safe_subcommand, safe_summary

    analysis = asdict(build.analysis)  # cleaned at the boundary (_analyze_facts)
    for module in analysis["modules"]:
        module["summary"] = safe_summary(module["summary"])  # one sentence, as the map shows it
        module["rank"] = round(module["rank"], 6)
    analysis["routes"] = [r for r in analysis["routes"] if safe_route_path(r["path"])]
    analysis["subcommands"] = [asdict(c) for c in build.analysis.subcommands if safe_subcommand(c)]
    payload = {
        "schema": "claude-map/facts/1",
        "analysis": analysis,
        "imports": [asdict(edge) for edge in clean_records(tuple(e for item in build.resolved for e in item.imports))],
        "skipped": [asdict(s) for s in clean_records(build.snapshot.skipped)],
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
