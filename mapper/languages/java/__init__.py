"""Java: ``.java`` files.

Supported: single-type, static, wildcard and static-wildcard imports; a class import
reaches the file of that class (the file stem, or any top-level type it declares),
static imports reach their class, a wildcard reaches every file of the package; Kotlin
files are indexed too, so Java imports of Kotlin classes resolve (one shared JVM
resolver, ``java/resolve.py``). Packages come from ``package`` declarations, with
Maven/Gradle source roots and roots the declarations imply as a fallback; libraries are
externals named by their package's first three segments (``org.springframework.web``).
Definitions: classes, interfaces, enums, records, annotation types, methods and
constructors (``Class.method`` qualnames). Calls with their receiver chain
(``Files.writeString``; ``Runtime.getRuntime().exec`` becomes ``?.exec``) and first
string argument; ``new X(...)`` is a call to ``X``. Imports bind the last name, so
effects use canonical names (``java.nio.file.Files.writeString``); java.lang names
match unqualified; ``knowledge.toml`` is the JVM table, shared with Kotlin. Markers:
``package``, ``public static void main`` (named after its class), framework annotations
(Spring, JAX-RS, Micronaut) and request-mapping paths. Summary: the Javadoc before the
first documented top-level type (licence headers skipped). Entry points: main classes
(``entry.java_main``, not in test source sets), ``SpringApplication.run``
(``entry.web_app``), or a ``@SpringBootApplication`` class without one, and the main
classes Gradle builds declare (``application { mainClass = ... }``,
``entry.gradle_main``, located at the class's file). Commands:
Maven (``mvn``/``./mvnw``) and Gradle (``gradle``/``./gradlew``) build and test, per
outermost JVM build (modules and samples nested in a build are left out).

Needs the extractor's ``@call.receiver`` capture: a method call has no node spanning
``receiver.method``.

Known gaps: classes of the same package need no import, so those references are not
edges; calls on variables (``repository.save``) match by method name only (types of
variables are not inferred); a wildcard import binds no names, so its classes' static
calls match only by their unqualified name; an annotation on its own line hides the
modifiers from ``is_public``, which then counts the declaration as public; Java 21+
instance ``main`` methods are not entry points; nested classes are importable only
through their outer class's file; method references (``Foo::bar``) are not calls.
"""

from __future__ import annotations

import re

from mapper.languages.java import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import EntryKind

# A line holding only annotations: the modifiers are on a later line, out of sight.
_ANNOTATIONS_ONLY = re.compile(r"\s*(@[\w.]+(\([^)]*\))?\s*)+")
_PUBLIC = re.compile(r"\bpublic\b")


def is_public(name: str, line_text: str) -> bool:
    """``public`` before the name; a line of annotations alone hides the modifiers: public."""
    at = re.search(rf"\b{re.escape(name)}\b", line_text)
    if at is None:
        return bool(_ANNOTATIONS_ONLY.fullmatch(line_text))
    return bool(_PUBLIC.search(line_text[: at.start()]))


SPEC = LanguageSpec(
    name="java",
    entry_kinds=(
        EntryKind("entry.java_main", "Java main", "role.cli", 14),
        EntryKind("entry.gradle_main", "Gradle main class", "role.cli", 13),
    ),
    extensions=(".java",),
    grammars={"": GrammarRef("tree_sitter_java", "language", pack_name="java")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=resolve.bind_import,
    is_public=is_public,
    manifest_names=(*manifests.MAVEN_FILES, *manifests.GRADLE_FILES, "gradlew"),
    project_manifests=(*manifests.MAVEN_FILES, *manifests.GRADLE_FILES),
    read_commands=manifests.read_commands,
    read_entry_points=manifests.read_entry_points,
    file_entry_points=manifests.file_entry_points,
    read_project_name=manifests.read_project_name,
)
