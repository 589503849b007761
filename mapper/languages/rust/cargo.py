"""What Cargo manifests declare: packages, their crate roots and binaries, workspaces.

Cargo discovers most targets from the file layout (``src/main.rs``, ``src/bin/*.rs``,
``tests/*.rs``...), so a package is read from its Cargo.toml *and* the list of Rust
files the snapshot holds. Explicit ``[[bin]]``/``[lib]`` tables override the layout.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass
from typing import Any

from mapper.languages._shared import dir_of, join, line_of, load_toml, manifests_named
from mapper.model import ManifestFile, RepoSnapshot

__all__ = [
    "Binary", "Package", "Workspace", "read_packages", "read_workspaces", "rust_paths",
    "crate_name",
]

_DEFAULT_EDITION = "2015"  # what Cargo assumes when a manifest names no edition
# Targets Cargo finds by layout besides binaries and the library, each with the
# [package] flag that turns its discovery off.
_AUTO_ROOT_PATTERNS = (
    ("autotests", ("tests/*.rs", "tests/*/main.rs")),
    ("autoexamples", ("examples/*.rs", "examples/*/main.rs")),
    ("autobenches", ("benches/*.rs", "benches/*/main.rs")),
)
# [[test]]/[[example]]/[[bench]] tables, with the folder a path-less table points into.
_EXPLICIT_ROOT_TABLES = (("test", "tests"), ("example", "examples"), ("bench", "benches"))


@dataclass(frozen=True)
class Binary:
    name: str
    path: str  # repo-relative crate root file
    manifest: str  # Cargo.toml that declares or implies it
    line: int  # evidence line in the manifest for [[bin]] tables, 0 when found by layout


@dataclass(frozen=True)
class Package:
    name: str
    directory: str
    manifest: str
    edition: str
    lib_name: str | None  # the crate name other crates write in paths
    lib_root: str | None
    binaries: tuple[Binary, ...]
    other_roots: tuple[str, ...]  # tests, examples, benches, build script

    @property
    def roots(self) -> tuple[str, ...]:
        lib = (self.lib_root,) if self.lib_root else ()
        return lib + tuple(b.path for b in self.binaries) + self.other_roots


@dataclass(frozen=True)
class Workspace:
    directory: str
    manifest: str
    members: tuple[str, ...]  # directories of member packages


def crate_name(package_name: str) -> str:
    return package_name.replace("-", "_")


def rust_paths(snapshot: RepoSnapshot) -> frozenset[str]:
    return frozenset(s.path for s in snapshot.sources if s.path.endswith(".rs"))


def read_packages(snapshot: RepoSnapshot) -> tuple[Package, ...]:
    paths = rust_paths(snapshot)
    editions = _workspace_editions(snapshot)
    packages = []
    for manifest in manifests_named(snapshot, "Cargo.toml"):
        data = load_toml(manifest)
        package = data.get("package")
        if isinstance(package, dict) and isinstance(package.get("name"), str):
            packages.append(_package(manifest, data, package, paths, editions))
    return tuple(packages)


def _workspace_editions(snapshot: RepoSnapshot) -> dict[str, str]:
    """Directory of each workspace -> the edition its members may inherit."""
    found = {}
    for manifest in manifests_named(snapshot, "Cargo.toml"):
        workspace = load_toml(manifest).get("workspace")
        if isinstance(workspace, dict):
            shared = workspace.get("package", {})
            edition = shared.get("edition") if isinstance(shared, dict) else None
            if isinstance(edition, str):
                found[dir_of(manifest.path)] = edition
    return found


def _package(
    manifest: ManifestFile, data: dict[str, Any], package: dict[str, Any],
    paths: frozenset[str], editions: dict[str, str],
) -> Package:
    directory = dir_of(manifest.path)
    name = package["name"]
    lib_root, lib_name = _library(directory, name, data.get("lib"), paths)
    return Package(
        name=name,
        directory=directory,
        manifest=manifest.path,
        edition=_edition(directory, package.get("edition"), editions),
        lib_name=lib_name,
        lib_root=lib_root,
        binaries=_binaries(manifest, directory, name, data, paths),
        other_roots=_other_roots(directory, package, data, paths),
    )


def _edition(directory: str, value: object, editions: dict[str, str]) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value.get("workspace"):
        # Inherited: the nearest workspace above the package decides.
        for candidate in sorted(editions, key=len, reverse=True):
            if not candidate or directory == candidate or directory.startswith(candidate + "/"):
                return editions[candidate]
    return _DEFAULT_EDITION


def _library(
    directory: str, package_name: str, table: object, paths: frozenset[str]
) -> tuple[str | None, str | None]:
    table = table if isinstance(table, dict) else {}
    declared = table.get("path")
    if isinstance(declared, str):
        root = _normalise(join(directory, declared))
    else:
        root = join(directory, "src/lib.rs")
    if root not in paths:
        return None, None
    name = table.get("name") if isinstance(table.get("name"), str) else package_name
    return root, crate_name(name)


def _binaries(
    manifest: ManifestFile, directory: str, package_name: str, data: dict[str, Any],
    paths: frozenset[str],
) -> tuple[Binary, ...]:
    by_path: dict[str, Binary] = {}
    if data.get("package", {}).get("autobins", True) is not False:
        for binary in _layout_binaries(manifest, directory, package_name, paths):
            by_path[binary.path] = binary
    for binary in _declared_binaries(manifest, directory, package_name, data.get("bin"), paths):
        by_path[binary.path] = binary  # an explicit [[bin]] names the file it points at
    return tuple(sorted(by_path.values(), key=lambda b: (b.path, b.name)))


def _layout_binaries(
    manifest: ManifestFile, directory: str, package_name: str, paths: frozenset[str]
) -> list[Binary]:
    found = []
    main = join(directory, "src/main.rs")
    if main in paths:
        found.append(Binary(package_name, main, manifest.path, 0))
    bin_dir = join(directory, "src/bin") + "/"
    for path in sorted(paths):
        if not path.startswith(bin_dir):
            continue
        rest = path[len(bin_dir) :].split("/")
        if len(rest) == 1:
            found.append(Binary(rest[0].removesuffix(".rs"), path, manifest.path, 0))
        elif len(rest) == 2 and rest[1] == "main.rs":
            found.append(Binary(rest[0], path, manifest.path, 0))
    return found


def _declared_binaries(
    manifest: ManifestFile, directory: str, package_name: str, tables: object,
    paths: frozenset[str],
) -> list[Binary]:
    if not isinstance(tables, list):
        return []
    found = []
    search_from = 0
    for table in tables:
        if not isinstance(table, dict) or not isinstance(table.get("name"), str):
            continue
        name = table["name"]
        path = _declared_path(directory, package_name, name, table.get("path"), paths)
        line, search_from = _bin_table_line(manifest.text, name, search_from)
        if path:
            found.append(Binary(name, path, manifest.path, line))
    return found


def _declared_path(
    directory: str, package_name: str, name: str, path: object, paths: frozenset[str]
) -> str | None:
    if isinstance(path, str):
        return _normalise(join(directory, path))
    # Cargo's defaults for a [[bin]] without a path, in its own order.
    candidates = [join(directory, f"src/bin/{name}.rs"), join(directory, f"src/bin/{name}/main.rs")]
    if name == package_name:
        candidates.append(join(directory, "src/main.rs"))
    return next((c for c in candidates if c in paths), None)


def _bin_table_line(text: str, name: str, start: int) -> tuple[int, int]:
    """Line of the name in the next ``[[bin]]`` table at or after ``start``, and where
    the search for the following table begins."""
    header = text.find("[[bin]]", start)
    if header < 0:  # written inline, ``bin = [{ name = ... }]``
        return line_of(text, f'"{name}"', f"'{name}'"), start
    hits = [i for i in (text.find(f'"{name}"', header), text.find(f"'{name}'", header)) if i >= 0]
    at = min(hits) if hits else header
    return text.count("\n", 0, at) + 1, header + len("[[bin]]")


def _other_roots(
    directory: str, package: dict[str, Any], data: dict[str, Any], paths: frozenset[str]
) -> tuple[str, ...]:
    found = set()
    prefix = join(directory, "")
    patterns = [
        pattern for flag, group in _AUTO_ROOT_PATTERNS if package.get(flag, True) is not False
        for pattern in group
    ]
    for path in paths:
        if path.startswith(prefix) and any(_component_match(path[len(prefix) :], p) for p in patterns):
            found.add(path)
    build = package.get("build")
    build_path = join(directory, build if isinstance(build, str) else "build.rs")
    if build is not False and build_path in paths:
        found.add(build_path)
    for table_name, folder in _EXPLICIT_ROOT_TABLES:
        tables = data.get(table_name)
        for table in tables if isinstance(tables, list) else []:
            path = _explicit_root(directory, folder, table)
            if path in paths:
                found.add(path)
    return tuple(sorted(found))


def _explicit_root(directory: str, folder: str, table: object) -> str | None:
    if not isinstance(table, dict):
        return None
    if isinstance(table.get("path"), str):
        return _normalise(join(directory, table["path"]))
    if isinstance(table.get("name"), str):
        return join(directory, f"{folder}/{table['name']}.rs")
    return None


def read_workspaces(snapshot: RepoSnapshot, packages: tuple[Package, ...]) -> tuple[Workspace, ...]:
    found = []
    for manifest in manifests_named(snapshot, "Cargo.toml"):
        data = load_toml(manifest)
        workspace = data.get("workspace")
        if not isinstance(workspace, dict):
            continue
        directory = dir_of(manifest.path)
        members = _strings(workspace.get("members"))
        excluded = _strings(workspace.get("exclude"))
        chosen = [
            p.directory for p in packages
            if _is_member(directory, p.directory, members, excluded)
        ]
        if "package" in data and directory not in chosen:
            chosen.append(directory)  # a root package is always a member of its workspace
        found.append(Workspace(directory, manifest.path, tuple(sorted(chosen))))
    return tuple(found)


def _is_member(root: str, package_dir: str, members: list[str], excluded: list[str]) -> bool:
    if root and not package_dir.startswith(root + "/"):
        return False
    relative = package_dir[len(root) + 1 :] if root else package_dir
    if not relative:
        return False
    if any(_component_match(relative, _normalise(p)) for p in excluded):
        return False
    return any(_component_match(relative, _normalise(p)) for p in members)


def _component_match(path: str, pattern: str) -> bool:
    """Glob match one path component at a time, as Cargo's member globs do."""
    path_parts, pattern_parts = path.split("/"), pattern.split("/")
    if "**" in pattern_parts:
        return fnmatch.fnmatchcase(path, pattern.replace("**", "*"))
    return len(path_parts) == len(pattern_parts) and all(
        fnmatch.fnmatchcase(a, b) for a, b in zip(path_parts, pattern_parts)
    )


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _normalise(path: str) -> str:
    normal = posixpath.normpath(path)
    return "" if normal == "." else normal.removeprefix("./")
