"""Stage 1, discover: which files of a repository claude-map reads, and which it skips.

Produces a ``RepoSnapshot``. Vendored, generated, binary, minified, oversized and
lock files are recorded as ``SkippedPath`` so the map can name those areas once.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from mapper.discover.listing import list_files
from mapper.errors import UserError
from mapper.languages.registry import LanguageRegistry
from mapper.model import ManifestFile, RepoSnapshot, SkippedPath, SourceFile

__all__ = ["DiscoverConfig", "discover_files", "RepoError"]


class RepoError(UserError):
    """The path given is not something claude-map can map (missing, not a directory)."""


@dataclass(frozen=True)
class DiscoverConfig:
    max_file_bytes: int = 1_000_000
    max_manifest_bytes: int = 256_000


VENDORED_DIRS = frozenset(
    {"vendor", "node_modules", "third_party", "third-party", "bower_components",
     "site-packages", "external", "Pods"}
)
BUILD_DIRS = frozenset({"dist", "target", ".next", ".nuxt", "__pycache__", "coverage"})
# Sample inputs for tests: source-shaped data, not the project's code.
FIXTURE_DIRS = frozenset({"fixtures", "testdata", "__fixtures__", "__snapshots__"})
LOCKFILES = frozenset(
    {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "poetry.lock",
     "uv.lock", "go.sum", "Pipfile.lock", "composer.lock", "Gemfile.lock", "bun.lockb",
     "npm-shrinkwrap.json", "pdm.lock"}
)
GENERATED_NAMES = (
    "*_pb2.py", "*_pb2_grpc.py", "*_pb2.pyi", "*.pb.go", "*_grpc.pb.go", "*.pb.ts",
    "*_pb.js", "*_pb.d.ts", "*.generated.*", "*.g.dart", "*_generated.go", "*.gen.go",
)
MINIFIED_NAMES = ("*.min.js", "*.min.mjs", "*.min.css", "*-min.js", "*.bundle.js")
_GENERATED_HEADER = re.compile(
    rb"(code generated\b.*\bdo not edit|@generated\b|auto-?generated\b.*\bdo not (edit|modify)"
    rb"|this file (is|was) (automatically )?generated)",
    re.IGNORECASE,
)
# Tooling files read by the generic command/entry readers, whatever the language.
TOOLING_NAMES = frozenset(
    {"Makefile", "GNUmakefile", "makefile", "justfile", "Justfile", ".justfile",
     "Dockerfile", "Procfile", "tox.ini", "noxfile.py", ".pre-commit-config.yaml",
     ".gitlab-ci.yml", "Taskfile.yml"}
)
_CI_GLOBS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
# One regex per list: every file name of the tree is checked against them.
_GENERATED_NAME = re.compile("|".join(fnmatch.translate(p) for p in GENERATED_NAMES))
_MINIFIED_NAME = re.compile("|".join(fnmatch.translate(p) for p in MINIFIED_NAMES))
_SNIFF_BYTES = 8192
_MINIFIED_LINE_CHARS = 5000


def discover_files(
    root: Path,
    registry: LanguageRegistry,
    config: DiscoverConfig = DiscoverConfig(),
    known_sources: Mapping[str, tuple[int, int]] | None = None,
) -> RepoSnapshot:
    """List and classify the files under ``root``.

    ``known_sources`` maps paths that an earlier run found to be plain source files to
    their (size, mtime_ns) then: such a file, unchanged on disk, is not sniffed again.
    """
    if not root.exists():
        raise RepoError(f"no such directory: {root}")
    if not root.is_dir():
        raise RepoError(f"not a directory: {root}")
    listing = list_files(root)
    manifest_names = registry.manifest_names() | TOOLING_NAMES
    sources: list[SourceFile] = []
    manifests: list[ManifestFile] = []
    others: list[str] = []
    skipped: list[SkippedPath] = [SkippedPath(p, "symlink") for p in listing.symlinks]
    skipped_dirs: dict[str, str] = {}
    skipped_area = functools.lru_cache(maxsize=None)(_skipped_directory)  # per folder, not per file

    for rel in listing.paths:
        area = skipped_area(rel.rpartition("/")[0])
        if area is not None:
            skipped_dirs.setdefault(area[0], area[1])
            continue
        name = rel.rsplit("/", 1)[-1]
        reason = _name_reason(name)
        if reason:
            skipped.append(SkippedPath(rel, reason))
            continue
        if _is_manifest(rel, name, manifest_names):
            text = _read_text(root / rel, config.max_manifest_bytes)
            if text is not None:
                manifests.append(ManifestFile(rel, text))
        language = registry.for_path(rel)
        if language is None:
            others.append(rel)
            continue
        stat = listing.stats.get(rel) or _stat(root, rel)
        if stat is None:
            continue  # vanished since the listing
        size, mtime_ns = stat
        known = known_sources is not None and known_sources.get(rel) == (size, mtime_ns)
        reason = "" if known else _content_reason(root / rel, size, config.max_file_bytes)
        if reason:
            skipped.append(SkippedPath(rel, reason))
            continue
        sources.append(SourceFile(rel, language.spec.name, size, mtime_ns))

    skipped.extend(SkippedPath(path, why) for path, why in skipped_dirs.items())
    return RepoSnapshot(
        root=root,
        name=root.resolve().name,
        is_git=listing.is_git,
        sources=tuple(sources),
        manifests=tuple(manifests),
        other_files=tuple(others),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
    )


def _stat(root: Path, rel: str) -> tuple[int, int] | None:
    try:
        info = os.lstat(os.path.join(root, rel))
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _skipped_directory(directory: str) -> tuple[str, str] | None:
    parts = directory.split("/") if directory else []
    for index, part in enumerate(parts):
        if part in VENDORED_DIRS:
            return "/".join(parts[: index + 1]), "vendored"
        if part in BUILD_DIRS:
            return "/".join(parts[: index + 1]), "build"
        if part in FIXTURE_DIRS:
            return "/".join(parts[: index + 1]), "fixtures"
    return None


def _name_reason(name: str) -> str:
    if name in LOCKFILES:
        return "lockfile"
    if _GENERATED_NAME.match(name):
        return "generated"
    if _MINIFIED_NAME.match(name):
        return "minified"
    return ""


def _is_manifest(rel: str, name: str, names: frozenset[str]) -> bool:
    if name in names or name.startswith("Dockerfile"):
        return True
    return rel.startswith(".github/") and any(fnmatch.fnmatchcase(rel, pattern) for pattern in _CI_GLOBS)


def _content_reason(path: Path, size: int, max_bytes: int) -> str:
    """Why a source file is skipped ('' if it is not)."""
    if size > max_bytes:
        return "too_large"
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return "unreadable"
    if b"\0" in head:
        return "binary"
    if _GENERATED_HEADER.search(b"\n".join(head.splitlines()[:5])):
        return "generated"
    first_line = head.split(b"\n", 1)[0]
    if len(first_line) >= _MINIFIED_LINE_CHARS:
        return "minified"
    return ""


def _read_text(path: Path, max_bytes: int) -> str | None:
    try:
        if path.stat().st_size > max_bytes:
            return None
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
