"""Kotlin: query captures, the shared JVM resolver from the Kotlin side, entry points.

Whole-fixture facts are compared by tests/test_fixtures.py. Resolution rules common to
Java and Kotlin (class files, wildcards, roots, externals) are tested in test_java.py.
"""

from __future__ import annotations

import pytest

from mapper.languages.kotlin import SPEC, is_public
from mapper.languages.kotlin.manifests import file_entry_points
from test_java import assert_partial_facts
from test_javascript import (  # shared helpers; pytest puts this folder on sys.path
    assert_fixture_effect_names, assert_fixture_imports, edges, facts_of, fixture_definitions,
    resolve_memory,
)



def _facts(registry, code: str, path: str = "src/main/kotlin/com/acme/App.kt"):
    return facts_of(registry, path, code)


# --- extraction ------------------------------------------------------------------------

IMPORTS = """package com.acme

import java.io.File
import io.ktor.server.engine.embeddedServer as serve
import kotlinx.coroutines.*
import com.acme.model.slugify
"""


def test_imports_renames_and_wildcards(registry):
    sites = {(s.line, s.source, s.alias, s.kind) for s in _facts(registry, IMPORTS).imports}
    assert sites == {
        (3, "java.io.File", None, "import"),
        (4, "io.ktor.server.engine.embeddedServer", "serve", "import"),
        (5, "kotlinx.coroutines", None, "wildcard"),
        (6, "com.acme.model.slugify", None, "import"),
    }


DEFINITIONS = """package com.acme

class Store(private val db: Db) {
    fun add(note: Note) {}
    private fun check() {}

    companion object {
        fun open(): Store = Store(Db())
    }
}

interface Repo {
    fun save()
}

object Registry {
    internal fun reset() {}
}

enum class Color { RED }

typealias Name = String

fun topLevel() = 1
"""


def test_classes_objects_functions_and_methods(registry):
    found = {(d.qualname, d.kind, d.public) for d in _facts(registry, DEFINITIONS).definitions}
    assert found == {
        ("Store", "class", True),  # `private val` belongs to the constructor, not the class
        ("Store.add", "method", True),
        ("Store.check", "method", False),
        ("Store.open", "method", True),  # companion members read as members of the class
        ("Repo", "interface", True),
        ("Repo.save", "method", True),
        ("Registry", "object", True),
        ("Registry.reset", "method", False),
        ("Color", "class", True),
        ("Name", "type", True),
        ("topLevel", "function", True),
    }


CALLS = """package com.acme

import java.io.File
import org.springframework.boot.runApplication

class Tool(private val dir: File) {
    fun run(args: Array<String>) {
        System.getenv("HOME")
        File(dir, "out.txt").writeText("x")
        dir?.mkdirs()
        ProcessBuilder("git", "log").start()
        runApplication<App>(*args)
        helper("plain")
    }

    fun helper(text: String) {}
}
"""


def test_calls_navigation_chains_constructors_and_generic_calls(registry):
    calls = {(c.line, c.callee, c.scope, c.arg) for c in _facts(registry, CALLS).calls}
    assert {
        (8, "System.getenv", "Tool.run", "HOME"),
        (9, "File", "Tool.run", None),  # a constructor call, first argument not a string
        (9, "?.writeText", "Tool.run", "x"),  # on a call's result: only the method
        (10, "dir.mkdirs", "Tool.run", None),  # `?.` reads as `.`
        (11, "ProcessBuilder", "Tool.run", "git"),
        (12, "runApplication", "Tool.run", None),  # the grammar reads it as comparisons
        (13, "helper", "Tool.run", "plain"),
    } <= calls


MARKERS = """package com.acme.web

import org.springframework.boot.runApplication

@SpringBootApplication
class App

@RestController
class Orders {
    @GetMapping("/orders")
    fun list(): List<Order> = emptyList()
}

fun Cli.main(argv: List<String>) {}

fun main(args: Array<String>) {
    runApplication<App>(*args)
}
"""


def test_package_main_annotation_and_route_markers(registry):
    markers = {(m.kind, m.name, m.line) for m in _facts(registry, MARKERS).markers}
    assert markers == {
        ("package", "com.acme.web", 1),
        ("annotation", "SpringBootApplication", 5),
        ("annotation", "RestController", 8),
        ("annotation", "GetMapping", 10),
        ("route", "/orders", 10),
        ("main_func", "", 16),  # the extension `Cli.main` is an ordinary function
    }


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("package a\n\n/**\n * Keeps notes.\n *\n * More.\n */\nclass Notes\n", "Keeps notes."),
        ("/*\n * Copyright 2024 Acme\n */\npackage a\n\n/** Entry. */\nobject Main\n", "Entry."),
        # A top-level function's KDoc documents that function, not the file.
        ("package a\n\n/** Returns a Locale.US formatted String. */\nfun String.format() = this\n", None),
        ("package a\n\n/** Factory for [calls][Call], see [ALPN][ietf]. */\nclass Client\n",
         "Factory for calls, see ALPN."),
        ("/** Licensed under the MIT licence. */\npackage a\n\nclass Notes\n", None),
        ("package a\n\nclass Notes {\n    /** Nested. */\n    fun f() {}\n}\n", None),
    ],
)
def test_kdoc_of_a_top_level_type_is_the_summary(registry, source, summary):
    assert _facts(registry, source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(registry):
    code = 'package a\n\nimport java.io.File\n\nfun f() {\n    System.getenv("A")\n    val x = ((\n'
    assert_partial_facts(_facts(registry, code), "java.io.File", "System.getenv", "A")


def test_gradle_kotlin_scripts_are_kotlin(registry):
    facts = _facts(registry, 'plugins {\n    kotlin("jvm") version "2.0.20"\n}\n', path="build.gradle.kts")
    assert facts.language == "kotlin" and facts.error_count == 0


@pytest.mark.parametrize(
    ("line", "public"),
    [
        ("class Store(private val db: Db) {", True),
        ("private class Store {", False),
        ("    internal fun reset() {}", False),
        ("    protected open fun hook() {}", False),
        ('    @GetMapping("/x")', True),  # default visibility is public
    ],
)
def test_public_unless_a_modifier_before_the_keyword_says_otherwise(line, public):
    assert is_public("x", line) is public


# --- resolution and knowledge --------------------------------------------------------------


def test_kotlin_imports_functions_objects_and_java_classes(registry):
    files = {
        "src/main/kotlin/com/acme/model/Note.kt": (
            "package com.acme.model\n\ndata class Note(val slug: String)\n\nfun slugify(t: String) = t\n"
        ),
        "src/main/kotlin/com/acme/store/Tables.kt": "package com.acme.store\n\nobject Notes\n",
        "src/main/java/com/acme/util/Checksums.java": "package com.acme.util;\n\npublic class Checksums {}\n",
        "src/main/kotlin/com/acme/App.kt": (
            "package com.acme\n\n"
            "import com.acme.model.slugify\n"  # 3: a top-level function
            "import com.acme.store.Notes as Table\n"  # 4: an object, renamed
            "import com.acme.util.Checksums\n"  # 5: a Java class
            "import com.acme.model.*\n"  # 6: the package
            "import kotlinx.coroutines.runBlocking\n"  # 7: a library function
        ),
    }
    resolved = resolve_memory(registry, files)["src/main/kotlin/com/acme/App.kt"]
    assert edges(resolved) == {
        (3, "src/main/kotlin/com/acme/model/Note.kt"),
        (4, "src/main/kotlin/com/acme/store/Tables.kt"),
        (5, "src/main/java/com/acme/util/Checksums.java"),
        (6, "src/main/kotlin/com/acme/model/Note.kt"),
        (7, "external:kotlinx.coroutines"),
    }
    assert {(b.local, b.qualified) for b in resolved.bindings} >= {
        ("slugify", "com.acme.model.slugify"), ("Table", "com.acme.store.Notes"),
    }


def test_kotlin_reads_the_jvm_knowledge_of_the_java_folder(registry):
    kotlin, java = registry.get("kotlin"), registry.get("java")
    assert SPEC.knowledge_package == java.spec.package
    assert kotlin.knowledge.effect_kind("file.writeText", resolved=False) == "effect.fs.write"
    # Building a client is not I/O; executing its call is.
    assert kotlin.knowledge.effect_kind("okhttp3.OkHttpClient", resolved=True) is None
    assert kotlin.knowledge.effect_kind("client.newCall", resolved=False) is None
    assert kotlin.knowledge.effect_kind("?.execute", resolved=False) == "effect.net"
    assert kotlin.knowledge.entry_kind("io.ktor.server.engine.embeddedServer", resolved=True) == "entry.web_app"


# --- the fixture -----------------------------------------------------------------------


def test_kotlin_cli_imports_and_externals_exactly(registry):
    assert_fixture_imports(registry, "kotlin-cli")


def test_kotlin_cli_effects_come_from_bindings_and_knowledge(registry):
    assert_fixture_effect_names(registry, "kotlin-cli")


def test_kotlin_cli_definitions(registry):
    assert {
        ("main", "function", 12, True), ("AddCommand", "class", 19, True),
        ("AddCommand.run", "method", 23, True), ("NoteStore.open", "method", 26, True),
        ("Notes", "object", 6, True), ("slugify", "function", 7, True),
        ("startServer", "function", 12, True), ("Checksums.sha256", "method", 13, True),
    } <= fixture_definitions(registry, "kotlin-cli")


# --- entry points ----------------------------------------------------------------------


def test_fun_main_runs_as_the_file_facade_class(registry):
    main = _facts(registry, "package com.acme\n\nfun main() {\n}\n", path="src/main/kotlin/com/acme/main.kt")
    assert [(e.kind, e.name, e.target, e.evidence.line) for e in file_entry_points(main)] == [
        ("entry.kotlin_main", "com.acme.MainKt", "com.acme.MainKt", 3),
    ]
    spring = _facts(registry, MARKERS, path="src/main/kotlin/com/acme/web/App.kt")
    assert [e.kind for e in file_entry_points(spring)] == ["entry.kotlin_main"]  # runApplication: [entries]
    script = _facts(registry, "fun main() {}\nmain()\n", path="tools/run.main.kts")
    launcher = _facts(registry, "package a\n\nfun main() {}\n", path="src/test/kotlin/a/Dev.kt")
    assert file_entry_points(script) == [] and file_entry_points(launcher) == []
