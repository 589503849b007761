"""Find the language folders and load their declarative knowledge.

Each sub-package of ``mapper.languages`` that defines ``SPEC`` is a language. Nothing
here names a language: adding one is adding a folder.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import importlib
import pkgutil
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from mapper.languages.spec import LanguageSpec

__all__ = ["PatternTable", "Knowledge", "Language", "LanguageRegistry", "load_languages"]


@dataclass(frozen=True)
class PatternTable:
    """Kinds in precedence order, each with one compiled regex and a set of method names.

    A pattern is an fnmatch glob over canonical dotted names (``subprocess.*``), or
    ``.name`` to match a method by name on a receiver that cannot be resolved (``.name*``
    for the names that start so: ``.DownloadString*`` takes ``DownloadStringAsync``).
    """

    rows: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]
    # Method name -> words one of which the receiver's name must have for a
    # ".name" pattern to match (``.execute`` on a ``cursor``, not on ``command``): a
    # method name alone says little about what it is called on.
    receivers: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    # Answers remembered per (name, resolved): a repository repeats its callees a lot.
    _memo: dict[tuple[str, bool, bool], str | None] = field(default_factory=dict, compare=False, repr=False)
    # Regexes are compiled on first use: a run answered from the result cache never
    # matches anything, and compiling every table costs more than that whole run.
    _regexes: list[re.Pattern[str] | None] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def from_section(
        cls, section: dict[str, list[str]], receivers: dict[str, list[str]] | None = None
    ) -> "PatternTable":
        rows = []
        # TOML tables keep file order, which is the precedence the author chose.
        for kind, patterns in section.items():
            globs = tuple(p for p in patterns if not p.startswith("."))
            methods = frozenset(p[1:] for p in patterns if p.startswith("."))
            rows.append((kind, globs, methods))
        words = {method: frozenset(w.lower() for w in names) for method, names in (receivers or {}).items()}
        return cls(tuple(rows), words)

    def _compiled(self) -> list[re.Pattern[str] | None]:
        if not self._regexes and self.rows:
            self._regexes.extend(
                re.compile("|".join(fnmatch.translate(g) for g in globs)) if globs else None
                for _kind, globs, _methods in self.rows
            )
        return self._regexes

    def match(self, canonical: str, resolved: bool, globs: bool = True) -> str | None:
        key = (canonical, resolved, globs)
        if key not in self._memo:
            self._memo[key] = self._match(canonical, resolved, globs)
        return self._memo[key]

    def _match(self, canonical: str, resolved: bool, globs: bool) -> str | None:
        last = canonical.rsplit(".", 1)[-1]
        # Method-name patterns only apply where the receiver is unknown, so a resolved
        # call (``mymodule.write_text``) is never mistaken for one.
        method_ok = not resolved and "." in canonical and self._receiver_fits(canonical, last)
        for (kind, _globs, methods), regex in zip(self.rows, self._compiled()):
            if globs and regex is not None and regex.match(canonical):
                return kind
            if method_ok and (last in methods or any(fnmatch.fnmatchcase(last, m) for m in methods if "*" in m)):
                return kind
        return None

    def _receiver_fits(self, canonical: str, method: str) -> bool:
        words = self.receivers.get(method)
        if words is None:
            return True
        receiver = canonical[: -len(method) - 1].rsplit(".", 1)[-1]
        return not words.isdisjoint(receiver_words(receiver))


_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\?")


def receiver_words(receiver: str) -> frozenset[str]:
    """The words of a receiver's name, lower case, digits dropped: ``_httpClient2`` ->
    {http, client, httpclient}; ``callbackExecutor`` has no word ``call``."""
    words = [w.lower() for w in _WORD.findall(receiver)]
    return frozenset([*words, "".join(words)])


@dataclass(frozen=True)
class Knowledge:
    """A language's data tables, loaded from its ``knowledge.toml``."""

    effects: PatternTable
    roles: PatternTable
    entries: PatternTable
    test_paths: tuple[str, ...]
    # Names usable without an import (``process``, ``fetch``). When a language lists
    # them, a dotted name whose head is neither imported nor listed is a local
    # variable (``ws.keys`` for a local ``ws``) and only method patterns apply to it.
    globals: frozenset[str] | None = None
    # Callees (or annotation names) that register a web route -> the HTTP method
    # they imply ('ANY' when the registration does not say).
    routes: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Packages whose command objects declare CLI subcommands (click, cobra, clap): a
    # file's subcommand markers count only when it imports one of them.
    subcommand_frameworks: tuple[str, ...] = ()
    # Names that match an effect pattern but do no I/O: a lookup or a pure function
    # reached through an effectful module (``http.client.responses``, ``os.path.join``).
    not_effects: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Imports that make a file's route annotations a declaration of a remote API (a
    # Retrofit or Feign interface is a client): its annotated methods serve nothing.
    route_clients: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Network callees that serve rather than call out (``app.listen``, a server socket).
    servers: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Calls that make a file a server (``sock.listen``, ``srv.serve_forever``), and the
    # socket calls that then serve too: ``socket.socket`` in a file that listens opens
    # the listening socket, not a connection out.
    listening: PatternTable = field(default_factory=lambda: PatternTable(()))
    server_sockets: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Calls as written that say what a file is (``document.querySelector``: code that
    # runs in a browser page is UI) -> role, for names no import binds.
    role_calls: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Random generators that draw a seed from outside only when built with no arguments
    # (``new Random()``, ``random.Random()``): ``new Random(2847)`` repeats itself.
    unseeded_generators: PatternTable = field(default_factory=lambda: PatternTable(()))
    # Callee -> imports that shadow it: in a file that imports one, the name is that
    # framework's (Qt's ``connect`` joins a signal to a slot; libc's opens a socket).
    shadowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # First arguments of a file open that name no file (``php://temp``, an in-memory stream).
    not_files: tuple[str, ...] = ()
    # Paths of tooling by how it runs (``*.rake``, ``lib/tasks/*``): scripts, not core.
    tooling_paths: tuple[str, ...] = ()
    # Packages of build, test and lint tools: a file nothing imports that imports only
    # these is tooling (a test reporter, a docs build script).
    tooling_packages: PatternTable = field(default_factory=lambda: PatternTable(()))

    def effect_kind(self, canonical: str, resolved: bool) -> str | None:
        if self.not_effects.match(canonical, resolved) is not None:
            return None
        head, dotted = canonical.split(".", 1)[0], "." in canonical
        local_variable = self.globals is not None and not resolved and dotted and head not in self.globals
        return self.effects.match(canonical, resolved, globs=not local_variable)

    def entry_kind(self, canonical: str, resolved: bool) -> str | None:
        return self.entries.match(canonical, resolved)

    def route_method(self, canonical: str, resolved: bool) -> str | None:
        return self.routes.match(canonical, resolved)

    def serves(self, canonical: str) -> bool:
        # A server is often a local (``server := &http.Server{...}; server.ListenAndServe()``,
        # ``const server = http.createServer(...); server.listen()``), so a method
        # pattern applies to the call as written, whatever its receiver.
        return self.servers.match(canonical, resolved=False) is not None

    def listens(self, callee: str) -> bool:
        """Whether a call as written (``srv.serve_forever``) makes its file a server."""
        return self.listening.match(callee, resolved=False) is not None

    def serves_when_listening(self, canonical: str) -> bool:
        # As written (``sock.recv``): a method pattern applies whatever the receiver.
        return self.server_sockets.match(canonical, resolved=False) is not None

    def role_for_call(self, callee: str) -> str | None:
        return self.role_calls.match(callee, resolved=True)

    def unseeded(self, canonical: str) -> bool:
        """Whether a call of ``canonical`` with no arguments builds a generator seeded from outside."""
        return self.unseeded_generators.match(canonical, resolved=True) is not None

    def shadowed_in(self, canonical: str, import_sources: tuple[str, ...]) -> bool:
        """Whether the file's imports make ``canonical`` another framework's name."""
        globs = self.shadowed.get(canonical)
        if not globs:
            return False
        # As written: C's ``#include <QObject>`` keeps its brackets.
        sources = [source.strip('<>"') for source in import_sources]
        return any(fnmatch.fnmatchcase(s, g) for s in sources for g in globs)

    def names_no_file(self, arg: str | None) -> bool:
        return arg is not None and any(fnmatch.fnmatchcase(arg, glob) for glob in self.not_files)

    def declares_remote_api(self, import_source: str) -> bool:
        return self.route_clients.match(import_source, resolved=True) is not None

    def is_tooling_package(self, package: str) -> bool:
        return self.tooling_packages.match(package, resolved=True) is not None

    def role_for_package(self, package: str) -> str | None:
        return self.roles.match(package, resolved=True)


@dataclass(frozen=True)
class Language:
    spec: LanguageSpec
    knowledge_source: str  # the text of knowledge.toml
    query_source: str
    query_hash: str

    @functools.cached_property
    def knowledge(self) -> Knowledge:
        # Parsed on first use: a run answered from the result cache never asks.
        return _parse_knowledge(self.knowledge_source)


@dataclass(frozen=True)
class LanguageRegistry:
    languages: tuple[Language, ...]

    def for_path(self, path: str) -> Language | None:
        """The language of the longest extension the file name ends with."""
        name = path.rpartition("/")[2].lower()
        dot = name.find(".")
        while dot != -1:  # leftmost dot first: the longest suffix wins (.d.ts over .ts)
            language = self._by_extension.get(name[dot:])
            if language is not None:
                return language
            dot = name.find(".", dot + 1)
        return None

    @functools.cached_property
    def _by_extension(self) -> dict[str, Language]:
        by_extension: dict[str, Language] = {}
        for language in self.languages:
            for ext in language.spec.extensions:
                by_extension.setdefault(ext, language)
        return by_extension

    def get(self, name: str) -> Language:
        for language in self.languages:
            if language.spec.name == name:
                return language
        raise KeyError(name)

    def manifest_names(self) -> frozenset[str]:
        names: set[str] = set()
        for language in self.languages:
            names.update(language.spec.manifest_names)
        return frozenset(names)

    def manifest_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted({suffix for language in self.languages for suffix in language.spec.manifest_suffixes}))


def load_languages() -> LanguageRegistry:
    import mapper.languages as package

    found: list[Language] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, LanguageSpec):
            found.append(_load(spec))
    return LanguageRegistry(tuple(found))


def _load(spec: LanguageSpec) -> Language:
    folder = resources.files(spec.package)
    shared = [resources.files(package).joinpath(name).read_text(encoding="utf-8")
              for package, name in spec.shared_queries]
    query_source = "\n".join([*shared, folder.joinpath("facts.scm").read_text(encoding="utf-8")])
    tables = resources.files(spec.knowledge_package or spec.package).joinpath("knowledge.toml")
    raw_tables = tables.read_bytes()
    digest = hashlib.sha256(query_source.encode() + raw_tables).hexdigest()
    return Language(spec, raw_tables.decode("utf-8"), query_source, digest[:16])


def _parse_knowledge(source: str) -> Knowledge:
    table = tomllib.loads(source)
    return Knowledge(
        effects=PatternTable.from_section(table.get("effects", {}), table.get("effect_receivers", {})),
        roles=PatternTable.from_section(table.get("roles", {})),
        entries=PatternTable.from_section(table.get("entries", {})),
        test_paths=tuple(table.get("tests", {}).get("paths", ())),
        globals=frozenset(table["globals"]["names"]) if "globals" in table else None,
        routes=PatternTable.from_section(table.get("routes", {})),
        subcommand_frameworks=tuple(table.get("subcommands", {}).get("frameworks", ())),
        not_effects=PatternTable.from_section({"pure": table.get("not_effects", {}).get("names", [])}),
        route_clients=PatternTable.from_section({"client": table.get("route_clients", {}).get("imports", [])}),
        servers=PatternTable.from_section({"serves": table.get("servers", {}).get("names", [])}),
        listening=PatternTable.from_section({"listens": table.get("servers", {}).get("listening", [])}),
        server_sockets=PatternTable.from_section({"serves": table.get("servers", {}).get("sockets", [])}),
        role_calls=PatternTable.from_section(table.get("role_calls", {})),
        shadowed={name: tuple(globs) for name, globs in table.get("shadowed", {}).items()},
        not_files=tuple(table.get("not_files", {}).get("args", ())),
        unseeded_generators=PatternTable.from_section({"random": table.get("unseeded", {}).get("names", [])}),
        tooling_paths=tuple(table.get("tooling", {}).get("paths", ())),
        tooling_packages=PatternTable.from_section({"tooling": table.get("tooling", {}).get("packages", [])}),
    )
