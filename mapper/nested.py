"""Maps of one directory: ``claude-map explain DIR/`` and nested CLAUDE.md blocks.

One parse and one analysis serve the root map and every directory's map: a
directory's map is the repository's analysis scoped to it (``analyze.scope``),
rendered by the same renderer within its own budget.

Which directories get a nested block: those matching the ``nested`` globs (matched
segment by segment, ``*`` within one folder name, ``**`` across folders), or with
``nested = "auto"`` the repository's packages (folders holding a project manifest
that a language folder declares: package.json, Cargo.toml, go.mod, pom.xml...,
whatever their files' roles, unless all their sources are examples or they lie in a
test folder) and the areas holding files the root map cannot name; below those, the
sub-directories holding files their map cannot name. An examples workspace (an area
made only of example programs and their tests, such as vite's ``playground/``) gets
one map when the root map leaves some of its programs unnamed: never one per example
project.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mapper.analyze import project_dirs
from mapper.analyze.examples import ProjectScope
from mapper.analyze.scope import in_directory, normalise_directory, scope_analysis
from mapper.config import NESTED_AUTO
from mapper.graph.areas import area_of
from mapper.render.sanitize import safe_path

__all__ = [
    "AnalysedRepository", "DirectoryMap", "render_directory", "render_nested", "select_directories",
    "match_directories", "source_directories", "nested_files_line", "ZOOM_COMMAND_LINE",
]

if TYPE_CHECKING:
    from mapper.graph.import_graph import ImportGraph
    from mapper.languages.registry import LanguageRegistry
    from mapper.model import Analysis, FileFacts, RepoSnapshot
    from mapper.render import MapDocument


class AnalysedRepository(Protocol):
    """What the nested maps read of the app's ``MapBuild`` (one analysis of the repository)."""

    snapshot: "RepoSnapshot"
    facts: tuple["FileFacts", ...]
    graph: "ImportGraph"
    analysis: "Analysis"
    registry: "LanguageRegistry"


ZOOM_COMMAND_LINE = "Zoom: `claude-map explain DIR/` prints the map of one directory."
AUTO_PACKAGE_MIN_FILES = 2  # a one-file package is described well enough by the root map
# With nested = "auto", an area (or, below a nested map, a sub-directory) holding files
# the map above it leaves out gets a map of its own when it has this many files; one of
# more than AUTO_SPLIT_FILES (more than a 1,500-token map names, at 3-5 tokens a file)
# gets one per such sub-directory instead.
AUTO_AREA_FILES = 5
AUTO_SPLIT_FILES = 400
NESTED_FILES_SHOWN = 24  # nested files named in the root map's line; the rest are counted
# Test folders: a project manifest in one or below one (curl's tests/CMakeLists.txt, a
# composer.json under tests/**/Fixtures) belongs to the test suite, not to a package.
_TEST_FOLDERS = frozenset({"fixtures", "test", "tests", "testdata", "e2e", "__tests__"})
# Folders whose projects demonstrate or test the repository rather than make it up.
_NOT_PACKAGES = _TEST_FOLDERS | {"example", "examples", "demo", "demos", "sample", "samples", "docs", "doc",
                                 "benchmark", "benchmarks", "bench", "playground"}


@dataclass(frozen=True)
class DirectoryMap:
    directory: str
    document: "MapDocument"
    files: int


def render_directory(build: AnalysedRepository, directory: str, budget: int) -> DirectoryMap:
    """The map block of one directory (empty document when it holds no mapped source)."""
    from mapper.render import ZoomHint, render_map

    scoped = scope_analysis(build.analysis, build.facts, build.graph, build.registry, directory)
    document = render_map(scoped.analysis, scoped.source_paths, budget, directory=scoped.directory or ".",
                          zoom=ZoomHint(when_incomplete=ZOOM_COMMAND_LINE))
    return DirectoryMap(scoped.directory, document, len(scoped.source_paths))


def render_nested(build: AnalysedRepository, nested: tuple[str, ...], root_left_out: frozenset[str],
                  budget: int, root_named: frozenset[str] | None = None) -> tuple[DirectoryMap, ...]:
    """The nested maps, sorted by directory. With ``auto``, a directory whose map leaves
    files out gets maps of its sub-directories that hold them (and so on down), so a
    file has a map naming it on its way to the root unless its own folder is too big."""
    maps: dict[str, DirectoryMap] = {}
    pending = list(select_directories(build, nested, root_left_out, root_named))
    counts = _folder_counts(build) if NESTED_AUTO in nested else None
    while pending:
        directory = pending.pop()
        if directory in maps:
            continue
        maps[directory] = render_directory(build, directory, budget)
        if counts is not None:
            pending.extend(_holding(_sub_directories(directory, counts), maps[directory].document.left_out, counts))
    return tuple(maps[d] for d in sorted(maps))


def _folder_counts(build: AnalysedRepository) -> Counter[str]:
    return Counter(folder for f in build.facts for folder in _ancestors(f.path))


def _sub_directories(directory: str, counts: Counter[str]) -> list[str]:
    prefix = directory + "/"
    return sorted(d for d in counts
                  if d.startswith(prefix) and "/" not in d[len(prefix):] and d[len(prefix):] not in _NOT_PACKAGES)


def _holding(directories: list[str], left_out: frozenset[str], counts: Counter[str]) -> list[str]:
    """The directories of at least AUTO_AREA_FILES files that hold a left-out file;
    one of more than AUTO_SPLIT_FILES files is replaced by its sub-directories."""
    chosen = []
    for directory in directories:
        if counts[directory] < AUTO_AREA_FILES or not any(in_directory(p, directory) for p in left_out):
            continue
        if counts[directory] > AUTO_SPLIT_FILES:
            chosen.extend(_holding(_sub_directories(directory, counts), left_out, counts))
        else:
            chosen.append(directory)
    return chosen


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


def select_directories(build: AnalysedRepository, nested: tuple[str, ...],
                       root_left_out: frozenset[str] = frozenset(),
                       root_named: frozenset[str] | None = None) -> tuple[str, ...]:
    """The directories that get a nested block: glob matches, and with ``auto`` the
    packages, the areas holding files the root map leaves out (``root_left_out``) and,
    given the files the root map names (``root_named``), the examples workspaces
    holding example programs it does not name."""
    paths = tuple(f.path for f in build.facts)
    directories = source_directories(paths)
    patterns = tuple(p for p in nested if p != NESTED_AUTO)
    chosen = set(match_directories(patterns, directories))
    if NESTED_AUTO in nested:
        automatic = set(_packages(build, paths)) | set(_crowded_areas(build, root_left_out))
        automatic |= set(_examples_workspaces(build, root_named)) if root_named is not None else set()
        chosen |= _outermost(automatic)
    return tuple(sorted(chosen))


def _packages(build: AnalysedRepository, paths: tuple[str, ...]) -> list[str]:
    """The folders a project manifest makes a package (a workspace member, a crate, a
    Go module...) holding at least AUTO_PACKAGE_MIN_FILES sources, whatever their role
    (tokio's ``tokio-test`` and ``benches`` crates are tests to claude-map, yet a fix
    there is routed through their own map), unless all of those are examples (as
    ``analyze.examples`` decides: trpc's ``examples/*`` apps, vite's playground) or
    the folder is a test folder or lies in one."""
    scope = ProjectScope.of(build.analysis.roles, build.analysis.example_areas)
    counts = Counter(folder for path in paths for folder in _ancestors(path))
    not_examples = Counter(folder for path in paths if not scope.is_example(path) for folder in _ancestors(path))
    return [
        directory for directory in sorted(project_dirs(build.snapshot, build.registry))
        if counts[directory] >= AUTO_PACKAGE_MIN_FILES and not_examples[directory] > 0
        and not _TEST_FOLDERS.intersection(part.lower() for part in directory.split("/"))
    ]


def _crowded_areas(build: AnalysedRepository, left_out: frozenset[str]) -> list[str]:
    """Source areas (not tests, examples...) holding files the root map leaves out."""
    areas = [a.path for a in build.analysis.areas
             if a.kind == "source" and a.path != "." and a.role != "role.tests"
             and not _NOT_PACKAGES.intersection(a.path.split("/"))]
    return _holding(sorted(areas), left_out, _folder_counts(build)) if left_out else []


def _examples_workspaces(build: AnalysedRepository, named: frozenset[str]) -> list[str]:
    """Source areas of at least AUTO_AREA_FILES files whose files are all examples or
    tests, holding example programs the root map does not name (it names ``named``):
    vite's ``playground/`` (a hundred example projects), trpc's ``examples/``. The root
    map names a few of their files; one map of the whole area names many, where a map
    per project would put each project's few files in a CLAUDE.md of its own (vite's
    pnpm workspace declares ``playground/**``)."""
    scope = ProjectScope.of(build.analysis.roles, build.analysis.example_areas)
    programs = [r.path for r in build.analysis.roles if r.role != "role.tests"]
    own = {area_of(path) for path in programs if not scope.is_example(path)}
    holding = {area_of(path) for path in programs
               if path not in named and safe_path(path) and scope.is_example(path)}
    return sorted(a.path for a in build.analysis.areas
                  if a.kind == "source" and a.path in holding - own and a.files >= AUTO_AREA_FILES)


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
        # A path with a space is written whole, never inside braces (as in the role listing).
        by_parent.setdefault(directory if " " in directory else parent, []).append("" if " " in directory else name)
    groups = []
    for parent, names in by_parent.items():
        body = names[0] if len(names) == 1 else "{" + ",".join(names) + "}"
        groups.append("/".join(part for part in (parent, body, output) if part))
    more = len(directories) - len(shown)
    return "Nested maps: " + "; ".join(groups) + (f"; +{more} more" if more else "") + "."
