"""Plain, frozen dataclasses that the pipeline stages hand to each other.

Data flows one way: ``RepoSnapshot -> FileFacts -> ResolvedImports -> graphs ->
Analysis -> MapDocument -> text``. Collections are tuples sorted by (path, line) so
that every stage is deterministic without extra care downstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# The markers around the generated block: render writes them, write looks for them.
BLOCK_BEGIN = "<!-- claude-map:begin -->"
BLOCK_END = "<!-- claude-map:end -->"

# Names by which code refers to its own object: calls through them resolve to methods.
RECEIVER_NAMES = frozenset({"self", "this", "cls", "$this"})

# --- discover -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file claude-map parses: repo-relative POSIX path plus its language."""

    path: str
    language: str
    size: int
    mtime_ns: int = 0


@dataclass(frozen=True, slots=True)
class ManifestFile:
    """A small build/config file whose text later stages read (pyproject, Makefile...)."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class SkippedPath:
    """A path left out of parsing, with the reason ('vendored', 'generated', ...)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class RepoSnapshot:
    """Everything discover found: the only stage output that knows the disk root."""

    root: Path
    name: str
    is_git: bool
    sources: tuple[SourceFile, ...]
    manifests: tuple[ManifestFile, ...]
    other_files: tuple[str, ...]
    skipped: tuple[SkippedPath, ...]

    def manifest(self, path: str) -> ManifestFile | None:
        for item in self.manifests:
            if item.path == path:
                return item
        return None


# --- parse / extract ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportSite:
    """One imported thing as written: ``source`` is the module spec, ``name`` a member.

    ``kind`` is language vocabulary the resolver understands ('import', 'mod', 'use',
    'require'...). ``alias`` is the local name when the code renames it.
    """

    line: int
    source: str
    name: str | None = None
    alias: str | None = None
    kind: str = "import"


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    qualname: str
    kind: str  # 'function', 'class', 'method', 'struct', 'interface', 'type', ...
    line: int
    end_line: int
    public: bool


class CallSite(NamedTuple):
    """A call (or a keyed read such as ``os.environ["X"]``) with its callee as written.

    A named tuple, not a dataclass like its neighbours: a large repository has a
    hundred thousand of them, and building frozen dataclasses from the cache cost
    three times as much.
    """

    line: int
    callee: str
    scope: str  # qualified name of the enclosing definition, '' at module level
    arg: str | None = None  # first string-literal argument or key, when there is one
    form: str = "call"  # 'call' | 'subscript' | 'write' (a call that opens for writing) | 'bare' (no arguments)


@dataclass(frozen=True, slots=True)
class Marker:
    """A syntactic fact the analyzers care about (``entry.main_guard``, ``package``...)."""

    kind: str
    line: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str
    language: str
    lines: int
    imports: tuple[ImportSite, ...]
    definitions: tuple[Definition, ...]
    calls: tuple[CallSite, ...]
    markers: tuple[Marker, ...]
    summary: str | None
    error_count: int = 0
    grammar_missing: bool = False

    @property
    def main_block_line(self) -> int | None:
        """The line of the file's first main block (``if __name__ == "__main__":``), if
        any: what follows it runs only when the file is run as a program."""
        return min((m.line for m in self.markers if m.kind == "main_guard"), default=None)


# --- resolve --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResolvedImport:
    """An import edge: ``importer`` uses ``target`` (a repo file) or ``external`` (a package)."""

    importer: str
    line: int
    source: str
    target: str | None = None
    external: str | None = None


@dataclass(frozen=True, slots=True)
class Binding:
    """A local name in a file and the qualified thing it stands for (``sp`` -> ``subprocess``)."""

    local: str
    qualified: str
    targets: tuple[str, ...] = ()  # repo files the import reached (a Go package has several)


@dataclass(frozen=True, slots=True)
class ResolvedFile:
    path: str
    imports: tuple[ResolvedImport, ...]
    bindings: tuple[Binding, ...]


# --- analyze --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: a file and line, plus a short reason."""

    path: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class EntryPoint:
    kind: str  # stable id, e.g. 'entry.console_script', 'entry.main_guard'
    name: str
    target: str  # what runs: 'pkg.cli:main', a file path, a command
    evidence: Evidence
    file: str = ""  # the source file where execution starts, when known
    symbol: str = ""  # the function it starts in ('' = module level)
    reaches: tuple[str, ...] = ()  # side-effect kinds reachable through resolved calls
    label: str = ""  # how the map names the kind ('console script'), from its EntryKind


@dataclass(frozen=True, slots=True)
class EntryKind:
    """An entry kind, declared once by whoever produces it (a language folder, or the
    core readers of CI workflows and Dockerfiles): its label, the role it gives the file
    it starts in, and its place in the entry-point listing (lower first)."""

    kind: str  # stable id, e.g. 'entry.console_script'
    label: str  # 'console script'
    role: str = ""  # 'role.cli' for a program's main, '' when it implies none
    order: int = 50


@dataclass(frozen=True, slots=True)
class Subcommand:
    """A CLI subcommand a command framework declares (``taskr add``, ``notes list``)."""

    name: str  # as typed on the command line
    file: str
    line: int
    handler: str = ""  # the function or variant that implements it, when named in code


@dataclass(frozen=True, slots=True)
class Route:
    """A web path the code registers, and what handles it (``GET /users/<id>``)."""

    method: str  # upper case: 'GET', 'POST'... or 'ANY' when the registration names none
    path: str  # the path template as written, with a leading '/' (prefixes joined)
    file: str
    line: int  # where it is registered (the decorator, annotation or call)
    handler: str = ""  # the function, method or 'controller#action' it runs, when known


@dataclass(frozen=True, slots=True)
class Command:
    kind: str  # 'install' | 'test' | 'lint' | 'build' | 'run' | 'other'
    command: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class EffectSite:
    kind: str  # stable id, e.g. 'effect.subprocess'
    path: str
    line: int
    symbol: str
    detail: str  # canonical callee, or the env variable name


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    path: str
    role: str  # stable id, e.g. 'role.cli'
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class SymbolRef:
    name: str
    line: int
    references: int


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    path: str
    language: str
    rank: float
    fan_in: int
    fan_out: int
    symbols: tuple[SymbolRef, ...]  # public (most referenced first), public methods, then private names
    summary: str | None
    lines: int = 0
    unit: str = ""  # the folder, when the file belongs to a package unit (analyze/units.py)
    declares: str = ""  # the source file this one declares the types of (a .pyi stub's .py)
    wrappers: tuple[str, ...] = ()  # namespaces wrapping its definitions (Ruby's `module Sidekiq`), deepest first


@dataclass(frozen=True, slots=True)
class Area:
    path: str  # top-level directory ('' for root files)
    files: int
    role: str  # dominant role
    kind: str = "source"  # 'source' | 'vendored' | 'generated' | 'build' | 'data' | 'docs'
    central: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExampleArea:
    """A folder of programs that demonstrate or exercise the project (``docs_src/``,
    ``examples/``): its entry points and files come after the project's own."""

    path: str
    files: int
    programs: int  # files that start execution or that nothing imports
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AreaEdge:
    importer: str
    imported: str
    weight: int
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Analysis:
    name: str
    languages: tuple[tuple[str, int], ...]
    commands: tuple[Command, ...]
    entry_points: tuple[EntryPoint, ...]
    areas: tuple[Area, ...]
    roles: tuple[RoleAssignment, ...]
    effects: tuple[EffectSite, ...]
    modules: tuple[ModuleInfo, ...]  # ranked, most central first
    area_edges: tuple[AreaEdge, ...]
    cycles: tuple[tuple[str, ...], ...]
    partial: tuple[str, ...] = field(default=())  # honest gaps: 'no grammar for X'
    routes: tuple[Route, ...] = field(default=())  # sorted by (file, line)
    subcommands: tuple[Subcommand, ...] = field(default=())  # sorted by (file, line)
    example_areas: tuple[ExampleArea, ...] = field(default=())  # sorted by path
