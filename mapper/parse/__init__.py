"""Stage 2, parse/extract: every source file of a snapshot -> ``FileFacts``.

Cached facts are reused by content hash; the rest is parsed in this process, or in a
pool of worker processes when there is enough uncached source to pay for starting
them (parsing holds the GIL, so threads would not help). With a cache this is two
steps: ``refresh_cache`` parses what the cache lacks and tells each file's facts
digest, which is enough to see that no fact changed; ``read_cached_facts`` then
decodes them all for the analysis.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mapper.cache import FactCache, content_digest, facts_digest
from mapper.cache.codec import decode_facts, encode_facts
from mapper.gc_tuning import tune_for_batch_work
from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.model import FileFacts, RepoSnapshot, SourceFile
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader

__all__ = [
    "parse_sources", "refresh_cache", "read_cached_facts", "CachedParse", "ParseOptions", "Progress",
    "PARALLEL_MIN_BYTES", "CHUNK_FILES",
]

Progress = Callable[[int, int], None]  # (files done, files total)
# Below this much uncached source, starting workers costs more than it saves.
PARALLEL_MIN_BYTES = 3_000_000
CHUNK_FILES = 64


@dataclass(frozen=True)
class ParseOptions:
    jobs: int = 0  # 0: one per CPU; 1: never start workers
    progress: Progress | None = None


@dataclass(frozen=True)
class _Parsed:
    """One parsed file. A worker sends its facts encoded (``encoded``, ``facts`` None),
    with their digest: plain lists cross the process boundary several times faster
    than dataclasses, and they are the cache's own form, so the parent stores them
    as they are."""

    path: str
    facts: FileFacts | None
    encoded: list | None
    size: int
    mtime_ns: int
    digest: str
    facts_digest: str = ""

    def decoded(self) -> FileFacts:
        return self.facts if self.facts is not None else decode_facts(self.path, self.encoded)

    def cacheable(self) -> bool:
        # Facts of a file whose grammar is missing say only that; cached, they would
        # come back without the flag and the map would stop saying so.
        return bool(self.digest) and not (self.facts is not None and self.facts.grammar_missing)

    def in_cache_form(self) -> list:
        return self.encoded if self.encoded is not None else encode_facts(self.facts)


@dataclass(frozen=True)
class CachedParse:
    """The cache brought up to date with a tree (``refresh_cache``): every source
    file's facts digest, and the facts already in memory: files parsed in this
    process, and files the cache does not hold (a missing grammar, an unreadable file)."""

    facts_digests: dict[str, str]
    in_memory: dict[str, FileFacts]


def parse_sources(
    snapshot: RepoSnapshot,
    registry: LanguageRegistry,
    cache: FactCache | None = None,
    options: ParseOptions = ParseOptions(),
) -> tuple[FileFacts, ...]:
    if cache is None:
        parsed = {p.path: p.decoded() for p in _parse_all(snapshot.root, list(snapshot.sources), registry,
                                                          options, done=0, total=len(snapshot.sources))}
        return tuple(parsed[s.path] for s in snapshot.sources)
    return read_cached_facts(snapshot, registry, cache, refresh_cache(snapshot, registry, cache, options))


def refresh_cache(
    snapshot: RepoSnapshot, registry: LanguageRegistry, cache: FactCache, options: ParseOptions = ParseOptions()
) -> CachedParse:
    """Parse what the cache does not know (in workers when it is much) and store it.

    A file is known by its size and mtime, or else by its content digest (a checkout
    touched it without changing it). Nothing is decoded here: a tree whose facts all
    stayed the same is answered from these digests alone."""
    digests: dict[str, str] = {}
    todo: list[SourceFile] = []
    for source in snapshot.sources:
        known = _known_facts_digest(snapshot.root, source, cache)
        if known is not None:
            digests[source.path] = known
        else:
            todo.append(source)
    in_memory: dict[str, FileFacts] = {}
    total = len(snapshot.sources)
    _report(options.progress, len(digests), total)
    for parsed in _parse_all(snapshot.root, todo, registry, options, done=len(digests), total=total):
        if parsed.facts is not None:  # parsed here, not sent encoded by a worker
            in_memory[parsed.path] = parsed.facts
        digests[parsed.path] = _store(cache, parsed)
    cache.save({s.path for s in snapshot.sources})
    return CachedParse(digests, in_memory)


def read_cached_facts(
    snapshot: RepoSnapshot, registry: LanguageRegistry, cache: FactCache, refreshed: CachedParse
) -> tuple[FileFacts, ...]:
    """Every source file's facts, from the cache ``refresh_cache`` brought up to date."""
    out = []
    loader: GrammarLoader | None = None
    for source in snapshot.sources:
        facts = refreshed.in_memory.get(source.path) or cache.lookup(source.path)
        if facts is None or facts.language != source.language:  # an entry that does not decode
            loader = loader or GrammarLoader()
            parsed = _parse_one(snapshot.root, source, registry, loader)
            _store(cache, parsed)
            facts = parsed.decoded()
        out.append(facts)
    cache.save({s.path for s in snapshot.sources})  # writes only what changed: files parsed again
    return tuple(out)


def _store(cache: FactCache, parsed: _Parsed) -> str:
    """Put a parsed file in the cache when it can hold it; returns its facts digest."""
    if parsed.cacheable():
        return cache.store_encoded(
            parsed.path, parsed.size, parsed.mtime_ns, parsed.digest, parsed.in_cache_form(), parsed.facts_digest)
    state = "no-grammar" if parsed.facts.grammar_missing else "unreadable"
    return f"{state}:{facts_digest(encode_facts(parsed.facts))}"


def _known_facts_digest(root: Path, source: SourceFile, cache: FactCache) -> str | None:
    """The facts digest of a file the cache holds for its current content, if any.

    The key holds the extension and the header the language table, so cached facts
    are of this file's language (read_cached_facts checks it all the same)."""
    try:
        # discover already stat'ed the file; only a snapshot built without it stats again.
        size, mtime_ns = (source.size, source.mtime_ns) if source.mtime_ns else _stat(root / source.path)
        known = cache.facts_digest_by_stat(source.path, size, mtime_ns)
        if known is None:
            # Touched but maybe unchanged (a checkout, a rebase): compare content.
            digest = content_digest((root / source.path).read_bytes())
            known = cache.facts_digest(source.path, digest)
            if known is not None:
                cache.record(source.path, size, mtime_ns, digest, known)
    except OSError:
        return None
    return known


def _stat(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _parse_all(root, todo, registry, options, done, total):
    jobs = options.jobs or os.cpu_count() or 1
    if jobs > 1 and sum(s.size for s in todo) >= PARALLEL_MIN_BYTES and len(todo) > CHUNK_FILES:
        yield from _parse_in_workers(root, todo, min(jobs, len(todo) // CHUNK_FILES + 1), options, done, total)
        return
    loader = GrammarLoader()
    for index, source in enumerate(todo, 1):
        yield _parse_one(root, source, registry, loader)
        if index % CHUNK_FILES == 0 or index == len(todo):
            _report(options.progress, done + index, total)


def _parse_in_workers(root, todo, jobs, options, done, total):
    chunks = [todo[i : i + CHUNK_FILES] for i in range(0, len(todo), CHUNK_FILES)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        for chunk_result in pool.map(_parse_chunk, [str(root)] * len(chunks), chunks):
            done += len(chunk_result)
            yield from chunk_result
            _report(options.progress, done, total)


def _parse_one(root: Path, source: SourceFile, registry: LanguageRegistry, loader: GrammarLoader) -> _Parsed:
    path = root / source.path
    try:
        stat = path.stat()
        data = path.read_bytes()
    except OSError:
        # Vanished or became unreadable since discover: keep the file, flag it.
        facts = FileFacts(source.path, source.language, 0, (), (), (), (), None, error_count=1)
        return _Parsed(source.path, facts, None, 0, 0, "")
    facts = extract_facts(source.path, data, registry.get(source.language), loader)
    return _Parsed(source.path, facts, None, stat.st_size, stat.st_mtime_ns, content_digest(data))


# Per-process state of a worker: its own registry and compiled grammars, built once
# by the pool initializer (tree-sitter objects cannot be sent between processes).
_worker_state: dict[str, object] = {}


def _start_worker() -> None:
    tune_for_batch_work()
    _worker_state["registry"] = load_languages()
    _worker_state["loader"] = GrammarLoader()


def _parse_chunk(root: str, chunk: list[SourceFile]) -> list[_Parsed]:
    registry = _worker_state["registry"]
    loader = _worker_state["loader"]
    return [_encoded(_parse_one(Path(root), source, registry, loader)) for source in chunk]


def _encoded(parsed: _Parsed) -> _Parsed:
    if parsed.facts is None or parsed.facts.grammar_missing:
        return parsed  # the encoding has no room for the flag; such files are rare
    encoded = encode_facts(parsed.facts)
    return _Parsed(parsed.path, None, encoded, parsed.size, parsed.mtime_ns, parsed.digest, facts_digest(encoded))
