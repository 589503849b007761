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
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from mapper import __version__
from mapper.cache import (
    CachedResult, FactCache, cache_header, load_known_sources, load_result, save_known_sources, save_result,
)
from mapper.config import Settings, load_settings
from mapper.discover import DiscoverConfig, discover_files
from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.model import Analysis, FileFacts, RepoSnapshot, ResolvedFile
from mapper.write import CheckResult, add_import_line, check_block, has_import_line, holds_block, write_block

if TYPE_CHECKING:
    from mapper.graph import ImportGraph
    from mapper.nested import DirectoryMap
    from mapper.graph.call_graph import CallGraph
    from mapper.render import MapDocument

__all__ = [
    "MapConfig", "MapFlags", "map_config", "map_configs", "MapsReport", "ManagedFile", "write_maps", "check_maps",
    "produce_blocks", "DEFAULT_DIRECTORY_BUDGET", "MapBuild", "MapOutcome", "analysis_key", "build_analysis",
    "build_map", "write_map", "check_map",
    "facts_as_json", "DEFAULT_BUDGET",
]

# Sized for a 32k-context local model: Claude Code's own prompt takes 12-14k tokens,
# leaving 11-13k for CLAUDE.md, files and turns (see STACK_FACTS.md).
DEFAULT_BUDGET = 3000
# A directory's map (explain DIR/, nested CLAUDE.md): Claude Code loads it next to the
# root map, so half of it.
DEFAULT_DIRECTORY_BUDGET = 1500


@dataclass(frozen=True)
class MapConfig:
    budget: int = DEFAULT_BUDGET
    max_file_bytes: int = 1_000_000
    outputs: tuple[str, ...] = ("CLAUDE.md",)  # files written, relative to each mapped directory
    use_cache: bool = False  # the CLI turns it on; library calls stay side-effect free
    jobs: int = 0
    progress: Callable[[int, int], None] | None = None
    exclude: tuple[str, ...] = ()  # path globs (gitignore syntax) left out of the map
    nested: tuple[str, ...] = ()  # directory globs (or "auto") that get a nested map
    nested_budget: int = DEFAULT_DIRECTORY_BUDGET

    @property
    def output(self) -> str:
        """The first output: the file the root map names for nested maps."""
        return self.outputs[0]


@dataclass(frozen=True)
class MapFlags:
    """What the command line said; ``None`` where it said nothing (settings, then defaults, apply)."""

    budget: int | None = None
    output: str | None = None
    max_file_bytes: int | None = None
    use_cache: bool = True
    jobs: int = 0
    progress: Callable[[int, int], None] | None = None
    outputs: tuple[str, ...] = ()  # --output given more than once (``output`` is the one-file form)
    nested: tuple[str, ...] = ()  # --nested GLOB, repeatable ("auto" allowed)
    nested_budget: int | None = None


def map_config(root: Path, flags: MapFlags) -> MapConfig:
    """Command-line flags over the repository's settings over defaults.

    Raises:
        ConfigError: the settings file holds bad keys.
    """
    settings = load_settings(root) if root.is_dir() else Settings()
    default = MapConfig()
    given = flags.outputs or ((flags.output,) if flags.output is not None else ())
    settings_nested = (settings.nested,) if isinstance(settings.nested, str) else settings.nested or ()
    return MapConfig(
        budget=_first_given(flags.budget, settings.budget, default.budget),
        max_file_bytes=_first_given(flags.max_file_bytes, settings.max_file_bytes, default.max_file_bytes),
        outputs=tuple(dict.fromkeys(given or settings.outputs or default.outputs)),
        use_cache=flags.use_cache,
        jobs=flags.jobs,
        progress=flags.progress,
        exclude=settings.exclude,
        nested=tuple(dict.fromkeys(flags.nested or settings_nested)),
        nested_budget=_first_given(flags.nested_budget, default.nested_budget),
    )


def map_configs(root: Path, flags: MapFlags) -> tuple[MapConfig, ...]:
    """One MapConfig per output file (for callers that handle one file at a time)."""
    config = map_config(root, flags)
    return tuple(replace(config, outputs=(output,)) for output in config.outputs)


def _first_given(*values: Any) -> Any:
    return next(value for value in values if value is not None)


@dataclass(frozen=True)
class MapBuild:
    snapshot: RepoSnapshot
    facts: tuple[FileFacts, ...]
    resolved: tuple[ResolvedFile, ...]
    graph: "ImportGraph"
    calls: "CallGraph"
    analysis: Analysis
    registry: LanguageRegistry


@dataclass(frozen=True)
class MapOutcome:
    """What the write and check use cases need: the block and how many files it maps."""

    block: str
    tokens: int
    files: int
    directory: str = ""  # '' for the root map, else the directory of a nested map


def build_analysis(root: Path, config: MapConfig = MapConfig(), registry: LanguageRegistry | None = None) -> MapBuild:
    registry = registry or load_languages()
    header = cache_header(registry) if config.use_cache else ""
    snapshot = _discover(root, registry, config, header)
    return _analyze_snapshot(snapshot, registry, config, header)


def _discover(root: Path, registry: LanguageRegistry, config: MapConfig, header: str) -> RepoSnapshot:
    """Discover, with the cache's list of known plain sources so they are not sniffed again."""
    discover_config = DiscoverConfig(max_file_bytes=config.max_file_bytes)
    if not header:
        return _without_excluded(discover_files(root, registry, discover_config), config.exclude)
    known = load_known_sources(root, header)
    snapshot = _without_excluded(discover_files(root, registry, discover_config, known), config.exclude)
    current = {s.path: (s.size, s.mtime_ns) for s in snapshot.sources}
    if current != known:
        save_known_sources(root, header, current)
    return snapshot


def _without_excluded(snapshot: RepoSnapshot, exclude: tuple[str, ...]) -> RepoSnapshot:
    """The snapshot without the paths the settings' ``exclude`` globs name."""
    if not exclude:
        return snapshot
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(exclude)
    return replace(
        snapshot,
        sources=tuple(s for s in snapshot.sources if not spec.match_file(s.path)),
        manifests=tuple(m for m in snapshot.manifests if not spec.match_file(m.path)),
        other_files=tuple(o for o in snapshot.other_files if not spec.match_file(o)),
        skipped=tuple(k for k in snapshot.skipped if not spec.match_file(k.path)),
    )


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
    return MapBuild(snapshot, facts, resolved, graph, calls, analysis, registry)


def build_map(root: Path, config: MapConfig = MapConfig()) -> tuple[MapBuild, "MapDocument"]:
    build = build_analysis(root, config)
    return build, _render_documents(build, config)[0]


def _render_documents(build: MapBuild, config: MapConfig) -> tuple["MapDocument", tuple["DirectoryMap", ...]]:
    """The root map and the nested maps, all from one analysis.

    The root's header names the zoom command when it cannot name every file, and the
    nested files whenever there are any. With ``nested = "auto"``, which areas need a
    map of their own depends on whether the root map names every file: the root is
    rendered first without the nested line, then again with it.
    """
    from mapper.nested import NESTED_AUTO, ZOOM_COMMAND_LINE, nested_files_line, render_nested
    from mapper.render import ZoomHint, render_map

    paths = tuple(f.path for f in build.facts)
    hint = ZoomHint(when_incomplete=ZOOM_COMMAND_LINE)
    nested: tuple["DirectoryMap", ...] = ()
    if config.nested and NESTED_AUTO not in config.nested:
        nested = render_nested(build, config.nested, frozenset(), config.nested_budget)
    document = None
    if not nested:
        document = render_map(build.analysis, paths, config.budget, zoom=hint)
        if config.nested:
            nested = render_nested(build, config.nested, document.left_out, config.nested_budget, document.named)
    if nested:
        hint = ZoomHint(ZOOM_COMMAND_LINE, nested_files_line(tuple(n.directory for n in nested), config.output))
        document = render_map(build.analysis, paths, config.budget, zoom=hint)
    assert document is not None
    return document, nested


def produce_block(root: Path, config: MapConfig) -> MapOutcome:
    """The root map block (see ``produce_blocks``)."""
    return produce_blocks(root, config)[0]


def produce_blocks(root: Path, config: MapConfig) -> tuple[MapOutcome, ...]:
    """The root map block and each nested one, root first (see ``_produce``)."""
    return _produce(root, config)[0]


def _produce(root: Path, config: MapConfig) -> tuple[tuple[MapOutcome, ...], RepoSnapshot]:
    """The root map block and each nested one (root first), from the result cache
    when nothing they depend on has changed; and the snapshot they were made from.

    Two fingerprints decide that: the files' sizes and mtimes (nothing was touched:
    no file is read), then their facts (files were touched but every fact is as it
    was: only the touched files are parsed). Either way the block is the one a full
    run would make, because the analysis reads nothing else.
    """
    registry = load_languages()
    if not config.use_cache:
        snapshot = _discover(root, registry, config, "")
        return _render_blocks(_analyze_snapshot(snapshot, registry, config, ""), config), snapshot
    header = cache_header(registry)
    snapshot = _discover(root, registry, config, header)
    fingerprint = snapshot_fingerprint(snapshot, config, header)
    cached = load_result(root)
    if cached is not None and cached.fingerprint == fingerprint:
        return _cached_outcomes(cached), snapshot
    # Only now is parsing (and tree-sitter) needed: a warm run never imports it.
    from mapper.parse import ParseOptions, read_cached_facts, refresh_cache

    cache = FactCache.open(root, header)
    refreshed = refresh_cache(snapshot, registry, cache, ParseOptions(config.jobs, config.progress))
    facts_key = facts_fingerprint(snapshot, config, header, refreshed.facts_digests)
    if cached is not None and cached.facts_key == facts_key:
        save_result(root, replace(cached, fingerprint=fingerprint))
        return _cached_outcomes(cached), snapshot
    facts = read_cached_facts(snapshot, registry, cache, refreshed)
    cache.release()  # its entries are a fifth of the peak memory of what follows
    outcomes = _render_blocks(_analyze_facts(snapshot, registry, facts), config)
    top, nested = outcomes[0], outcomes[1:]
    save_result(root, CachedResult(fingerprint, facts_key, top.block, top.tokens, top.files,
                                   tuple((o.directory, o.block, o.tokens, o.files) for o in nested)))
    return outcomes, snapshot


def analysis_key(root: Path, config: MapConfig) -> str:
    """A digest of everything the analysis reads (each file's facts, manifests, settings):
    two trees with one key have one analysis. Parses only what the facts cache lacks."""
    from mapper.parse import ParseOptions, refresh_cache

    registry = load_languages()
    header = cache_header(registry)
    snapshot = _discover(root, registry, config, header)
    cache = FactCache.open(root, header)
    refreshed = refresh_cache(snapshot, registry, cache, ParseOptions(config.jobs, config.progress))
    return facts_fingerprint(snapshot, config, header, refreshed.facts_digests)


def _cached_outcomes(cached: CachedResult) -> tuple[MapOutcome, ...]:
    return (MapOutcome(cached.block, cached.tokens, cached.files),
            *(MapOutcome(block, tokens, files, directory) for directory, block, tokens, files in cached.nested))


def _render_blocks(build: MapBuild, config: MapConfig) -> tuple[MapOutcome, ...]:
    document, nested = _render_documents(build, config)
    return (MapOutcome(document.block, document.tokens, len(build.facts)),
            *(MapOutcome(n.document.block, n.document.tokens, n.files, n.directory) for n in nested))


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
    # The root map names the nested maps' files, so their settings count too.
    digest.update(_encode(f"n\0{config.output}\0{config.nested_budget}\0{chr(31).join(config.nested)}\0"))
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


@dataclass(frozen=True)
class ManagedFile:
    """One file claude-map keeps a block in, and how it stands after the run."""

    name: str  # as the user sees it: 'CLAUDE.md', 'packages/web/AGENTS.md'
    tokens: int
    files: int
    changed: bool  # written (write) or stale (check)
    diff: str = ""  # check: the unified diff when stale


@dataclass(frozen=True)
class MapsReport:
    """What a run did to every file it manages, and what the user should know about."""

    files: tuple[ManagedFile, ...]  # root first; a file reached twice (a symlink) once
    orphans: tuple[str, ...]  # blocks in directories no nested pattern matches any more
    missing_imports: tuple[str, ...]  # CLAUDE.md files that do not import the output holding the map
    imports_added: tuple[str, ...] = ()


def write_maps(root: Path, config: MapConfig, add_imports: bool = False) -> MapsReport:
    """Write the root block and every nested one into each output file (atomically)."""
    outcomes, snapshot = _produce(root, config)
    files = tuple(
        ManagedFile(name, outcome.tokens, outcome.files, write_block(path, outcome.block))
        for name, path, outcome in _targets(root, config, outcomes)
    )
    missing = _missing_imports(root, config, outcomes)
    added = ()
    if add_imports and missing:
        for name, imported in missing:
            add_import_line(root / name, imported)
        added, missing = tuple(name for name, _ in missing), ()
    return MapsReport(files, _orphans(root, config, outcomes, snapshot), tuple(n for n, _ in missing), added)


def check_maps(root: Path, config: MapConfig) -> MapsReport:
    """Compare every managed file with what a write would put there; write nothing."""
    outcomes, snapshot = _produce(root, config)
    files = []
    for name, path, outcome in _targets(root, config, outcomes):
        result = check_block(path, outcome.block, name)
        files.append(ManagedFile(name, outcome.tokens, outcome.files, not result.fresh, result.diff))
    missing = _missing_imports(root, config, outcomes)
    return MapsReport(tuple(files), _orphans(root, config, outcomes, snapshot), tuple(n for n, _ in missing))


def _targets(root: Path, config: MapConfig, outcomes: tuple[MapOutcome, ...]):
    """(name, path, outcome) for each output of each map; a file that two outputs
    reach (CLAUDE.md a symlink to AGENTS.md) is written once, through the link."""
    seen: set[str] = set()
    for outcome in outcomes:
        for output in config.outputs:
            path = _directory_output(root, outcome.directory, output)
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            yield _display_name(root, path), path, outcome


def _directory_output(root: Path, directory: str, output: str) -> Path:
    named = Path(output)
    if named.is_absolute():
        return named if not directory else root / directory / named.name
    return root / directory / named if directory else root / named


def _display_name(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


_CLAUDE_FILE = "CLAUDE.md"


def _missing_imports(root: Path, config: MapConfig, outcomes: tuple[MapOutcome, ...]) -> tuple[tuple[str, str], ...]:
    """(CLAUDE.md, output) where the map goes to another file (AGENTS.md) and an existing
    CLAUDE.md, which Claude Code reads instead of it, does not import that file."""
    if _CLAUDE_FILE in config.outputs or Path(config.output).is_absolute():
        return ()
    missing = []
    for outcome in outcomes:
        claude = _directory_output(root, outcome.directory, _CLAUDE_FILE)
        written = _directory_output(root, outcome.directory, config.output)
        if not claude.is_file() or os.path.realpath(claude) == os.path.realpath(written):
            continue
        if not has_import_line(claude, config.output):
            missing.append((_display_name(root, claude), config.output))
    return tuple(missing)


def _orphans(root: Path, config: MapConfig, outcomes: tuple[MapOutcome, ...], snapshot: RepoSnapshot) -> tuple[str, ...]:
    """Output files below the root that hold a block no map targets any more."""
    targeted = {o.directory for o in outcomes}
    names = {Path(o).name for o in config.outputs}
    candidates = list(snapshot.other_files) + [s.path for s in snapshot.skipped if s.reason == "symlink"]
    found = []
    for path in sorted(set(candidates)):
        directory, _, name = path.rpartition("/")
        if directory and name in names and directory not in targeted and holds_block(root / path):
            found.append(path)
    return tuple(found)


def facts_as_json(build: MapBuild, directory: str = "") -> str:
    """The map's facts with their evidence, as stable JSON; with ``directory``, the
    facts of that directory (its analysis scoped to it, and its files' imports)."""
    from mapper.render.sanitize import clean_records, safe_route_path, safe_subcommand, safe_summary

    source = build.analysis  # cleaned at the boundary (_analyze_facts)
    payload: dict[str, Any] = {"schema": "claude-map/facts/1"}
    if directory:
        from mapper.analyze.scope import in_directory, normalise_directory, scope_analysis

        directory = normalise_directory(directory)

        scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, directory)
        source, payload["directory"] = scoped.analysis, scoped.directory
    inside = (lambda path: in_directory(path, directory)) if directory else (lambda path: True)
    analysis = asdict(source)
    for module in analysis["modules"]:
        module["summary"] = safe_summary(module["summary"])  # one sentence, as the map shows it
        module["rank"] = round(module["rank"], 6)
    analysis["routes"] = [r for r in analysis["routes"] if safe_route_path(r["path"])]
    analysis["subcommands"] = [asdict(c) for c in source.subcommands if safe_subcommand(c)]
    payload.update({
        "analysis": analysis,
        "imports": [asdict(edge) for edge in clean_records(tuple(
            e for item in build.resolved if inside(item.path) for e in item.imports))],
        "skipped": [asdict(s) for s in clean_records(tuple(s for s in build.snapshot.skipped if inside(s.path)))],
    })
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
