"""What a language folder provides: the ``LanguageSpec`` contract.

To add a language, create ``mapper/languages/<name>/`` with:

- ``__init__.py`` defining ``SPEC = LanguageSpec(...)`` (its docstring lists what is
  supported and the known gaps);
- ``facts.scm``: tree-sitter queries using the capture names below;
- ``knowledge.toml``: which callees mean which side effect, which packages imply which
  role, which calls create an entry point;
- a resolver (``resolve.py``) and, if the ecosystem has manifests, ``manifests.py``.

The registry finds the folder by itself; the core never names a language.

Capture names understood by the extractor (``mapper/parse/extract.py``):

``@import`` with ``@import.source`` and optional ``@import.name`` / ``@import.alias``;
``@import.kind.<kind>`` on the whole import sets its kind.
``@definition.<kind>`` with ``@name``: a definition (function, class, method...).
``@call`` with ``@call.callee`` and optional ``@call.arg`` (first string argument);
``@call.receiver`` where the grammar keeps the receiver apart from the method name;
``@call.write`` on a mode argument that opens for writing (``open(p, "w")``): a call the
knowledge table files under ``effect.fs`` is then a filesystem write.
``@call.bare`` on an empty argument list (``new Random()``): a generator the knowledge
table's ``[unseeded]`` names then draws its seed from outside, so it is randomness.
``@access`` with ``@access.object`` and ``@access.key``: a keyed read like ``env["X"]``.
``@marker.<kind>`` with optional ``@marker.name``: any other fact (``package main``...).
Route tables (``mapper/analyze/routes.py``) read three marker kinds on the line of a
registration: ``@marker.handler`` (name: the handler as written, or no name for an
inline function), ``@marker.methods`` (name: the text listing HTTP methods,
``methods=["GET", "POST"]``), and on annotations ``@marker.annotation`` (name: the
annotation) with ``@marker.route`` (name: its path literal).
``@summary``: a module docstring or leading comment.
Captures starting with ``_`` are private to predicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from mapper.model import (
    EntryKind,
    Binding,
    Command,
    EntryPoint,
    FileFacts,
    ImportSite,
    RepoSnapshot,
    Route,
)

__all__ = ["GrammarRef", "LanguageSpec", "Resolver", "ResolveContext", "ImportTarget"]


@dataclass(frozen=True)
class GrammarRef:
    """Where a grammar comes from: an official per-language wheel, or the language pack."""

    module: str  # e.g. 'tree_sitter_python'
    function: str = "language"
    pack_name: str = ""  # name in tree-sitter-language-pack, for the fallback


@dataclass(frozen=True)
class ImportTarget:
    """What a resolver says about one import: repo files it reaches, or an external package."""

    targets: tuple[str, ...] = ()
    external: str | None = None


@dataclass(frozen=True)
class ResolveContext:
    """Read-only view of the repository that resolvers may consult."""

    snapshot: RepoSnapshot
    source_paths: frozenset[str]
    facts_by_path: dict[str, FileFacts]


class Resolver(Protocol):
    def resolve(self, importer: str, site: ImportSite) -> ImportTarget: ...


def _no_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    return []


def _no_commands(snapshot: RepoSnapshot) -> list[Command]:
    return []


def _no_file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    return []


def _no_project_name(snapshot: RepoSnapshot) -> str | None:
    return None


def _no_routes(snapshot: RepoSnapshot, facts: tuple[FileFacts, ...]) -> list[Route]:
    return []


def _no_library_projects(snapshot: RepoSnapshot) -> frozenset[str]:
    return frozenset()


def _no_entry_location(entry: EntryPoint, source_paths: frozenset[str]) -> tuple[str, str] | None:
    return None


@dataclass(frozen=True)
class LanguageSpec:
    name: str
    extensions: tuple[str, ...]
    grammars: dict[str, GrammarRef]  # extension -> grammar ('' is the default)
    package: str  # the Python package holding facts.scm and knowledge.toml
    make_resolver: Callable[[ResolveContext], Resolver]
    bind_import: Callable[[ImportSite], Binding | None]
    is_public: Callable[[str, str], bool]  # (name, definition source text) -> public?
    # Languages whose methods carry no visibility that is_public can read (JavaScript,
    # TypeScript): a method is public when its type is, unless its name starts with one
    # of these prefixes or its definition line with one of these words.
    private_method_prefixes: tuple[str, ...] | None = None
    private_method_words: tuple[str, ...] = ()
    separators: tuple[str, ...] = (".",)  # written between name parts; normalised to '.'
    # Extension -> definition kinds that no other file can see when written in such a
    # file: a struct or macro of a C source file (not a header) is the file's own.
    file_local_kinds: tuple[tuple[str, frozenset[str]], ...] = ()
    # Method names that construct their type (``__init__``, ``initialize``): the type's
    # own name already says so, and a map row has no names to spare for them. (Where the
    # grammar names a constructor after its type, Java's and C#'s, it is no method.)
    constructor_names: tuple[str, ...] = ()
    # (package, file) query files loaded before this folder's own facts.scm, and the
    # package whose knowledge.toml to use when this folder has none: how TypeScript
    # shares JavaScript's patterns and tables without copying them.
    shared_queries: tuple[tuple[str, str], ...] = ()
    knowledge_package: str = ""
    # (extension, language) pairs this language takes over in a repository written in
    # it: C++ takes the ``.h`` headers of a project with few ``.c`` files (discover's
    # ADOPT_RATIO).
    adopts: tuple[tuple[str, str], ...] = ()
    # (declaration extension, extensions of the file it declares): a ``.pyi`` stub
    # beside its ``.py`` module repeats that module's names for the type checker.
    declaration_extensions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    manifest_names: tuple[str, ...] = ()  # basenames whose text later stages need
    project_manifests: tuple[str, ...] = ()  # basenames that make a folder a project
    # Endings of manifests with no fixed name whose text later stages need (``.csproj``).
    manifest_suffixes: tuple[str, ...] = ()
    read_entry_points: Callable[[RepoSnapshot], list[EntryPoint]] = field(
        default=_no_entry_points
    )
    read_commands: Callable[[RepoSnapshot], list[Command]] = field(default=_no_commands)
    file_entry_points: Callable[[FileFacts], list[EntryPoint]] = field(
        default=_no_file_entry_points
    )
    read_project_name: Callable[[RepoSnapshot], str | None] = field(default=_no_project_name)
    # Routes that no registration call names: file-based routing (Next.js pages/),
    # DSLs that expand to several routes (Rails ``resources``). Gets this language's
    # non-test files; registrations that facts.scm and knowledge.toml describe need
    # no code.
    read_routes: Callable[[RepoSnapshot, tuple[FileFacts, ...]], list[Route]] = field(default=_no_routes)
    # Where a manifest-declared entry starts: (source file, function) or None.
    locate_entry: Callable[[EntryPoint, frozenset[str]], tuple[str, str] | None] = field(
        default=_no_entry_location
    )
    # Folders whose project manifest declares a library that is no test project (a
    # packable .csproj without a test framework): a test-like folder name (Polly's
    # ``src/Polly.Testing/``) does not make its files tests.
    read_library_projects: Callable[[RepoSnapshot], frozenset[str]] = field(default=_no_library_projects)
    # The entry kinds this folder produces, each with its label and implied role: the
    # core names none of them (mapper/analyze/entry_kinds.py merges them).
    entry_kinds: tuple[EntryKind, ...] = ()

    def grammar_for(self, path: str) -> GrammarRef:
        for ext, ref in self.grammars.items():
            if ext and path.endswith(ext):
                return ref
        return self.grammars[""]
