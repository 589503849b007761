""".NET entry points and commands: ``Main`` methods, top-level statements, web hosts, dotnet.

Solution and project files have no fixed names: their paths come from the snapshot's
other files, and only a project file's text is read (as a manifest by its ``.csproj``
ending), to tell a packable library from a test project. A project counts as
executable when its directory holds a ``Program.cs``, the templates' convention.
"""

from __future__ import annotations

import posixpath
import re

from mapper.languages._shared import dir_of, entry, run_in
from mapper.languages.csharp.resolve import namespace_at
from mapper.model import Command, EntryPoint, Evidence, FileFacts, RepoSnapshot

__all__ = ["file_entry_points", "read_commands", "read_project_name", "read_library_projects", "PROJECT_SUFFIX"]

_SOLUTION_SUFFIXES = (".sln", ".slnx")
PROJECT_SUFFIX = ".csproj"
_PROGRAM_FILE = "Program.cs"
# A test project references a test framework or the test SDK, or says it is one.
_TEST_PROJECT = re.compile(
    r"""Include\s*=\s*["'][^"']*(?:Microsoft\.NET\.Test\.Sdk|xunit|nunit|mstest)"""
    r"|<IsTestProject>\s*true", re.IGNORECASE)
# A library that is packed for others to use declares its package.
_PACKAGE_METADATA = re.compile(r"<(?:PackageId|PackageTags|Description)>|<IsPackable>\s*true", re.IGNORECASE)
_NOT_PACKABLE = re.compile(r"<IsPackable>\s*false", re.IGNORECASE)
_TEST_PROJECT_WORDS = ("Test", "Tests", "UnitTests", "IntegrationTests", "Specs")
# Calls that build an ASP.NET application, as written after `using
# Microsoft.AspNetCore.Builder;` (or with implicit usings). A using opens a namespace
# and binds no name, so these stay unresolved, and the core reads [entries] for
# resolved names only; the table lists these forms too, which keeps the calls in the
# facts for this reader. Fully qualified or aliased calls are left to the core.
_WEB_APP_BUILDERS = {
    "WebApplication.CreateBuilder": "Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder",
    "WebApplication.CreateSlimBuilder": "Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder",
    "WebApplication.Create": "Microsoft.AspNetCore.Builder.WebApplication.Create",
    "WebHost.CreateDefaultBuilder": "Microsoft.AspNetCore.WebHost.CreateDefaultBuilder",
}


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    return _main_entries(facts) + _web_app_entries(facts)


def _main_entries(facts: FileFacts) -> list[EntryPoint]:
    """``static Main`` names its type; top-level statements name their file, at the first."""
    mains = [m for m in facts.markers if m.kind == "main_func"]
    found = [
        entry("entry.dotnet_main", facts.path, facts.path, facts.path, m.line, "top-level statements")
        for m in mains if not m.name
    ][:1]
    for marker in (m for m in mains if m.name):
        namespace = namespace_at(facts, marker.line)
        name = f"{namespace}.{marker.name}" if namespace else marker.name
        found.append(entry("entry.dotnet_main", name, facts.path, facts.path, marker.line, "static Main"))
    return found


def _web_app_entries(facts: FileFacts) -> list[EntryPoint]:
    call = next((c for c in facts.calls if c.callee in _WEB_APP_BUILDERS), None)
    if call is None:
        return []
    target = _WEB_APP_BUILDERS[call.callee]
    return [entry("entry.web_app", facts.path, target, facts.path, call.line, f"calls {target}")]


def read_library_projects(snapshot: RepoSnapshot) -> frozenset[str]:
    """Folders of packable libraries that are no test project: Polly's
    ``src/Polly.Testing/`` ships assertions for users' tests, it is not a test suite."""
    return frozenset(
        dir_of(m.path) for m in snapshot.manifests
        if m.path.endswith(PROJECT_SUFFIX) and "/" in m.path and _is_library(m.text)
    )


def _is_library(text: str) -> bool:
    return not _TEST_PROJECT.search(text) and not _NOT_PACKABLE.search(text) and bool(_PACKAGE_METADATA.search(text))


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    """The solution at the root, else the project at the root."""
    for suffixes in (_SOLUTION_SUFFIXES, (PROJECT_SUFFIX,)):
        found = sorted(p for p in snapshot.other_files if "/" not in p and p.endswith(suffixes))
        if found:
            return posixpath.splitext(found[0])[0]
    return None


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    solutions = sorted(p for p in snapshot.other_files if p.endswith(_SOLUTION_SUFFIXES))
    projects = sorted(p for p in snapshot.other_files if p.endswith(PROJECT_SUFFIX))
    found = _solution_commands(solutions) if solutions else _project_commands(projects)
    found.extend(_run_commands(snapshot, projects))
    return found


def _solution_commands(solutions: list[str]) -> list[Command]:
    """``dotnet build``/``test`` per solution directory; the tool picks a lone solution."""
    found = []
    for path in solutions:
        directory = dir_of(path)
        alone = sum(1 for other in solutions if dir_of(other) == directory) == 1
        argument = "" if alone else f" {posixpath.basename(path)}"
        for kind in ("build", "test"):
            found.append(_command(kind, run_in(directory, f"dotnet {kind}{argument}"), path))
    return found


def _project_commands(projects: list[str]) -> list[Command]:
    found = [_command("build", f"dotnet build {p}", p) for p in projects]
    found.extend(_command("test", f"dotnet test {p}", p) for p in projects if _is_test_project(p))
    return found


def _run_commands(snapshot: RepoSnapshot, projects: list[str]) -> list[Command]:
    sources = {s.path for s in snapshot.sources}
    return [
        _command("run", f"dotnet run --project {dir_of(p) or '.'}", p)
        for p in projects
        if posixpath.join(dir_of(p), _PROGRAM_FILE) in sources and not _is_test_project(p)
    ]


def _is_test_project(path: str) -> bool:
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return stem.split(".")[-1] in _TEST_PROJECT_WORDS


def _command(kind: str, text: str, path: str) -> Command:
    reason = "project file" if path.endswith(PROJECT_SUFFIX) else "solution file"
    return Command(kind, text, Evidence(path, 1, reason))
