"""The caches under ``.claude-map/cache/``: facts per file by content hash, and the
last rendered block.

Facts live in 32 JSON shards by path, listed in an index of each file's size, mtime,
content digest and facts digest; every file is replaced atomically (temp file +
rename), so two overlapping runs cannot corrupt them: the last writer wins and both
wrote valid data. A header (claude-map version and code, grammar installs, query
hashes) invalidates everything when any of them changes; an unreadable or malformed
file is ignored and rebuilt. A stat match (size + mtime) skips even reading a file;
the facts digests tell a run that no fact changed while reading only the touched
files' shards. The last block is kept with two fingerprints of the tree it came from
(see ``CachedResult``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import marshal
import os
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from mapper import __version__
from mapper.cache.codec import decode_facts
from mapper.languages.registry import LanguageRegistry
from mapper.model import FileFacts

__all__ = [
    "FactCache", "CachedResult", "cache_header", "clear_cache", "load_result", "save_result", "facts_digest",
    "load_known_sources", "save_known_sources", "CACHE_DIR",
]

CACHE_DIR = ".claude-map/cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# claude-map facts cache; safe to delete.\n"


def _code_stamp() -> str:
    """Size and mtime of every file of the installed package (templates included):
    a development checkout changes its code without changing its version."""
    package = Path(__file__).resolve().parent.parent
    stamps = []
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".scm", ".toml", ".j2") and "__pycache__" not in path.parts:
            stat = path.stat()
            stamps.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    templates_dir = _templates_dir()
    templates = sorted(templates_dir.rglob("*.j2")) if templates_dir else []
    stamps.extend(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in templates)
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def _templates_dir() -> Path | None:
    try:
        from importlib import resources

        return Path(str(resources.files("mapper.templates")))
    except (ImportError, TypeError):
        return None


def cache_header(registry: LanguageRegistry) -> str:
    parts = [f"claude-map {__version__}", _code_stamp()]
    for language in registry.languages:
        modules = sorted({ref.module for ref in language.spec.grammars.values()})
        parts.extend(f"{module} {_install_stamp(module)}" for module in modules)
        parts.append(f"{language.spec.name} {language.query_hash}")
    parts.append(f"tree_sitter {_install_stamp('tree_sitter')}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _install_stamp(module: str) -> str:
    """Where a grammar (or tree-sitter) is installed, with its file's size and mtime.

    Stands for its version: installing another version rewrites the file. Finding a
    module does not import it, and it spares importlib.metadata, whose import alone
    costs a run answered from the result cache a tenth of its time.
    """
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "missing"
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return "missing"
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class FactCache:
    """Facts by content digest, and an index of each known path's size, mtime, content
    digest and facts digest.

    The index is one small file, read whole; the facts live in shards by path, read
    only when a file's facts are asked for. A run after an edit that changed no fact
    (a comment or literal on its line) reads the index and the touched files' shards:
    the facts digests say the map is the one already made.
    """

    directory: Path
    header: str
    index: dict[str, list] = field(default_factory=dict)  # path -> [size, mtime_ns, digest, facts digest]
    entries: dict[str, list] = field(default_factory=dict)  # digest:ext -> [facts digest, encoded facts]
    loaded_shards: set[int] = field(default_factory=set)
    dirty_shards: set[int] = field(default_factory=set)
    index_changed: bool = False

    @classmethod
    def open(cls, root: Path, header: str) -> "FactCache":
        cache = cls(root / CACHE_DIR, header)
        try:
            raw = json.loads((cache.directory / _INDEX_FILE).read_text(encoding="utf-8"))
            if isinstance(raw, dict) and raw.get("header") == header:
                cache.index = {path: known for path, known in dict(raw["files"]).items() if _valid_known(known)}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing or corrupt: every file is parsed again and the index rewritten
        return cache

    def facts_digest_by_stat(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The facts digest recorded for ``path`` if its size and mtime are unchanged."""
        known = self.index.get(path)
        if not known or known[0] != size or known[1] != mtime_ns:
            return None
        return known[3]

    def facts_digest(self, path: str, digest: str) -> str | None:
        """The digest of the facts of ``path`` with content ``digest``, if cached."""
        known = self.index.get(path)
        if known is not None and known[2] == digest:
            return known[3]
        entry = self._entry(path, digest)
        return entry[0] if entry is not None else None

    def lookup(self, path: str) -> FileFacts | None:
        """The facts of ``path`` as last recorded (None when they do not decode)."""
        known = self.index.get(path)
        entry = self._entry(path, known[2]) if known else None
        if entry is None:
            return None
        try:
            return decode_facts(path, entry[1])
        except (ValueError, TypeError, IndexError, AttributeError):
            return None

    def record(self, path: str, size: int, mtime_ns: int, digest: str, digest_of_facts: str) -> None:
        """Note that ``path`` now has this size and mtime (its content is cached already)."""
        self.index[path] = [size, mtime_ns, digest, digest_of_facts]
        self.index_changed = True

    def store_encoded(self, path: str, size: int, mtime_ns: int, digest: str, encoded: list,
                      digest_of_facts: str | None = None) -> str:
        """Store facts in the cache's form (as parser workers send them); returns their digest."""
        digest_of_facts = digest_of_facts or facts_digest(encoded)
        shard = self._load_shard(_shard_of(path))
        self.entries[_key(path, digest)] = [digest_of_facts, encoded]
        self.dirty_shards.add(shard)
        self.record(path, size, mtime_ns, digest, digest_of_facts)
        return digest_of_facts

    def save(self, live_paths: set[str]) -> None:
        """Write the index and the shards that changed, keeping only files that still exist.

        Facts are split in shards by path so that a commit touching one file rewrites
        a thirty-second of them, not all."""
        stale = set(self.index) - live_paths
        for path in stale:
            del self.index[path]
        dirty = self.dirty_shards | {_shard_of(p) for p in stale}
        for shard in sorted(dirty):
            self._load_shard(shard)  # a shard is rewritten whole: keep what it held
        by_shard: dict[int, dict[str, list]] = {shard: {} for shard in dirty}
        for path, known in self.index.items():
            shard = _shard_of(path)
            entry = self.entries.get(_key(path, known[2])) if shard in by_shard else None
            if entry is not None:
                by_shard[shard][_key(path, known[2])] = entry
        # A read-only checkout still gets its map; it just stays cold.
        for shard, entries in sorted(by_shard.items()):
            payload = json.dumps({"header": self.header, "entries": entries}, separators=(",", ":"), sort_keys=True)
            _write_atomically(self.directory, _shard_file(shard), payload)
        if self.index_changed or stale:
            payload = json.dumps({"header": self.header, "files": self.index}, separators=(",", ":"), sort_keys=True)
            _write_atomically(self.directory, _INDEX_FILE, payload)
        self.dirty_shards.clear()
        self.index_changed = False

    def release(self) -> None:
        """Let go of every entry (after ``save``): the analysis that follows needs the
        memory, and the caller may still hold the cache."""
        self.index.clear()
        self.entries.clear()
        self.loaded_shards.clear()

    def _entry(self, path: str, digest: str) -> list | None:
        self._load_shard(_shard_of(path))
        return self.entries.get(_key(path, digest))

    def _load_shard(self, shard: int) -> int:
        if shard not in self.loaded_shards:
            self.loaded_shards.add(shard)
            try:
                raw = json.loads((self.directory / _shard_file(shard)).read_text(encoding="utf-8"))
                if isinstance(raw, dict) and raw.get("header") == self.header:
                    self.entries.update(
                        (key, entry) for key, entry in dict(raw["entries"]).items()
                        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    )
            except (OSError, ValueError, KeyError, TypeError):
                pass  # missing or corrupt: its files are parsed again and the shard rewritten
        return shard


_INDEX_FILE = "index.json"


def _valid_known(known: object) -> bool:
    return (isinstance(known, list) and len(known) == 4 and type(known[0]) is int and type(known[1]) is int
            and isinstance(known[2], str) and isinstance(known[3], str))


def facts_digest(encoded: list) -> str:
    """A digest of facts in the cache's form: equal facts, equal digests.

    Serialised with marshal's version 0, which writes values only (no shared-object
    references, no interning marks), so equal lists give equal bytes; it is a third
    of the cost of JSON. Nothing is ever loaded back from it."""
    return hashlib.blake2b(marshal.dumps(encoded, 0), digest_size=16).hexdigest()


_SHARDS = 32


def _shard_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % _SHARDS


def _shard_file(shard: int) -> str:
    return f"facts-{shard:02d}.json"


def _write_atomically(directory: Path, name: str, payload: str) -> None:
    """Replace ``directory/name`` with ``payload`` (temp file + rename), so overlapping
    runs never see half a file; a folder that cannot be written is left alone, and a
    write that fails midway (a full disk) leaves no temp file behind."""
    try:
        _prepare_directory(directory)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
            os.replace(temp, directory / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        pass


def _prepare_directory(directory: Path) -> None:
    """Create the cache folder, tagged for backup tools and ignored by git."""
    directory.mkdir(parents=True, exist_ok=True)
    tag = directory / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(_TAG, encoding="utf-8")
    ignore = directory.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# created by claude-map\n*\n", encoding="utf-8")


_RESULT_FILE = "result.json"


@dataclass(frozen=True)
class CachedResult:
    """The last rendered block, with the two fingerprints of the tree it was made from:
    the files' sizes and mtimes (nothing was touched), and their facts (something was
    touched, but no fact changed)."""

    fingerprint: str
    facts_key: str
    block: str
    tokens: int
    files: int
    nested: tuple[tuple[str, str, int, int], ...] = ()  # (directory, block, tokens, files) of nested maps


def load_result(root: Path) -> CachedResult | None:
    try:
        raw = json.loads((root / CACHE_DIR / _RESULT_FILE).read_text(encoding="utf-8"))
        nested = tuple((str(d), str(b), int(t), int(f)) for d, b, t, f in raw.get("nested", ()))
        return CachedResult(str(raw["fingerprint"]), str(raw["facts_key"]), str(raw["block"]),
                            int(raw["tokens"]), int(raw["files"]), nested)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_result(root: Path, result: CachedResult) -> None:
    _write_atomically(root / CACHE_DIR, _RESULT_FILE, json.dumps(asdict(result)))


_SOURCES_FILE = "sources.json"


def load_known_sources(root: Path, header: str) -> dict[str, tuple[int, int]]:
    """Paths the last run classified as plain source files, with their (size, mtime_ns)."""
    try:
        raw = json.loads((root / CACHE_DIR / _SOURCES_FILE).read_text(encoding="utf-8"))
        if raw.get("header") != header:
            return {}
        return {str(path): (int(size), int(mtime)) for path, (size, mtime) in raw["sources"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_known_sources(root: Path, header: str, sources: dict[str, tuple[int, int]]) -> None:
    directory = root / CACHE_DIR
    payload = json.dumps({"header": header, "sources": sources}, separators=(",", ":"), sort_keys=True)
    _write_atomically(directory, _SOURCES_FILE, payload)


def _key(path: str, digest: str) -> str:
    # The extension picks the grammar (.ts vs .tsx), so it is part of the key.
    return f"{digest}:{path.rsplit('.', 1)[-1]}"


def clear_cache(root: Path) -> bool:
    target = root / CACHE_DIR
    if not target.exists():
        return False
    for child in target.iterdir():
        if child.is_file():
            child.unlink()
    target.rmdir()
    return True
