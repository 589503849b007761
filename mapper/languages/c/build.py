"""What C and C++ build files say: include directories, executables, project names.

Read with regular expressions, not evaluated: variables other than the source-dir ones
are not expanded, ``if()`` branches all count, and ``add_subdirectory`` needs no
following because every CMakeLists.txt of the repository is a manifest already.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from mapper.languages._shared import dir_of, manifests_named
from mapper.model import ManifestFile, RepoSnapshot

__all__ = [
    "BuildTarget", "cmake_executables", "cmake_project_name", "cmake_has_tests",
    "declared_include_dirs", "meson_project_name", "meson_has_tests", "normalise_path",
]

CMAKE = "CMakeLists.txt"
MESON = "meson.build"
MAKEFILES = ("Makefile", "GNUmakefile", "makefile")

_CMAKE_COMMENT = re.compile(r"#[^\n]*")
_CMAKE_INCLUDES = re.compile(r"\b(?:target_)?include_directories\s*\(([^)]*)\)", re.IGNORECASE)
# The whole first argument: a name built from a variable (`fuzz_${fuzzer}`) is no name.
_CMAKE_EXECUTABLE = re.compile(r"\badd_executable\s*\(\s*([^\s()#\"]+)", re.IGNORECASE)
_CMAKE_TARGET_NAME = re.compile(r"[A-Za-z0-9_.+\-]+")
_CMAKE_PROJECT = re.compile(r"\bproject\s*\(\s*([A-Za-z0-9_.+\-]+)", re.IGNORECASE)
_CMAKE_TESTS = re.compile(r"\b(enable_testing|add_test|gtest_discover_tests|catch_discover_tests)\s*\(", re.IGNORECASE)
_CMAKE_KEYWORDS = frozenset({"SYSTEM", "BEFORE", "AFTER", "PUBLIC", "PRIVATE", "INTERFACE"})
# `${CMAKE_CURRENT_SOURCE_DIR}/include`, and the same inside `$<BUILD_INTERFACE:...>`.
_CMAKE_GENERATOR = re.compile(r"\$<BUILD_INTERFACE:([^>]*)>")
_CMAKE_HERE = ("${CMAKE_CURRENT_SOURCE_DIR}", "${CMAKE_CURRENT_LIST_DIR}", "${PROJECT_SOURCE_DIR}")
_CMAKE_ROOT = ("${CMAKE_SOURCE_DIR}",)
_MAKE_INCLUDE = re.compile(r"(?<![\w-])-I\s*([^\s$()'\"]+)")
_MESON_INCLUDES = re.compile(r"\binclude_directories\s*\(([^)]*)\)")
_MESON_STRING = re.compile(r"'([^']*)'")
_MESON_PROJECT = re.compile(r"\bproject\s*\(\s*'([^']+)'")
_MESON_TESTS = re.compile(r"^\s*test\s*\(", re.MULTILINE)


@dataclass(frozen=True)
class BuildTarget:
    """An executable a build file declares: its name and where."""

    name: str
    manifest: ManifestFile
    line: int


def normalise_path(path: str) -> str | None:
    """Collapse ``.`` and ``..``; None for a path that leaves the repository."""
    if not path:
        return ""
    normal = posixpath.normpath(path)
    if normal == ".":
        return ""
    if normal.startswith("../") or normal == ".." or normal.startswith("/"):
        return None
    return normal


def declared_include_dirs(snapshot: RepoSnapshot) -> tuple[str, ...]:
    """Include directories named by CMake, meson and Makefile ``-I`` flags, in file order."""
    found: list[str] = []
    for manifest in manifests_named(snapshot, CMAKE):
        found.extend(_cmake_include_dirs(manifest))
    for manifest in manifests_named(snapshot, MESON):
        found.extend(_relative_dirs(manifest, _meson_include_items(manifest.text)))
    for manifest in manifests_named(snapshot, *MAKEFILES):
        found.extend(_relative_dirs(manifest, _MAKE_INCLUDE.findall(manifest.text)))
    return tuple(dict.fromkeys(found))


def _cmake_include_dirs(manifest: ManifestFile) -> list[str]:
    text = _CMAKE_COMMENT.sub("", manifest.text)
    items: list[str] = []
    for match in _CMAKE_INCLUDES.finditer(text):
        words = _CMAKE_GENERATOR.sub(r"\1", match.group(1)).replace('"', " ").split()
        if match.group(0).lower().startswith("target_"):
            words = words[1:]  # the target's name
        items.extend(w for w in words if w.upper() not in _CMAKE_KEYWORDS)
    found = []
    for item in items:
        path = _cmake_path(item, dir_of(manifest.path))
        if path is not None:
            found.append(path)
    return found


def _cmake_path(item: str, here: str) -> str | None:
    for variable in _CMAKE_HERE:
        if item.startswith(variable):
            return normalise_path(posixpath.join(here, item[len(variable):].lstrip("/")))
    for variable in _CMAKE_ROOT:
        if item.startswith(variable):
            return normalise_path(item[len(variable):].lstrip("/"))
    if "$" in item or item.startswith("/"):
        return None  # another variable, or a directory outside the repository
    return normalise_path(posixpath.join(here, item))


def _meson_include_items(text: str) -> list[str]:
    items: list[str] = []
    for match in _MESON_INCLUDES.finditer(text):
        items.extend(_MESON_STRING.findall(match.group(1)))
    return items


def _relative_dirs(manifest: ManifestFile, items: list[str]) -> list[str]:
    here = dir_of(manifest.path)
    paths = (normalise_path(posixpath.join(here, item)) for item in items if not item.startswith("/"))
    return [p for p in paths if p is not None]


def cmake_executables(snapshot: RepoSnapshot) -> list[BuildTarget]:
    found = []
    for manifest in manifests_named(snapshot, CMAKE):
        text = _CMAKE_COMMENT.sub(lambda m: " " * len(m.group(0)), manifest.text)
        for match in _CMAKE_EXECUTABLE.finditer(text):
            if not _CMAKE_TARGET_NAME.fullmatch(match.group(1)):
                continue
            line = text.count("\n", 0, match.start()) + 1
            found.append(BuildTarget(match.group(1), manifest, line))
    return found


def cmake_project_name(manifest: ManifestFile) -> str | None:
    match = _CMAKE_PROJECT.search(_CMAKE_COMMENT.sub("", manifest.text))
    return match.group(1) if match and not match.group(1).startswith("$") else None


def cmake_has_tests(snapshot: RepoSnapshot) -> bool:
    return any(
        _CMAKE_TESTS.search(_CMAKE_COMMENT.sub("", m.text)) for m in manifests_named(snapshot, CMAKE)
    )


def meson_project_name(manifest: ManifestFile) -> str | None:
    match = _MESON_PROJECT.search(manifest.text)
    return match.group(1) if match else None


def meson_has_tests(snapshot: RepoSnapshot) -> bool:
    return any(_MESON_TESTS.search(m.text) for m in manifests_named(snapshot, MESON))
