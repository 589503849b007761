"""Examples areas: folders of programs that demonstrate or exercise the project.

A framework's repository often holds more example programs than code of its own
(FastAPI's ``docs_src/`` has some 640 tutorial apps against 44 files of the
framework). Listed like the project's own files, their entry points and routes fill
the map. A folder is an examples area when its files are mostly independent
programs that use the project, whatever the folder is called:

- nothing outside it imports it, tests aside (tests import examples to run them);
- its files import the project's code outside it;
- most of its files are programs: each starts execution (an entry point) or is
  imported by no file of the project.

A folder named like an examples folder (``examples``, ``docs_src``, ``playground``,
in any case: .NET's ``Snippets``) is one by its name, unless the project's own code
uses most of its files (Catch2's ``src/catch2/benchmark/`` is the library's
benchmarking API); below a folder so used, a named folder needs only the first two.
One with no such name must also be a top-level folder whose
programs import a different top-level folder, and hold many of them, most of its files
starting execution themselves (an entry point: "imported by nothing" is not enough,
since no C source file is imported). Without that
guard a package's own plug-in folder (``sphinx/ext/``: modules loaded by name, that
nothing imports) would read as examples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from mapper.graph.areas import is_within, name_words
from mapper.graph.import_graph import ImportGraph
from mapper.model import EntryPoint, Evidence, ExampleArea, RoleAssignment

__all__ = [
    "find_example_areas", "in_example_area", "has_example_name", "has_example_word", "ProjectScope",
    "EXAMPLE_DIR_NAMES",
]

# Folder names that say "these demonstrate the project": a hint that structure must confirm.
EXAMPLE_DIR_NAMES = frozenset({
    "example", "examples", "demo", "demos", "sample", "samples", "docs", "doc", "docs_src",
    "tutorial", "tutorials", "cookbook", "snippets", "playground", "playgrounds", "showcase",
    "benchmark", "benchmarks", "bench",
})
MIN_FILES = 3  # a folder with fewer files says nothing as an area
# Without a name hint, structure alone must be overwhelming.
UNNAMED_MIN_PROGRAMS = 10
UNNAMED_PROGRAM_SHARE = 0.6
NAMED_PROGRAM_SHARE = 0.3
USES_PROJECT_SHARE = 0.3  # files that import the project's code outside the folder
OWN_CODE_SHARE = 0.5  # a named folder this much of which the project's code uses is the project's


@dataclass
class _Tally:
    """What one folder's files do, counted over its whole subtree."""

    files: int = 0
    programs: int = 0
    starts: int = 0  # files where execution starts (an entry point)
    uses_project: int = 0
    imported_from_outside: bool = False
    other_top_dirs: int = 0  # files importing code in another top-level folder
    first_program: str = ""
    first_file: str = ""


def find_example_areas(
    graph: ImportGraph, roles: tuple[RoleAssignment, ...], entries: tuple[EntryPoint, ...],
    project_dirs: frozenset[str] = frozenset(),
) -> tuple[ExampleArea, ...]:
    """The topmost folders that qualify, sorted by path: by name, then by structure."""
    tests = frozenset(r.path for r in roles if r.role == "role.tests")
    files = sorted(p for p in graph.find_files() if p not in tests)
    starts = {path for e in entries for path in (e.file, e.evidence.path) if path}
    edges = _Edges.of(graph, tests)
    tallies = _tally(edges, files, starts)
    found: list[ExampleArea] = _named_areas(tallies, edges, project_dirs)
    for directory in sorted(tallies, key=lambda d: (d.count("/"), d)):
        if any(is_within(directory, area.path) for area in found):
            continue
        tally = tallies[directory]
        if _qualifies(directory, tally, len(files)):
            found.append(ExampleArea(
                path=directory, files=tally.files, programs=tally.programs,
                evidence=Evidence(tally.first_program, 1, "a program that uses the project and that nothing imports"),
            ))
    return tuple(sorted(found, key=lambda a: a.path))


def _named_areas(tallies: dict[str, "_Tally"], edges: "_Edges", project_dirs: frozenset[str]) -> list[ExampleArea]:
    """The topmost folders named like examples folders (``examples/``, .NET's
    ``Snippets/``) whose files the project's own code mostly does not use. A folder so
    named whose files the project imports is part of it: Catch2's ``src/catch2/benchmark/``
    is the library's benchmarking API, which its own headers include. One helper that
    the package imports from typer's ``docs_src/`` does not make the tutorials its code.
    A package of its own (a folder with a project manifest) is named so when a word of
    its name is: rayon's ``rayon-demo/`` crate, which nothing in the workspace uses."""
    named: list[ExampleArea] = []
    candidates = [
        d for d in tallies
        if has_example_name(d.rpartition("/")[2]) or (d in project_dirs and has_example_word(d.rpartition("/")[2]))
    ]
    for directory in sorted(candidates, key=lambda d: (d.count("/"), d)):
        if any(is_within(directory, area.path) for area in named):
            continue
        tally = tallies[directory]
        if edges.used_by_own_code(directory) >= OWN_CODE_SHARE * tally.files:
            continue
        named.append(ExampleArea(
            path=directory, files=tally.files, programs=tally.programs,
            evidence=Evidence(
                tally.first_file, 1, "named like an examples folder, and the project's code uses few of its files"),
        ))
    return named


def has_example_name(folder: str) -> bool:
    # Case-insensitive: .NET and Java folders are PascalCase (Polly's src/Snippets/).
    return folder.lower() in EXAMPLE_DIR_NAMES


def has_example_word(folder: str) -> bool:
    """A word of the name is an examples folder's name (``rayon-demo``, ``docs_src``)."""
    return any(word in EXAMPLE_DIR_NAMES for word in name_words(folder))


def in_example_area(path: str, areas: Iterable[ExampleArea]) -> bool:
    return any(is_within(path, area.path) for area in areas)


@dataclass(frozen=True)
class _Edges:
    """The import graph without tests (tests import examples to run them) and self-imports."""

    imported_by: dict[str, tuple[str, ...]]
    imports: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, graph: ImportGraph, tests: frozenset[str]) -> "_Edges":
        imported_by: dict[str, list[str]] = defaultdict(list)
        imports: dict[str, list[str]] = defaultdict(list)
        for importer, imported in graph.find_edges():
            if importer in tests or imported in tests or importer == imported:
                continue
            imported_by[imported].append(importer)
            imports[importer].append(imported)
        return cls({k: tuple(v) for k, v in imported_by.items()}, {k: tuple(v) for k, v in imports.items()})

    def used_by_own_code(self, directory: str) -> int:
        """How many files under ``directory`` the project's code outside it uses: the
        files that a file outside, in no folder named like an examples folder, imports,
        and the files under ``directory`` that those import, and so on."""
        prefix = directory + "/"
        reached = {
            imported for imported, importers in self.imported_by.items() if imported.startswith(prefix)
            if any(not is_within(i, directory) and not _in_named_folder(i) for i in importers)
        }
        queue = list(reached)
        while queue:
            for imported in self.imports.get(queue.pop(), ()):
                if imported.startswith(prefix) and imported not in reached:
                    reached.add(imported)
                    queue.append(imported)
        return len(reached)


def _in_named_folder(path: str) -> bool:
    return any(has_example_name(part) for part in path.split("/")[:-1])


def _tally(edges: _Edges, files: list[str], starts: set[str]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for path in files:
        is_program = path in starts or not edges.imported_by.get(path)
        top = path.split("/", 1)[0]
        for directory in _directories(path):
            tally = tallies[directory]
            tally.files += 1
            tally.first_file = tally.first_file or path
            if is_program:
                tally.programs += 1
                tally.first_program = tally.first_program or path
            if path in starts:
                tally.starts += 1
            outside = [t for t in edges.imports.get(path, ()) if not is_within(t, directory)]
            if outside:
                tally.uses_project += 1
                if any(t.split("/", 1)[0] != top for t in outside):
                    tally.other_top_dirs += 1
            if any(not is_within(i, directory) for i in edges.imported_by.get(path, ())):
                tally.imported_from_outside = True
    return tallies


def _qualifies(directory: str, tally: _Tally, project_files: int) -> bool:
    if tally.files < MIN_FILES or tally.files == project_files or tally.imported_from_outside:
        return False
    if tally.uses_project < max(1, USES_PROJECT_SHARE * tally.files):
        return False
    if any(has_example_name(part) for part in directory.split("/")):
        return tally.programs >= NAMED_PROGRAM_SHARE * tally.files
    # Unnamed, the programs must start execution themselves: a C or C++ source file is
    # imported by nothing (only headers are), so "imported by nothing" would make a
    # C project's own src/ an examples area (libuv).
    return (
        "/" not in directory
        and tally.starts >= max(UNNAMED_MIN_PROGRAMS, UNNAMED_PROGRAM_SHARE * tally.files)
        and tally.other_top_dirs >= tally.uses_project / 2
    )


def _directories(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


@dataclass(frozen=True)
class ProjectScope:
    """Which files are the project's own code, for the sections that put them first.

    Tests and scripts (by role), files in examples areas (which include the folders
    named like examples folders that the project does not import), and files under a
    ``fixtures/`` folder are not: their entry points, routes and effects come after the
    project's own, and their files are listed in a few names. A file that is no source
    (a Dockerfile) goes by its folders' names.
    """

    minor_roles: frozenset[str]  # tests and scripts
    example_areas: tuple[ExampleArea, ...]
    own_dirs: frozenset[str]  # folders (and their parents) holding some of the project's own sources
    source_dirs: frozenset[str]  # folders (and their parents) holding any source
    sources: frozenset[str]

    @classmethod
    def of(cls, roles: tuple[RoleAssignment, ...], example_areas: tuple[ExampleArea, ...]) -> "ProjectScope":
        minor = frozenset(r.path for r in roles if r.role in _MINOR_ROLES)
        sources = frozenset(r.path for r in roles)
        own = {d for r in roles if _own_source(r.path, minor, example_areas, sources) for d in _directories(r.path)}
        every = {d for r in roles for d in _directories(r.path)}
        return cls(minor, example_areas, frozenset(own | {""}), frozenset(every | {""}), sources)

    def is_example(self, path: str) -> bool:
        return _is_example(path, self.example_areas, self.sources)

    def examples_folder(self, path: str) -> str | None:
        """For a file in an examples area, the outermost folder around that area that
        holds none of the project's own sources: typer's ``docs_src/`` for the areas
        ``docs_src/options/``, ``docs_src/commands/`` and 16 more. None elsewhere."""
        area = next((a.path for a in self.example_areas if is_within(path, a.path)), None)
        if area is None:
            return None
        # _directories of a path one level below the area: the area and its parents.
        return next((d for d in _directories(f"{area}/file") if d not in self.own_dirs), area)

    def is_own(self, path: str) -> bool:
        """A source file of the project's own; any other file (a Dockerfile, a CI
        workflow) by its nearest folder that holds sources: own if some are."""
        if not path:
            return False
        if not _own_source(path, self.minor_roles, self.example_areas, self.sources):
            return False
        folder = next((d for d in reversed(["", *_directories(path)]) if d in self.source_dirs), "")
        return folder in self.own_dirs


def _own_source(
    path: str, minor_roles: frozenset[str], example_areas: tuple[ExampleArea, ...], sources: frozenset[str]
) -> bool:
    return path not in minor_roles and not _is_example(path, example_areas, sources)


def _is_example(path: str, example_areas: tuple[ExampleArea, ...], sources: frozenset[str]) -> bool:
    if in_example_area(path, example_areas) or _in_fixtures(path):
        return True
    return path not in sources and _in_named_folder(path)


_MINOR_ROLES = frozenset({"role.tests", "role.scripts"})


def _in_fixtures(path: str) -> bool:
    """Fixture folders hold sample inputs for tests: never the project's own code."""
    return "fixtures" in path.split("/")[:-1]
