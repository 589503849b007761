"""Kotlin: ``.kt`` and ``.kts`` files.

Supported: imports, ``import a.b.C as D`` renames and wildcard imports, resolved by the
JVM resolver shared with Java (``java/resolve.py``): every top-level class, object,
interface, function and type alias is indexed as ``package.Name`` (plus the ``FileKt``
facade class Java sees), so Kotlin and Java files import each other; a wildcard reaches
every file of the package; libraries are externals named by their package's first
three segments (four under ``com.github.``-style hosts). Definitions: classes,
interfaces, enum classes, objects, functions (methods inside types) and type aliases.
Calls with their first string argument: names and navigation chains (``System.getenv``,
``a?.b`` as ``a.b``; a call on a call's result as ``?.name``), constructor calls
(``File(p)``), generic calls (``runApplication<App>(...)``, which the grammar misreads
as comparisons). Imports bind their last name or alias, so effects use canonical names;
java.lang names match unqualified and extension functions (``.writeText``) by name;
the knowledge tables are the JVM ones of the Java folder, shared.
Markers: ``package``, top-level ``fun main``, framework annotations and mapping
paths. Summary: the KDoc before the first documented top-level declaration. Entry
points: ``fun main`` as its facade class (``entry.kotlin_main``, ``com.acme.MainKt``),
``embeddedServer``/``runApplication`` (``entry.web_app``), or a
``@SpringBootApplication`` class without a run call. Commands and the project name come
from the JVM readers in the Java folder (Gradle, Maven).

Known gaps: same-package references need no import and are not edges; default imports
(``kotlin.*``, ``kotlin.io.*``) bind nothing; calls on values match by method name
only, and an imported receiver's extension calls (``Notes.selectAll()`` after ``import
...Notes``) do not match method names at all; ``@file:JvmName`` is not read;
``main`` inside an ``object`` (``@JvmStatic``) is not an entry point; a class body
whose members sit on one line with its braces is mis-parsed by the grammar (partial
facts); Gradle ``.kts`` build scripts are parsed as Kotlin sources.
"""

from __future__ import annotations

import re

from mapper.languages.java import SPEC as JAVA
from mapper.languages.kotlin import manifests
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import EntryKind

_NOT_PUBLIC = re.compile(r"\b(private|internal|protected)\b")
_DECLARATION_KEYWORD = re.compile(r"\b(class|interface|object|fun|typealias)\b")


def is_public(name: str, line_text: str) -> bool:
    """Public unless a modifier before the keyword says otherwise.

    Only the text before ``class``/``fun``... counts: ``class Store(private val db: Db)``
    is public, its constructor property is not.
    """
    keyword = _DECLARATION_KEYWORD.search(line_text)
    modifiers = line_text[: keyword.start()] if keyword else line_text
    return not _NOT_PUBLIC.search(modifiers)


SPEC = LanguageSpec(
    name="kotlin",
    entry_kinds=(EntryKind("entry.kotlin_main", "Kotlin main", "role.cli", 14),),
    extensions=(".kt", ".kts"),
    grammars={"": GrammarRef("tree_sitter_kotlin", "language", pack_name="kotlin")},
    package=__name__,
    # One JVM resolver, bindings and knowledge table with Java: the two import each
    # other's classes and call the same libraries. Build files are read once, by Java.
    make_resolver=JAVA.make_resolver,
    bind_import=JAVA.bind_import,
    is_public=is_public,
    separators=("?.", "."),
    knowledge_package=JAVA.package,
    file_entry_points=manifests.file_entry_points,
    read_project_name=JAVA.read_project_name,
)
