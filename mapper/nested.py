"""Maps of one directory: ``claude-map explain DIR/`` and nested CLAUDE.md blocks.

One parse and one analysis serve the root map and every directory's map: a
directory's map is the repository's analysis scoped to it (``analyze.scope``),
rendered by the same renderer within its own budget.

Which directories get a nested block: those matching the ``nested`` globs (matched
segment by segment, ``*`` within one folder name, ``**`` across folders), or with
``nested = "auto"`` the repository's packages (folders holding a project manifest
that a language folder declares: package.json, Cargo.toml, go.mod, pom.xml...,
outside example and test folders) and, when the root map cannot name every file,
the areas too large for it.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mapper.analyze import project_dirs
from mapper.analyze.scope import in_directory, normalise_directory, scope_analysis
from mapper.config import NESTED_AUTO
from mapper.errors import UserError
from mapper.render.sanitize import safe_path

if TYPE_CHECKING:
    from mapper.app import MapBuild
    from mapper.render import MapDocument

__all__ = [
    "DirectoryError", "DirectoryMap", "render_directory", "render_nested", "select_directories",
    "match_directories", "source_directories", "nested_files_line", "ZOOM_COMMAND_LINE",
]

ZOOM_COMMAND_LINE = "Zoom: `claude-map explain DIR/` prints the map of one directory."
AUTO_PACKAGE_MIN_FILES = 2  # a one-file package is described well enough by the root map
# With nested = "auto", when the root map cannot name every file: an area with this
# many files gets a map of its own; one with more than AUTO_SPLIT_FILES (more than a
# 1,500-token map names, at 3-5 tokens a file) gets one per large sub-directory instead.
AUTO_AREA_FILES = 60
AUTO_SPLIT_FILES = 400
# A nested map that cannot name every file of its directory gets maps of its
# sub-directories holding at least this many files.
AUTO_CHILD_FILES = 15
NESTED_FILES_SHOWN = 24  # nested files named in the root map's line; the rest are counted
# Folders whose projects demonstrate or test the repository rather than make it up.
_NOT_PACKAGES = frozenset({"example", "examples", "demo", "demos", "sample", "samples", "docs", "doc",
                           "benchmark", "benchmarks", "bench", "fixtures", "playground", "test", "tests",
                           "testdata", "e2e", "__tests__"})


class DirectoryError(UserError):
    """The directory is not part of the repository."""


@dataclass(frozen=True)
class DirectoryMap:
    directory: str
    document: "MapDocument"
    files: int


def render_directory(build: "MapBuild", directory: str, budget: int) -> DirectoryMap:
    """The map block of one directory (empty document when it holds no mapped source)."""
    from mapper.render import ZoomHint, render_map

    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, directory)
    document = render_map(scoped.analysis, scoped.source_paths, budget, directory=scoped.directory or ".",
                          zoom=ZoomHint(when_incomplete=ZOOM_COMMAND_LINE))
    return DirectoryMap(scoped.directory, document, len(scoped.source_paths))


def render_nested(build: "MapBuild", nested: tuple[str, ...], root_complete: bool, budget: int) -> tuple[DirectoryMap, ...]:
    """The nested maps, sorted by directory. With ``auto``, a chosen directory whose map
    cannot name every file gets maps of its larger sub-directories too (and so on down),
    so every file has a map that names it on its way to the root."""
    maps: dict[str, DirectoryMap] = {}
    pending = list(select_directories(build, nested, root_complete))
    counts = Counter(folder for f in build.facts for folder in _ancestors(f.path)) if NESTED_AUTO in nested else None
    while pending:
        directory = pending.pop()
        if directory in maps:
            continue
        maps[directory] = render_directory(build, directory, budget)
        if counts is not None and not maps[directory].document.complete:
            pending.extend(_sub_directories(directory, counts, AUTO_CHILD_FILES))
    return tuple(maps[d] for d in sorted(maps))


def _sub_directories(directory: str, counts: Counter[str], minimum: int) -> list[str]:
    prefix = directory + "/"
    return sorted(d for d, n in counts.items()
                  if d.startswith(prefix) and "/" not in d[len(prefix):] and n >= minimum
                  and not _NOT_PACKAGES.intersection(d[len(prefix):].split("/")))


def source_directories(paths: tuple[str, ...]) -> frozenset[str]:
    """Every folder that holds a source file, directly or below it (not the root)."""
    found: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.add("/".join(parts[:depth]))
    return frozenset(found)


def match_directories(patterns: tuple[str, ...], directories: frozenset[str]) -> tuple[str, ...]:
    """The directories any glob matches, sorted."""
    globs = [tuple(p for p in normalise_directory(pattern).split("/") if p) for pattern in patterns]
    return tuple(sorted(d for d in directories if any(g and _matches(g, tuple(d.split("/"))) for g in globs)))


def _matches(glob: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    if not glob:
        return not parts
    if glob[0] == "**":
        return any(_matches(glob[1:], parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], glob[0]) and _matches(glob[1:], parts[1:])


def select_directories(build: "MapBuild", nested: tuple[str, ...], root_complete: bool) -> tuple[str, ...]:
    """The directories that get a nested block: glob matches, and with ``auto`` the
    packages and (when the root map names fewer than every file) the large areas."""
    paths = tuple(f.path for f in build.facts)
    directories = source_directories(paths)
    patterns = tuple(p for p in nested if p != NESTED_AUTO)
    chosen = set(match_directories(patterns, directories))
    if NESTED_AUTO in nested:
        automatic = set(_packages(build, paths))
        if not root_complete:
            automatic |= set(_large_areas(build, paths))
        chosen |= _outermost(automatic)
    return tuple(sorted(chosen))


def _packages(build: "MapBuild", paths: tuple[str, ...]) -> list[str]:
    counts = Counter(folder for path in paths for folder in _ancestors(path))
    tests = {r.path for r in build.analysis.roles if r.role == "role.tests"}
    own = Counter(folder for path in paths if path not in tests for folder in _ancestors(path))
    return [
        directory for directory in project_dirs(build.snapshot, build.registry)
        if counts[directory] >= AUTO_PACKAGE_MIN_FILES and own[directory] > 0
        and not _NOT_PACKAGES.intersection(directory.split("/"))
    ]


def _large_areas(build: "MapBuild", paths: tuple[str, ...]) -> list[str]:
    counts = Counter(folder for path in paths for folder in _ancestors(path))
    chosen = []
    for area in build.analysis.areas:
        if (area.kind == "source" and area.path != "." and area.role != "role.tests"
                and not _NOT_PACKAGES.intersection(area.path.split("/"))):
            chosen.extend(_split_large(area.path, counts))
    return chosen


def _split_large(directory: str, counts: Counter[str]) -> list[str]:
    if counts[directory] < AUTO_AREA_FILES:
        return []
    if counts[directory] <= AUTO_SPLIT_FILES:
        return [directory]
    return [found for child in _sub_directories(directory, counts, 1) for found in _split_large(child, counts)]


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]


def _outermost(directories: set[str]) -> set[str]:
    return {d for d in directories if not any(d != o and in_directory(d, o) for o in directories)}


def nested_files_line(directories: tuple[str, ...], output: str) -> str:
    """``Nested maps: packages/{client,server}/CLAUDE.md.``: one line, grouped by parent."""
    directories = tuple(d for d in directories if safe_path(d))
    if not directories or not safe_path(output):
        return ""
    shown = directories[:NESTED_FILES_SHOWN]
    by_parent: dict[str, list[str]] = {}
    for directory in shown:
        parent, _, name = directory.rpartition("/")
        by_parent.setdefault(parent, []).append(name)
    groups = []
    for parent, names in by_parent.items():
        body = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
        groups.append(f"{parent + '/' if parent else ''}{body}/{output}")
    more = len(directories) - len(shown)
    return "Nested maps: " + "; ".join(groups) + (f"; +{more} more" if more else "") + "."
