"""JVM import resolution, shared by Java and Kotlin: fully qualified names -> files.

Every Java and Kotlin file of the repository is indexed under the names an import can
use: its package (from the ``package`` declaration) plus each top-level type, the
file stem for Java (a public class lives in the file of its name), and every
top-level class, object and function for Kotlin, with the ``FooKt`` facade class
that Java sees. Java imports Kotlin and the other way round, so one index serves both.

A file without a ``package`` line (or one whose line did not parse) gets the package
its directory implies below a source root: a standard Maven/Gradle root, or a root
that another file's package declaration reveals (``x/y/com/acme/Foo.java`` declaring
``com.acme`` makes ``x/y`` a root).

Same-package references need no import in either language and are not edges here.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from mapper.languages._shared import dir_of
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import Binding, FileFacts, ImportSite

__all__ = [
    "JvmIndex", "JvmResolver", "make_resolver", "bind_import", "build_index", "package_of",
    "external_package", "facade_class", "WILDCARD_KINDS", "JVM_LANGUAGES",
]

JVM_LANGUAGES = frozenset({"java", "kotlin"})
WILDCARD_KINDS = frozenset({"wildcard", "static_wildcard"})
_STANDARD_ROOTS = ("src/main/java", "src/main/kotlin", "src/test/java", "src/test/kotlin", "src")
# Definitions an import can name; members of types are reached through their type.
_IMPORTABLE_KINDS = frozenset(
    {"class", "interface", "enum", "record", "annotation", "object", "function", "type"}
)
_KOTLIN_SUFFIX = ".kt"
# Package segments an external is named by: `org.springframework.web` for anything
# under it. Group ids on code hosts need one more to name a project, not its owner.
_EXTERNAL_SEGMENTS = 3
_HOSTED_PREFIXES = ("com.github.", "io.github.", "com.gitlab.", "io.gitlab.", "org.github.")
# Leading package segments an import shares with the repository's own packages that
# make it the repository's (generated code, another module) rather than a library.
_OWN_SEGMENTS = 3


def bind_import(site: ImportSite) -> Binding | None:
    """``import a.b.C`` binds ``C``; ``import static a.b.C.m`` binds ``m``; an alias binds itself.

    Wildcards bind nothing: which names they bring in is not known without the library.
    """
    if site.kind in WILDCARD_KINDS:
        return None
    return Binding(site.alias or site.source.rsplit(".", 1)[-1], site.source)


def package_of(facts: FileFacts) -> str:
    """The package a file declares, '' for the default package."""
    return next((m.name for m in facts.markers if m.kind == "package"), "")


def facade_class(path: str) -> str:
    """The JVM class holding a Kotlin file's top-level functions: ``main.kt`` -> ``MainKt``."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return f"{stem[:1].upper()}{stem[1:]}Kt"


def external_package(source: str, kind: str) -> str:
    """What an import from outside the repository is named by: its package, cut short.

    The package is the part before the first capitalised segment (a class), or all but
    the last segment where nothing is capitalised (a Kotlin function), or all of a
    wildcard's source.
    """
    parts = source.split(".")
    package = next((parts[:i] for i, part in enumerate(parts) if part[:1].isupper()), None)
    if package is None:
        package = parts if kind in WILDCARD_KINDS else parts[:-1]
    dotted = ".".join(package)
    keep = _EXTERNAL_SEGMENTS + 1 if f"{dotted}.".startswith(_HOSTED_PREFIXES) else _EXTERNAL_SEGMENTS
    return ".".join(package[:keep]) or source


@dataclass(frozen=True)
class JvmIndex:
    classes: dict[str, tuple[str, ...]]  # fully qualified name -> files defining it
    packages: dict[str, tuple[str, ...]]  # package -> its files
    own_prefixes: frozenset[str]  # leading segments of the repository's packages


@dataclass(frozen=True)
class JvmResolver:
    index: JvmIndex

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        if site.kind in WILDCARD_KINDS:
            files = self.index.packages.get(site.source) or self._class_files(site.source)
            targets = tuple(files)
        else:
            files = self._class_files(site.source)
            targets = (_nearest(files, importer),) if files else ()
        if targets:
            return ImportTarget(targets=targets)
        if self._is_own(site.source):
            return ImportTarget()  # the repository's own package, but no parsed file defines it
        return ImportTarget(external=external_package(site.source, site.kind))

    def _is_own(self, name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in self.index.own_prefixes)

    def _class_files(self, name: str) -> tuple[str, ...]:
        """Files of the longest prefix of ``name`` that is a class (``a.b.C`` of ``a.b.C.m``)."""
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            files = self.index.classes.get(".".join(parts[:end]))
            if files:
                return files
        return ()


def _leading(dotted: str, count: int) -> str:
    return ".".join(dotted.split(".")[:count])


def _nearest(paths: tuple[str, ...], importer: str) -> str:
    # One class name in several modules of a repository: the importer's own module wins.
    return max(paths, key=lambda p: (len(posixpath.commonpath([p, importer]).split("/")), -len(p), p))


def build_index(facts_by_path: dict[str, FileFacts]) -> JvmIndex:
    jvm = {path: facts for path, facts in facts_by_path.items() if facts.language in JVM_LANGUAGES}
    roots = _source_roots(jvm.values())
    classes: dict[str, set[str]] = defaultdict(set)
    packages: dict[str, set[str]] = defaultdict(set)
    for path, facts in sorted(jvm.items()):
        package = package_of(facts) or _package_below_root(path, roots)
        packages[package].add(path)
        for name in _importable_names(facts):
            classes[f"{package}.{name}" if package else name].add(path)
    own = frozenset(_leading(p, _OWN_SEGMENTS) for p in packages if p)
    return JvmIndex(_sorted_values(classes), _sorted_values(packages), own)


def _sorted_values(table: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(paths)) for key, paths in table.items()}


def _importable_names(facts: FileFacts) -> set[str]:
    names = {d.name for d in facts.definitions if d.qualname == d.name and d.kind in _IMPORTABLE_KINDS}
    # A public Java class lives in the file of its name; Java sees a Kotlin file's
    # top-level functions as static members of its facade class.
    if facts.path.endswith(_KOTLIN_SUFFIX):
        names.add(facade_class(facts.path))
    else:
        names.add(posixpath.splitext(posixpath.basename(facts.path))[0])
    return names


def _source_roots(files) -> tuple[str, ...]:
    """Standard roots plus those the package declarations imply, deepest first."""
    found = set(_STANDARD_ROOTS)
    for facts in files:
        package = package_of(facts)
        directory = dir_of(facts.path)
        suffix = package.replace(".", "/")
        if package and (directory == suffix or directory.endswith("/" + suffix)):
            found.add(directory[: len(directory) - len(suffix)].rstrip("/"))
    return tuple(sorted(found, key=lambda r: (-r.count("/"), -len(r), r)))


def _package_below_root(path: str, roots: tuple[str, ...]) -> str:
    directory = dir_of(path)
    for root in roots:
        if not root or directory.startswith(root + "/"):
            return directory[len(root) :].strip("/").replace("/", ".")
        if directory == root:
            return ""
    return ""


def make_resolver(context: ResolveContext) -> JvmResolver:
    return JvmResolver(build_index(context.facts_by_path))
