"""Entry points and commands of C and C++ projects: ``main``, CMake, meson, autotools.

Both language folders use these readers: a build file serves C and C++ alike, and the
analysis drops the duplicates when both report the same command or executable.
Makefile targets are read by the language-neutral tooling reader.
"""

from __future__ import annotations

import re
from typing import Callable

from mapper.languages._shared import command, dir_of, entry, in_manifest_dir, manifests_named, topmost
from mapper.languages.c.build import (
    CMAKE, MESON, cmake_executables, cmake_has_tests, cmake_project_name, meson_has_tests,
    meson_project_name,
)
from mapper.model import Command, EntryPoint, Evidence, FileFacts, RepoSnapshot

__all__ = [
    "MANIFEST_NAMES", "main_entry_points", "read_entry_points", "read_commands",
    "read_project_name",
]

AUTOCONF = "configure.ac"
AUTOMAKE = "Makefile.am"
# Makefiles are tooling names already; their -I flags reach the resolver all the same.
MANIFEST_NAMES = (CMAKE, MESON, AUTOCONF, AUTOMAKE)
# Automake variables that define what `make check` builds and runs.
_AUTOMAKE_TESTS = re.compile(r"^(TESTS|check_PROGRAMS|check_SCRIPTS|dist_check_SCRIPTS)\s*\+?=", re.MULTILINE)


def main_entry_points(kind: str) -> Callable[[FileFacts], list[EntryPoint]]:
    """A reader of ``main`` definitions that reports them as ``kind`` (C or C++)."""

    def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
        mains = [m for m in facts.markers if m.kind == "main_func"]
        if not mains:
            return []
        return [entry(kind, facts.path, facts.path, facts.path, mains[0].line, "defines main")]

    return file_entry_points


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    return [
        entry("entry.cmake_executable", target.name, target.name, target.manifest.path, target.line,
              "add_executable in CMake")
        for target in cmake_executables(snapshot)
    ]


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    manifest = snapshot.manifest(CMAKE)
    if manifest is not None and cmake_project_name(manifest):
        return cmake_project_name(manifest)
    manifest = snapshot.manifest(MESON)
    return meson_project_name(manifest) if manifest is not None else None


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    cmake_tests = cmake_has_tests(snapshot)
    for manifest in topmost(manifests_named(snapshot, CMAKE)):
        found.append(command("build", in_manifest_dir(manifest, "cmake -B build && cmake --build build"),
                             manifest, "project(", "add_"))
        if cmake_tests:
            found.append(command("test", in_manifest_dir(manifest, "ctest --test-dir build"), manifest,
                                 "enable_testing", "add_test"))
    meson_tests = meson_has_tests(snapshot)
    for manifest in topmost(manifests_named(snapshot, MESON)):
        found.append(command("build", in_manifest_dir(manifest, "meson setup build && meson compile -C build"),
                             manifest, "project("))
        if meson_tests:
            found.append(command("test", in_manifest_dir(manifest, "meson test -C build"), manifest, "test("))
    for manifest in topmost(manifests_named(snapshot, AUTOCONF)):
        found.append(command("build", in_manifest_dir(manifest, "autoreconf -i && ./configure && make"),
                             manifest, "AC_INIT"))
        tests = _automake_tests(snapshot, dir_of(manifest.path))
        if tests is not None:
            found.append(Command("test", in_manifest_dir(manifest, "make check"), tests))
    return found


def _automake_tests(snapshot: RepoSnapshot, root: str) -> Evidence | None:
    """Where a Makefile.am under ``root`` defines the tests ``make check`` runs."""
    for manifest in sorted(manifests_named(snapshot, AUTOMAKE), key=lambda m: m.path):
        if root and not manifest.path.startswith(root + "/"):
            continue
        found = _AUTOMAKE_TESTS.search(manifest.text)
        if found:
            line = manifest.text.count("\n", 0, found.start()) + 1
            return Evidence(manifest.path, line, f"{found.group(1)} defined here")
    return None



