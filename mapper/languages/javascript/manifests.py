"""Entry points, commands and the project name that package.json files declare.

JavaScript and TypeScript share these readers; both report the same facts, which the
analyzers merge.
"""

from __future__ import annotations

import re

from mapper.languages._shared import command_kind, dir_of, entry, join
from mapper.languages.javascript.packages import (
    PackageJson, exports_target, read_packages, workspace_members,
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
    for package in _active_packages(snapshot, packages):
        manager = package_manager(snapshot, package, packages)
        if _is_topmost(package, packages) and _has_dependencies(package):
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
    return [
        p for p in packages
        if (p.path in members or _is_topmost(p, packages)) and not _in_test_directory(p)
    ]


def _is_topmost(package: PackageJson, packages: tuple[PackageJson, ...]) -> bool:
    """No other package.json sits in a directory above this one."""
    others = {p.directory for p in packages if p.path != package.path}
    return not any(directory in others for directory in _ancestors(package.directory))


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
    text = package.manifest.text
    found: list[EntryPoint] = []
    # "module" is the ESM twin of "main": list it only when there is no "main".
    key = next((k for k in ("main", "module") if isinstance(package.field(k), str)), None)
    if key:
        found.append(_entry("entry.main", _display_name(package), package, package.field(key),
                            _key_line(text, key), sources))
    target = exports_target(package.field("exports"), ".")
    if target:
        found.append(_entry("entry.exports", _display_name(package), package, target,
                            _key_line(text, "exports"), sources))
    if not found and sources.find_declared(package.directory, "index.js", importer=package.path):
        # Without "main" or "exports", node and npm load the package's index.js.
        found.append(_entry("entry.main", _display_name(package), package, "index.js", 1, sources))
    return found


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


def package_manager(
    snapshot: RepoSnapshot, package: PackageJson, packages: tuple[PackageJson, ...]
) -> str:
    """npm, pnpm, yarn or bun: the ``packageManager`` field, else the nearest lockfile."""
    for candidate in _self_and_ancestors(package, packages):
        declared = candidate.field("packageManager")
        if isinstance(declared, str) and declared.split("@", 1)[0] in _MANAGERS:
            return declared.split("@", 1)[0]
    # Discover records lockfiles as skipped ('lockfile'); bun's text bun.lock is not on
    # its list and shows up among the other files.
    lockfiles = {s.path for s in snapshot.skipped if s.reason == "lockfile"}
    lockfiles.update(snapshot.other_files)
    for directory in (package.directory, *_ancestors(package.directory)):
        for lockfile, manager in _LOCKFILES:
            if join(directory, lockfile) in lockfiles:
                return manager
    return "npm"


def _self_and_ancestors(
    package: PackageJson, packages: tuple[PackageJson, ...]
) -> list[PackageJson]:
    by_dir = {p.directory: p for p in packages}
    return [package, *(by_dir[d] for d in _ancestors(package.directory) if d in by_dir)]


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
