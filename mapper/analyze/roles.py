"""Module roles, each decided by evidence: paths, framework imports, names, effects, entries.

An interface role comes from a framework import or from a call the language says
implies it (``document.querySelector``: a page script is UI, even one that fetches).
Rules run in a fixed order and the first that fires decides; every assignment keeps
the evidence that decided it so ``--format json`` (and ``explain``) can show why.

A folder name alone is a hint, not evidence, for the data, integration and
configuration roles: a library's ``adapter/`` of call adapters is not an external
client. Such a folder decides only with agreement from the code under it: an effect of
the role's kind there (a database call or file write, an environment read), an import
of a package of that role, or a second name of the role (``config/settings.py``). A
file's own name still decides alone, except the names that as often name domain types
(``Settings``, ``OPTIONS``). Integration names (``client``, ``adapter/``) need the file
itself to agree: a network call, a client library's import, or an HTTP verb called with
a URL; a folder of call adapters or a ``Clients.kt`` of TLS profiles is no client. A
folder named for sharing (``shared/``) is utilities only when code outside imports it. A
network effect that serves (``app.listen``, and in a file that listens its sockets: the
language's ``[servers]``) makes no file an external client, and neither does an import
of a client library without a network call in the file. An entry names the file that
defines its function: a package root that re-exports ``main`` is not the CLI. Tooling is recognised by how it runs (the language's
``[tooling]`` paths: rake tasks, build scripts, tool configs), by where it lives (a
top-level ``build/`` or hidden folder, a hidden file such as ``.php-cs-fixer.php``), and
by what it imports: a file nothing imports whose every package is a tool's (the
language's ``[tooling]`` packages: a vitest reporter). Tests are also recognised by
test source sets, and test support by structure: code that imports the language's test
framework and that only tests import.

An import inside a function serves that function (a CLI that requires Rails to boot the
user's app), and an import in a module's main block serves its demo: neither says what
the file is. A file that registers web paths is an HTTP interface.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from mapper.graph.areas import is_within, name_words
from mapper.languages.registry import LanguageRegistry
from mapper.model import (
    EffectSite, EntryPoint, Evidence, FileFacts, ResolvedFile, RoleAssignment, Route,
)

if TYPE_CHECKING:
    from mapper.analyze.entry_kinds import EntryVocabulary

__all__ = ["assign_roles", "test_reason", "ROLE_LABELS", "ROLE_ORDER"]

# Stable ids -> labels, in the order the map lists them.
ROLE_LABELS = {
    "role.cli": "interface: CLI",
    "role.http": "interface: HTTP API",
    "role.ui": "interface: UI",
    "role.core": "core / domain",
    "role.data": "data access / persistence",
    "role.integration": "integration / external clients",
    "role.config": "configuration",
    "role.util": "utilities",
    "role.tests": "tests",
    "role.scripts": "scripts / tooling",
}
ROLE_ORDER = tuple(ROLE_LABELS)

_TEST_DIRS = frozenset({"test", "tests", "__tests__", "spec", "specs", "testing", "testdata", "e2e"})
_SCRIPT_DIRS = frozenset(
    {"scripts", "script", "tools", "tooling", "bench", "benchmarks", "benchmark", "examples",
     "example", "docs", "doc", "hack", "ci", ".github", "contrib", "demo", "demos", "build"}
)
_SCRIPT_FILES = frozenset({
    "setup.py", "noxfile.py", "build.rs", "conftest.py", "fabfile.py", "dodo.py",
    "build.gradle.kts", "settings.gradle.kts",
})
_INTERFACE_ROLES = ("role.http", "role.cli", "role.ui")
_INTERFACE_WEB = frozenset({"role.http"})  # entry kinds implying it: a server or router is created
_NAME_ROLES = (
    ("role.cli", {"cli", "__main__"}),
    ("role.http", {"views", "routes", "router", "routers", "urls", "handlers", "handler",
                   "controllers", "controller", "api", "server", "wsgi", "asgi",
                   "endpoints", "middleware", "middlewares"}),
    ("role.ui", {"ui", "components", "pages", "widgets", "screens"}),
    ("role.data", {"models", "db", "database", "repository", "repositories", "store",
                   "storage", "dao", "schema", "schemas", "migrations", "orm", "persistence"}),
    ("role.integration", {"client", "clients", "adapters", "adapter", "integrations",
                          "gateway", "gateways", "sdk", "external"}),
    ("role.config", {"config", "configs", "settings", "conf", "configuration", "options"}),
    ("role.util", {"util", "utils", "helpers", "helper", "common", "compat", "_compat",
                   "misc", "shared", "lib_utils", "internal_utils"}),
)
_FUNCTION_BODY_KINDS = frozenset({"function", "method", "constructor"})
_EFFECT_ROLES = (("effect.db", "role.data"), ("effect.net", "role.integration"))
# File names that are as often domain types as configuration or storage (an HTTP/2
# SETTINGS frame, the HTTP OPTIONS verb, zod's validation schemas, requests' Request
# and Response models): like a folder name, they need agreement.
_WEAK_NAMES = frozenset({"settings", "options", "schema", "schemas", "models"})
# A call of an HTTP verb whose first literal argument is a URL or an absolute path
# (``session.get("/users/1")``) calls a remote API through an object it was handed.
_HTTP_VERB_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
_URL_OR_PATH = re.compile(r"(?:[a-z][a-z0-9+.-]*://|/)[^\s]*", re.IGNORECASE)
# Folder names that say the code is shared, not what it is: they name utilities only
# when code outside the folder imports from it (werkzeug's debug/shared/ holds browser
# assets nothing imports; a monorepo's packages/shared/ is imported by its apps).
_SHARING_NAMES = frozenset({"shared", "common"})
# Roles whose name (the file's or a folder's) needs agreement from the file itself.
_OWN_AGREEMENT = frozenset({"role.integration"})
# The effect kind that agrees with a name hint of each role.
_AGREEING_EFFECTS = {
    "role.data": ("effect.db", "effect.fs.write"), "role.integration": ("effect.net",), "role.config": ("effect.env",),
}


@dataclass(frozen=True)
class _Inputs:
    facts: FileFacts
    framework: dict[str, tuple[int, str]]  # interface role -> (line, package) of its framework import
    effects: tuple[EffectSite, ...]  # serving network effects left out
    entries: tuple[EntryPoint, ...]
    repo_roles: frozenset[str]  # framework roles imported anywhere in this language and project
    folder_evidence: dict[str, frozenset[str]]  # folder -> effect kinds and imported roles under it
    vocabulary: EntryVocabulary  # which role each entry kind implies
    in_project: bool  # under a folder with its own package manifest (tools/Cargo.toml)
    tested_package: bool  # its folder holds test files for it (cobra's doc/ package)
    used_folders: frozenset[str]  # folders some file outside them imports from
    imported: bool  # some other file of the project (not a test) imports it
    imported_by_tests: bool  # some test file imports it
    library_project: str  # the folder of the library project it is in, by its manifest ('' if none)
    tooling_import: tuple[int, str] | None  # (line, package) when every package it imports is a tool's
    route: Route | None  # the first web path the file registers


def assign_roles(
    facts: tuple[FileFacts, ...],
    resolved: tuple[ResolvedFile, ...],
    effects: tuple[EffectSite, ...],
    entries: tuple[EntryPoint, ...],
    registry: LanguageRegistry,
    vocabulary: EntryVocabulary,
    project_dirs: frozenset[str] = frozenset(),
    library_projects: frozenset[str] = frozenset(),
    routes: tuple[Route, ...] = (),
) -> tuple[RoleAssignment, ...]:
    resolved_by_path = {r.path: r for r in resolved}
    effects_by_path: dict[str, list[EffectSite]] = {}
    for site in effects:
        effects_by_path.setdefault(site.path, []).append(site)
    entries_by_path: dict[str, list[EntryPoint]] = {}
    defined = {f.path: {d.name for d in f.definitions} for f in facts}
    for entry in entries:
        # An entry counts for the file it is declared in and the file it starts in
        # (a package.json ``bin`` points at its script).
        for path in {entry.evidence.path, _start_file(entry, defined, resolved_by_path)} - {""}:
            entries_by_path.setdefault(path, []).append(entry)
    project_of = {f.path: _nearest_folder_in(f.path, project_dirs) for f in facts}
    # Each file's framework imports, found once: its own role, its project's and its folders' evidence.
    framework_by_path = {
        f.path: _framework_roles(resolved_by_path.get(f.path), registry.get(f.language).knowledge, f) for f in facts
    }
    roles_by_project = _framework_roles_by_project(facts, framework_by_path, project_of)
    calling_out = {
        f.path: _calling_out(tuple(effects_by_path.get(f.path, ())), f, registry.get(f.language).knowledge)
        for f in facts
    }
    folder_evidence = _folder_evidence(facts, framework_by_path, calling_out)
    used_folders = _folders_used_from_outside(resolved)
    imported, tested = _importers(facts, resolved, registry, library_projects)
    tested_dirs = _folders_with_test_files(facts, registry)
    first_route: dict[str, Route] = {}
    for route in sorted(routes, key=lambda r: (r.file, r.line)):
        first_route.setdefault(route.file, route)
    out = []
    for file_facts in facts:
        knowledge = registry.get(file_facts.language).knowledge
        project = project_of[file_facts.path]
        inputs = _Inputs(
            file_facts,
            framework_by_path[file_facts.path],
            calling_out[file_facts.path],
            tuple(entries_by_path.get(file_facts.path, ())),
            roles_by_project.get((file_facts.language, project), frozenset()),
            folder_evidence,
            vocabulary,
            bool(project),
            file_facts.path.rpartition("/")[0] in tested_dirs,
            used_folders,
            file_facts.path in imported,
            file_facts.path in tested,
            _nearest_folder_in(file_facts.path, library_projects),
            _tooling_import(resolved_by_path.get(file_facts.path), knowledge),
            first_route.get(file_facts.path),
        )
        out.append(_decide(inputs, knowledge))
    return tuple(out)


def _decide(inputs: _Inputs, knowledge) -> RoleAssignment:
    path = inputs.facts.path
    parts = path.split("/")
    name = parts[-1]
    stem = name.split(".")[0]
    directories = parts[:-1]

    def found(role: str, line: int, reason: str) -> RoleAssignment:
        return RoleAssignment(path, role, (Evidence(path, line, reason),))

    reason = test_reason(path, knowledge.test_paths, inputs.library_project)
    if reason:
        return found("role.tests", 1, reason)
    # tools/ holds scripts, unless it is a project of its own (tools/Cargo.toml).
    # ... and doc/ holds docs, unless it is a package with its own tests beside it
    # (Go's cobra/doc generates documentation as a library).
    # A hidden folder at the top (.github/, .conan/) holds tool configuration and scripts.
    script_dir = next(
        # Case-sensitive: a PascalCase folder is a namespace of code (Symfony Console's CI/).
        (d for d in directories[:1] if (d in _SCRIPT_DIRS or d.startswith("."))
         and not inputs.in_project and not inputs.tested_package), None
    )
    if script_dir or name in _SCRIPT_FILES:
        return found("role.scripts", 1, f"under {script_dir}/" if script_dir else f"{name} is tooling")
    if name.startswith("."):  # .php-cs-fixer.php, .eslintrc.js: a tool's configuration
        return found("role.scripts", 1, f"{name} is a hidden file: a tool's configuration")
    tooling = _matching_glob(path, knowledge.tooling_paths)
    if tooling:
        return found("role.scripts", 1, f"tooling: path matches {tooling}")
    if inputs.tooling_import is not None and not inputs.imported:
        line, package = inputs.tooling_import
        return found("role.scripts", line, f"imports only tooling packages ({package}) and nothing imports it")
    effects = inputs.effects

    framework = _outside_main_block(inputs.framework, inputs.facts) if inputs.imported else inputs.framework
    # Test support: code that imports a test framework and only tests use (hugo's
    # htesting/, a Go package importing "testing"). A project's testing product that
    # its own code uses too (prometheus's promqltest, which promtool runs) stays code.
    if "role.tests" in framework and inputs.imported_by_tests and not inputs.imported:
        line, package = framework["role.tests"]
        return found("role.tests", line, f"imports {package} and only tests import it")
    called = _call_roles(inputs.facts, knowledge)
    for role in _INTERFACE_ROLES:
        if role in framework:
            line, package = framework[role]
            return found(role, line, f"imports {package}")
        if role in called:
            line, callee = called[role]
            return found(role, line, f"calls {callee}")
    # Creating a server or router is interface evidence, as strong as a framework import;
    # so is registering a web path (sidekiq's web/application.rb, a route table).
    entry = next((e for e in inputs.entries if inputs.vocabulary.role(e.kind) in _INTERFACE_WEB), None)
    if entry:
        return found("role.http", _line_in(entry, path), f"{entry.kind}: {entry.target}")
    if inputs.route is not None:
        route = inputs.route
        return found("role.http", route.line, f"registers the web path {route.method} {route.path}")
    for role, names in _NAME_ROLES[:3]:
        # An interface name (views.py, routes/) only counts where code of the same
        # language uses a framework of that kind: a render module's views.py is not
        # an HTTP API.
        hit = _name_hit(stem, directories, names) if role in inputs.repo_roles else ""
        if hit:
            return found(role, 1, f"named {hit} in a project that uses a {role[5:]} framework")
    for role in ("role.data", "role.integration", "role.config"):
        if role == "role.integration" and not any(s.kind == "effect.net" for s in effects):
            # A client library's import is a hint: a converter that names its response
            # type, or a server importing sockets to serve, is no external client.
            continue
        if role in framework:
            line, package = framework[role]
            return found(role, line, f"imports {package}")
    own_evidence = {s.kind for s in effects} | set(framework)
    for role, names in _NAME_ROLES[3:]:
        hits = _name_hits(stem, directories, names)
        if not hits:
            continue
        agreeing = _AGREEING_EFFECTS.get(role)
        if role in _OWN_AGREEMENT:
            # Names of clients and adapters are as often design-pattern names
            # (``Clients.kt`` listing TLS profiles, a library's call adapters): the
            # file itself must call out or import a client library.
            agreement = sorted(own_evidence & {role, *agreeing})
            remote_call = _remote_api_call(inputs.facts)
            if not agreement and remote_call is None:
                continue
            if agreement:
                return found(role, 1, f"named {hits[0][0]}, a file with {agreement[0]}")
            return found(role, remote_call.line, f"named {hits[0][0]}, calls {remote_call.callee}({remote_call.arg!r})")
        folder = hits[0][1] if len(hits) == 1 else ""
        if folder and hits[0][0].rstrip("/").lower() in _SHARING_NAMES and folder not in inputs.used_folders:
            continue  # a shared/ folder that no code outside it imports holds no helpers
        hint_only = len(hits) == 1 and (folder or hits[0][0].lower() in _WEAK_NAMES)
        if agreeing is not None and hint_only:
            evidence = inputs.folder_evidence.get(folder, frozenset()) if folder else own_evidence
            if not evidence & {role, *agreeing} or (folder and _has_no_code(inputs.facts)):
                continue  # a name without agreement from the code it names (or a file with none)
            where = "a folder" if folder else "a file"
            return found(role, 1, f"named {hits[0][0]}, {where} with {sorted(evidence & {role, *agreeing})[0]}")
        return found(role, 1, f"named {' and '.join(label for label, _ in hits)}")
    for kind, role in _EFFECT_ROLES:
        site = next((s for s in effects if s.kind == kind), None)
        if site:
            return found(role, site.line, f"{kind} at line {site.line}")
    # A main found in the file's own code (a ``__main__`` block, a C ``main``) of a
    # module the project imports is incidental (requests' certs.py prints its path):
    # the module is a library first. A manifest's declared entry still decides.
    entry = next((e for e in inputs.entries if inputs.vocabulary.role(e.kind) == "role.cli"
                  and not (inputs.imported and e.evidence.path == path)), None)
    if entry:
        return found("role.cli", _line_in(entry, path), f"{entry.kind} ({entry.evidence.path}:{entry.evidence.line})")
    return found("role.core", 1, "no interface, data, integration or utility evidence")


def _importers(facts, resolved, registry, library_projects) -> tuple[frozenset[str], frozenset[str]]:
    """Files that another file of the project imports, tests aside; and files that a
    test imports."""
    language = {f.path: f.language for f in facts}
    imported, tested = set(), set()
    for resolved_file in resolved:
        importer = resolved_file.path
        if importer not in language:
            continue
        knowledge = registry.get(language[importer]).knowledge
        library = _nearest_folder_in(importer, library_projects)
        found = tested if test_reason(importer, knowledge.test_paths, library) else imported
        found.update(e.target for e in resolved_file.imports if e.target and e.target != importer)
    return frozenset(imported), frozenset(tested)


def _folders_with_test_files(facts, registry) -> frozenset[str]:
    """Folders holding a test file by its name (``man_docs_test.go``) next to other code."""
    folders = set()
    for file_facts in facts:
        name = file_facts.path.rpartition("/")[2]
        globs = registry.get(file_facts.language).knowledge.test_paths
        if any("/" not in g and fnmatch.fnmatchcase(name, g) for g in globs):
            folders.add(file_facts.path.rpartition("/")[0])
    return frozenset(folders)


def _has_no_code(facts: FileFacts) -> bool:
    """Nothing defined and nothing called (``package-info.java``, an empty ``__init__.py``)."""
    return not facts.definitions and not facts.calls


def _line_in(entry: EntryPoint, path: str) -> int:
    """The entry's line when it is declared in ``path``; else the file it starts in
    is cited as a whole (its manifest line belongs to another file)."""
    return entry.evidence.line if entry.evidence.path == path else 1


@lru_cache(maxsize=65536)  # asked for every folder of every path
def _is_test_directory(name: str) -> bool:
    """``tests``, and compound names that start or end with the word: hono's
    ``runtime-tests``, tokio's ``tests-build`` and ``tests-integration``, and the
    camel-case ones of .NET and Gradle (AutoMapper's ``UnitTests``, Kotlin
    multiplatform's ``jvmTest``), whose build declares them as test projects; or that
    hold the word ``testing`` (okhttp's ``okhttp-testing-support``, a library only tests use).
    A camel-case name only ends with the word: one that starts with it names a
    namespace of the project's own API (FluentValidation's ``TestHelper``, which
    users' tests call), while test projects are ``X.Tests`` and ``UnitTests``."""
    if name.lower() in _TEST_DIRS:  # symfony's Tests/, a .NET Specs/
        return True
    words = name_words(name)
    if len(words) < 2:
        return False
    camel_case = not any(mark in name for mark in "-_.")
    ends = words[-1] in {"test", "tests"}
    starts = words[0] in {"test", "tests"} and not camel_case
    return ends or starts or "testing" in words


# Cached: roles, entry points, routes and subcommands all ask about the same files.
@lru_cache(maxsize=65536)
def test_reason(path: str, test_globs: tuple[str, ...], library_project: str = "") -> str:
    """Why ``path`` is test code ('' if it is not): a test directory or a test file name.
    The folder of a library project (``library_project``, whose manifest says it is a
    packable library and no test project) is no test directory whatever its name."""
    parts = path.split("/")
    test_dir = next(
        (d for i, d in enumerate(parts[:-1]) if _is_test_directory(d) and "/".join(parts[: i + 1]) != library_project),
        None,
    )
    if test_dir:
        return f"under a {test_dir}/ directory"
    pattern = _matching_glob(path, test_globs)
    return f"file name matches {pattern}" if pattern else ""


def _framework_roles_by_project(facts, framework_by_path, project_of) -> dict[tuple[str, str], frozenset[str]]:
    """Per language and project (the folder of the nearest package manifest), so a
    TypeScript api.ts is not an HTTP API because the Python backend next to it uses
    FastAPI, nor because the docs site of the same workspace uses Next.js (zod)."""
    roles: dict[tuple[str, str], set[str]] = {}
    for file_facts in facts:
        key = (file_facts.language, project_of[file_facts.path])
        roles.setdefault(key, set()).update(framework_by_path[file_facts.path])
    return {key: frozenset(found) for key, found in roles.items()}


def _nearest_folder_in(path: str, folders: frozenset[str]) -> str:
    """The nearest folder above ``path`` that is one of ``folders`` ('' if none): the
    project it is in (the folders with their own package manifest), or the library
    project; walks the path's own folders, since a monorepo has hundreds of projects."""
    directory = path.rpartition("/")[0]
    while directory and directory not in folders:
        directory = directory.rpartition("/")[0]
    return directory


def _tooling_import(resolved: ResolvedFile | None, knowledge) -> tuple[int, str] | None:
    """The first import of a tooling package (``vitest``) when every package the file
    imports is one; None otherwise, or when it imports no package."""
    externals = [edge for edge in (resolved.imports if resolved else ()) if edge.external is not None]
    if not externals:
        return None
    if not all(knowledge.is_tooling_package(e.external) or knowledge.is_tooling_package(e.source) for e in externals):
        return None
    return externals[0].line, externals[0].external


def _framework_roles(resolved: ResolvedFile | None, knowledge, facts: FileFacts) -> dict[str, tuple[int, str]]:
    """Role -> (line, package) of the file's first import of a framework of that role.
    An import inside a function is left out: it serves that one function (sidekiq's
    cli.rb requires rails to boot the user's app; its web/application.rb requires
    net/http in one route), not what the file is."""
    roles: dict[str, tuple[int, str]] = {}
    if resolved is None:
        return roles
    bodies = [(d.line, d.end_line) for d in facts.definitions if d.kind in _FUNCTION_BODY_KINDS]
    for edge in resolved.imports:
        if edge.external is None or any(start < edge.line <= end for start, end in bodies):
            continue
        role = knowledge.role_for_package(edge.source) or knowledge.role_for_package(edge.external)
        if role and role not in roles:
            roles[role] = (edge.line, edge.external)
    return roles


def _outside_main_block(framework: dict[str, tuple[int, str]], facts: FileFacts) -> dict[str, tuple[int, str]]:
    """The framework imports above the file's main block: rich's markdown.py imports
    argparse inside its ``if __name__ == "__main__":`` demo, which makes a module the
    project imports no CLI (the block's own entry is already incidental for it)."""
    guard = facts.main_block_line
    if guard is None:
        return framework
    return {role: found for role, found in framework.items() if found[0] < guard}


def _call_roles(facts: FileFacts, knowledge) -> dict[str, tuple[int, str]]:
    """Role -> the first call that implies it (the language's ``[role_calls]``)."""
    roles: dict[str, tuple[int, str]] = {}
    for call in facts.calls:
        role = knowledge.role_for_call(call.callee)
        if role and role not in roles:
            roles[role] = (call.line, call.callee)
    return roles


def _name_hits(stem: str, directories: list[str], names: set[str]) -> list[tuple[str, str]]:
    """Every name of ``names`` the path has, as (label, folder path or '' for the
    file's own name): the file's stem first, then its folders, innermost first."""
    hits = [(stem, "")] if stem.lower() in names else []
    for depth in range(len(directories), 0, -1):
        if directories[depth - 1].lower() in names:
            hits.append((f"{directories[depth - 1]}/", "/".join(directories[:depth])))
    return hits


def _start_file(entry: EntryPoint, defined: dict[str, set[str]], resolved_by_path) -> str:
    """The file an entry starts in: the one that defines its function. A package root
    that imports ``main`` from a module defining it (httpx's ``__init__.py``, whose own
    ``main`` is only a fallback for missing extras) re-exports it: the module is the CLI."""
    if not entry.file or not entry.symbol:
        return entry.file
    resolved = resolved_by_path.get(entry.file)
    for binding in resolved.bindings if resolved else ():
        if binding.local == entry.symbol:
            origin = next((t for t in binding.targets if entry.symbol in defined.get(t, ())), "")
            if origin:
                return origin
    return entry.file if entry.symbol in defined.get(entry.file, ()) else ""


def _remote_api_call(facts: FileFacts):
    """The first call of an HTTP verb method with a URL or path as its first argument."""
    return next(
        (c for c in facts.calls
         if "." in c.callee and c.callee.rpartition(".")[2].lower() in _HTTP_VERB_METHODS
         and c.arg is not None and _URL_OR_PATH.fullmatch(c.arg)),
        None,
    )


def _calling_out(effects: tuple[EffectSite, ...], facts: FileFacts, knowledge) -> tuple[EffectSite, ...]:
    """The file's effects without the network effects that serve: a server's own calls
    (``app.listen``) and, in a file that listens, the sockets it listens on."""
    listens = any(knowledge.listens(call.callee) for call in facts.calls)
    return tuple(
        s for s in effects
        if not (s.kind == "effect.net" and (knowledge.serves(s.detail) or listens and knowledge.serves_when_listening(s.detail)))
    )


def _folders_used_from_outside(resolved: tuple[ResolvedFile, ...]) -> frozenset[str]:
    """Folders that hold a file some file outside the folder imports."""
    used: set[str] = set()
    for resolved_file in resolved:
        importer_dir = resolved_file.path.rpartition("/")[0]
        for edge in resolved_file.imports:
            directory = (edge.target or "").rpartition("/")[0]
            while directory and not is_within(importer_dir, directory):
                used.add(directory)
                directory = directory.rpartition("/")[0]
    return frozenset(used)


def _folder_evidence(facts, framework_by_path, calling_out) -> dict[str, frozenset[str]]:
    """Folder -> the effect kinds (serving network effects aside) and framework roles
    found in the files under it, at any depth."""
    by_file: dict[str, set[str]] = {}
    for file_facts in facts:
        found = {s.kind for s in calling_out[file_facts.path]}
        found.update(framework_by_path[file_facts.path])
        by_file[file_facts.path] = found
    folders: dict[str, set[str]] = {}
    for path, found in by_file.items():
        directory = path.rpartition("/")[0]
        while directory and found:
            folders.setdefault(directory, set()).update(found)
            directory = directory.rpartition("/")[0]
    return {folder: frozenset(found) for folder, found in folders.items()}


def _matching_glob(path: str, globs: tuple[str, ...]) -> str:
    """The first glob that matches the file name, or (with a slash) the path's end from
    a folder boundary: ``test/*`` matches ``test/a.c`` and ``src/test/a.c``, never
    googletest's ``googletest/src/gtest.cc``."""
    name = path.rpartition("/")[2]
    return next((p for p in globs if fnmatch.fnmatchcase(name, p) or (
        "/" in p and (fnmatch.fnmatchcase(path, p) or fnmatch.fnmatchcase(path, f"*/{p}")))), "")


def _name_hit(stem: str, directories: list[str], names: set[str]) -> str:
    # Case-insensitive: C# and Java folders are PascalCase (Controllers/, Models/).
    if stem.lower() in names:
        return stem
    for directory in reversed(directories):
        if directory.lower() in names:
            return f"{directory}/"
    return ""
