"""Entry points, commands and the project name that package.json files declare.

JavaScript and TypeScript share these readers; both report the same facts, which the
analyzers merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapper.languages._shared import command_kind, dir_of, entry, join
from mapper.languages.javascript.packages import (
    PackageJson, read_packages, workspace_members,
)
from mapper.languages.javascript.resolve import FileLookup, normalise
from mapper.model import Command, EntryPoint, Evidence, RepoSnapshot

__all__ = ["read_entry_points", "read_commands", "read_project_name", "package_manager"]

# Lockfile -> the package manager that wrote it, most specific first.
_LOCKFILES = (
    ("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"), ("bun.lockb", "bun"), ("bun.lock", "bun"),
    ("package-lock.json", "npm"), ("npm-shrinkwrap.json", "npm"),
)
_MANAGERS = frozenset({"npm", "pnpm", "yarn", "bun"})
# Scripts that npm runs by itself around install/publish: not commands a person runs.
_LIFECYCLE = frozenset(
    {"prepare", "prepublish", "prepublishOnly", "prepack", "postpack", "preinstall", "install",
     "postinstall", "preuninstall", "uninstall", "postuninstall", "preversion", "version",
     "postversion", "dependencies"}
)
# `npm test` and `npm start` need no `run`; `bun test` would run bun's own test runner.
_SHORTCUTS = {
    "npm": ("test", "start"), "pnpm": ("test", "start"), "yarn": ("test", "start"), "bun": (),
}
_REASON = "declared in package.json"
_TEST_DIRECTORIES = frozenset({"__tests__", "__fixtures__", "__mocks__", "fixtures", "test", "tests"})


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    sources = FileLookup(frozenset(s.path for s in snapshot.sources))
    found: list[EntryPoint] = []
    for package in _active_packages(snapshot):
        found.extend(_bin_entries(package, sources))
        # A private package is never published: its main/exports only serve imports
        # from sibling packages, which the import graph shows already.
        if package.field("private") is not True:
            found.extend(_main_entries(package, sources))
    return found


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    packages = read_packages(snapshot)
    found: list[Command] = []
    directories = frozenset(p.directory for p in packages)
    around = _Neighbourhood.of(snapshot, packages)
    for package in _active_packages(snapshot, packages):
        manager = package_manager(package, around)
        if _is_topmost(package, directories) and _has_dependencies(package):
            line = _key_line(
                package.manifest.text, "dependencies", "devDependencies", "workspaces", "name"
            )
            found.append(_command("install", f"{manager} install", package, line))
        found.extend(_script_commands(package, manager))
    return found


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    root = next((p for p in read_packages(snapshot) if p.path == "package.json"), None)
    return (root.name or None) if root is not None else None


def _active_packages(
    snapshot: RepoSnapshot, packages: tuple[PackageJson, ...] | None = None
) -> list[PackageJson]:
    """Projects of the repository: topmost package.json files and workspace members.

    Package.json files nested in another project without being its workspace members
    (project templates, vendored examples) and test fixture packages declare nothing
    this repository runs.
    """
    packages = read_packages(snapshot) if packages is None else packages
    members = {p.path for p in workspace_members(snapshot, packages)}
    directories = frozenset(p.directory for p in packages)
    return [
        p for p in packages
        if (p.path in members or _is_topmost(p, directories)) and not _in_test_directory(p)
    ]


def _is_topmost(package: PackageJson, package_directories: frozenset[str]) -> bool:
    """No other package.json sits in a directory above this one (its own directory is
    not among its ancestors). The directories are gathered once per run, not once per
    package: a monorepo has hundreds of packages."""
    return not any(directory in package_directories for directory in _ancestors(package.directory))


def _ancestors(directory: str) -> list[str]:
    """The directories above ``directory``, nearest first, ending with the root ('')."""
    found = []
    while directory:
        directory = dir_of(directory)
        found.append(directory)
    return found


def _in_test_directory(package: PackageJson) -> bool:
    return any(part in _TEST_DIRECTORIES for part in package.directory.split("/"))


# --- entry points ----------------------------------------------------------------------


def _display_name(package: PackageJson) -> str:
    return package.name or package.directory or "."


def _bin_entries(package: PackageJson, sources: FileLookup) -> list[EntryPoint]:
    bin_field = package.field("bin")
    text = package.manifest.text
    if isinstance(bin_field, str):
        # A string "bin" installs one command named after the package (without scope).
        name = _display_name(package).rsplit("/", 1)[-1]
        return [_entry("entry.bin", name, package, bin_field, _key_line(text, "bin"), sources)]
    if not isinstance(bin_field, dict):
        return []
    start = _key_offset(text, "bin")
    return [
        _entry("entry.bin", name, package, target, _key_line(text, name, start=start), sources)
        for name, target in bin_field.items()
        if isinstance(target, str)
    ]


def _main_entries(package: PackageJson, sources: FileLookup) -> list[EntryPoint]:
    """One row per package: the source file its main entry is built from.

    main, module, exports, types and source often name one module in several build
    formats (``index.cjs``, ``index.js``, ``index.d.cts``); the first that leads to a
    committed source file says it. A package whose declared files are all build
    output with no source twin is said to be that, never given a path the checkout
    does not have.
    """
    text = package.manifest.text
    declared = _declared_main_paths(package)
    if not declared:
        if sources.find_declared(package.directory, "index.js", importer=package.path):
            # Without "main" or "exports", node and npm load the package's index.js.
            return [_entry("entry.main", _display_name(package), package, "index.js", 1, sources)]
        return []
    kind = "entry.exports" if package.field("exports") is not None else "entry.main"
    line = _key_line(text, "exports" if kind == "entry.exports" else declared[0][0])
    for _, written in declared:
        if sources.find_declared(package.directory, written, importer=package.path):
            return [_entry(kind, _display_name(package), package, written, line, sources)]
    return [entry(kind, _display_name(package), BUILD_OUTPUT, package.path, line, _REASON)]


BUILD_OUTPUT = "build output (not in the checkout)"
_MAIN_FIELDS = ("source", "main", "module", "types", "typings")


def _declared_main_paths(package: PackageJson) -> list[tuple[str, str]]:
    """(field, path) for the package's main module, the exports' "." leaves first."""
    found = [("exports", path) for path in _leaves(_main_export(package.field("exports")))]
    found += [(key, value) for key in _MAIN_FIELDS if isinstance(value := package.field(key), str)]
    return list(dict.fromkeys(found))


def _main_export(exports) -> object:
    if isinstance(exports, dict) and any(k.startswith(".") for k in exports):
        return exports.get(".")
    return exports


def _leaves(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return []


def _entry(
    kind: str, name: str, package: PackageJson, written: str, line: int, sources: FileLookup
) -> EntryPoint:
    # The source file is what a reader wants to open; a declared dist/ path that is not
    # committed leads there through its src/ twin (dist/cli.js -> src/cli.tsx).
    target = (
        sources.find_declared(package.directory, written, importer=package.path)
        or normalise(join(package.directory, written.strip()))
        or written
    )
    return entry(kind, name, target, package.path, line, _REASON)


# --- commands --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Neighbourhood:
    """What deciding a package's manager looks at, gathered once for all packages."""

    packages_by_directory: dict[str, PackageJson]
    lockfiles: frozenset[str]

    @classmethod
    def of(cls, snapshot: RepoSnapshot, packages: tuple[PackageJson, ...]) -> "_Neighbourhood":
        # Discover records lockfiles as skipped ('lockfile'); bun's text bun.lock is not
        # on its list and shows up among the other files.
        lockfiles = {s.path for s in snapshot.skipped if s.reason == "lockfile"}
        lockfiles.update(snapshot.other_files)
        return cls({p.directory: p for p in packages}, frozenset(lockfiles))


def package_manager(package: PackageJson, around: _Neighbourhood) -> str:
    """npm, pnpm, yarn or bun: the ``packageManager`` field, else the nearest lockfile."""
    ancestors = _ancestors(package.directory)
    by_directory = around.packages_by_directory
    for candidate in [package, *(by_directory[d] for d in ancestors if d in by_directory)]:
        declared = candidate.field("packageManager")
        if isinstance(declared, str) and declared.split("@", 1)[0] in _MANAGERS:
            return declared.split("@", 1)[0]
    for directory in (package.directory, *ancestors):
        for lockfile, manager in _LOCKFILES:
            if join(directory, lockfile) in around.lockfiles:
                return manager
    return "npm"


def _has_dependencies(package: PackageJson) -> bool:
    return any(package.field(k) for k in ("dependencies", "devDependencies", "workspaces"))


def _script_commands(package: PackageJson, manager: str) -> list[Command]:
    scripts = package.field("scripts")
    if not isinstance(scripts, dict):
        return []
    text = package.manifest.text
    start = _key_offset(text, "scripts")
    return [
        _command(command_kind(name), _run_script(manager, name), package,
                 _key_line(text, name, start=start))
        for name in scripts
        if isinstance(scripts[name], str) and not _is_lifecycle(name, scripts)
    ]


def _is_lifecycle(name: str, scripts: dict) -> bool:
    """npm's own hooks, and pre<x>/post<x> scripts that npm runs around script x."""
    if name in _LIFECYCLE:
        return True
    hooked = set(scripts) | _LIFECYCLE
    return any(name.startswith(prefix) and name[len(prefix):] in hooked for prefix in ("pre", "post"))


def _run_script(manager: str, name: str) -> str:
    return f"{manager} {name}" if name in _SHORTCUTS[manager] else f"{manager} run {name}"


def _command(kind: str, text: str, package: PackageJson, line: int) -> Command:
    where = f"cd {package.directory} && " if package.directory else ""
    return Command(kind, where + text, Evidence(package.path, line, "defined here"))


# --- lines in package.json ----------------------------------------------------------------


def _key_offset(text: str, key: str, start: int = 0) -> int:
    match = re.compile(rf'"{re.escape(key)}"\s*:').search(text, start)
    return match.start() if match else -1


def _key_line(text: str, *keys: str, start: int = 0) -> int:
    """1-based line of the first ``"key":`` found after ``start`` (in key order), else 1."""
    for key in keys:
        offset = _key_offset(text, key, max(start, 0))
        if offset >= 0:
            return text.count("\n", 0, offset) + 1
    return 1
