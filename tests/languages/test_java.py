"""Java: query captures, the JVM resolver and bindings, entry points and build commands.

Whole-fixture facts are compared by tests/test_fixtures.py; these tests pin the
folder's own pieces so that a failure names the piece that broke. The JVM resolver is
shared with Kotlin; its Kotlin side is tested in test_kotlin.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from mapper.languages.java import is_public
from mapper.languages.java.manifests import file_entry_points, read_commands, read_project_name
from mapper.languages.java.resolve import bind_import, external_package
from mapper.model import ImportSite
from test_javascript import (  # shared helpers; pytest puts this folder on sys.path
    assert_fixture_effect_names, assert_fixture_imports, edges, facts_of, fixture_definitions,
    memory_snapshot, resolve_memory,
)



def _facts(registry, code: str, path: str = "src/main/java/com/acme/App.java"):
    return facts_of(registry, path, code)


def assert_partial_facts(facts, import_source: str, callee: str, arg: str) -> None:
    """Code that stops parsing half-way still gives the facts before the error (also
    used by test_csharp.py and test_kotlin.py)."""
    assert facts.error_count == 1
    assert [s.source for s in facts.imports] == [import_source]
    assert any(c.callee == callee and c.arg == arg for c in facts.calls)


# --- extraction ------------------------------------------------------------------------

IMPORTS = """package com.acme;

import java.nio.file.Files;
import static java.lang.Math.max;
import java.util.*;
import static org.junit.jupiter.api.Assertions.*;
import java.util.Map.Entry;
"""


def test_single_static_and_wildcard_imports(registry):
    sites = {(s.line, s.source, s.kind) for s in _facts(registry, IMPORTS).imports}
    assert sites == {
        (3, "java.nio.file.Files", "import"),
        (4, "java.lang.Math.max", "static"),
        (5, "java.util", "wildcard"),
        (6, "org.junit.jupiter.api.Assertions", "static_wildcard"),
        (7, "java.util.Map.Entry", "import"),
    }


DEFINITIONS = """package com.acme;

public class Shop {
    public Shop() {}
    public void open() {}
    void close() {}
    public record Item(String sku) {}
    interface Listener { void changed(); }
    enum Mode { OPEN, CLOSED }
    @interface Audited {}
}

final class Helper {
    @Override
    public String toString() { return "helper"; }
}
"""


def test_types_methods_and_constructors(registry):
    found = {(d.qualname, d.kind, d.public) for d in _facts(registry, DEFINITIONS).definitions}
    assert found == {
        ("Shop", "class", True),
        ("Shop.Shop", "constructor", True),
        ("Shop.open", "method", True),
        ("Shop.close", "method", False),
        ("Shop.Item", "record", True),
        ("Shop.Listener", "interface", False),
        ("Shop.Listener.changed", "method", False),
        ("Shop.Mode", "enum", False),
        ("Shop.Audited", "annotation", False),
        ("Helper", "class", False),
        ("Helper.toString", "method", True),  # modifiers on the line after the annotation
    }


CALLS = """package com.acme;

import java.nio.file.Files;
import java.util.ArrayList;

class Tool {
    void run() throws Exception {
        Files.writeString(path, "x");
        Runtime.getRuntime().exec("ls");
        new ProcessBuilder("git", "log").start();
        System.getenv("HOME");
        java.nio.file.Files.delete(path);
        this.repo.save(item);
        helper("plain");
        new ArrayList<String>();
    }

    void helper(String text) {}
}
"""


def test_calls_keep_the_receiver_chain_and_first_string_argument(registry):
    calls = {(c.line, c.callee, c.scope, c.arg) for c in _facts(registry, CALLS).calls}
    assert {
        (8, "Files.writeString", "Tool.run", None),  # the first argument is not a string
        (9, "?.exec", "Tool.run", "ls"),  # the receiver is a call: only the method is kept
        (10, "ProcessBuilder", "Tool.run", "git"),  # `new X(...)` is a call to X
        (11, "System.getenv", "Tool.run", "HOME"),
        (12, "java.nio.file.Files.delete", "Tool.run", None),
        (13, "this.repo.save", "Tool.run", None),
        (14, "helper", "Tool.run", "plain"),
        (15, "ArrayList", "Tool.run", None),  # type arguments dropped
    } <= calls


MARKERS = """package com.acme.shop;

@SpringBootApplication
public class App {
    public static void main(String[] args) {}
}

class NotAnEntry {
    static void main(String[] args) {}
    public void main() {}
}

@RestController
@RequestMapping("/orders")
class Orders {
    @GetMapping("/{id}")
    public Order get(long id) { return null; }
    @Override
    public String toString() { return ""; }
}
"""


def test_package_main_annotation_and_route_markers(registry):
    markers = {(m.kind, m.name, m.line) for m in _facts(registry, MARKERS).markers}
    assert markers == {
        ("package", "com.acme.shop", 1),
        ("annotation", "SpringBootApplication", 3),
        ("main_func", "App", 5),  # named after its class
        ("annotation", "RestController", 13),
        ("annotation", "RequestMapping", 14),
        ("route", "/orders", 14),
        ("annotation", "GetMapping", 16),
        ("route", "/{id}", 16),
    }  # @Override is not a framework annotation; non-public or instance mains are not entries


@pytest.mark.parametrize(
    ("source", "summary"),
    [
        ("package a;\n\n/** Sells things.\n * More.\n */\npublic class Shop {}\n", "Sells things. More."),
        ("/*\n * Copyright 2024 Acme. Licensed under MIT.\n */\npackage a;\n\n/** Sells. */\nclass Shop {}\n",
         "Sells."),
        ("/** Copyright 2024 Acme, all rights reserved. */\npackage a;\n\nclass Shop {}\n", None),
        ("package a;\n\n// A line comment.\nclass Shop {\n    /** Nested. */\n    class Inner {}\n}\n", None),
        ("package a;\n\nclass Shop {}\n\n/** Second type. */\ninterface Port {}\n", "Second type."),
    ],
)
def test_javadoc_of_a_top_level_type_is_the_summary(registry, source, summary):
    assert _facts(registry, source).summary == summary


def test_invalid_code_still_gives_the_facts_before_the_error(registry):
    code = 'package a;\n\nimport java.io.File;\n\nclass A {\n  void f() {\n    System.getenv("A");\n    if ((( {\n'
    assert_partial_facts(_facts(registry, code), "java.io.File", "System.getenv", "A")


@pytest.mark.parametrize(
    ("name", "line", "public"),
    [
        ("Shop", "public final class Shop {", True),
        ("Shop", "final class Shop {", False),
        ("run", "    protected void run() {", False),
        ("get", '    @GetMapping("/x") public Order get() {', True),
        ("get", '    @GetMapping("/x")', True),  # the modifiers are on the next line: unknown
        ("Public", "class Public {", False),  # the word before the name must be the modifier
    ],
)
def test_public_means_the_modifier_before_the_name(name, line, public):
    assert is_public(name, line) is public


# --- bindings and externals ----------------------------------------------------------------


def test_imports_bind_their_last_name():
    assert bind_import(ImportSite(1, "java.nio.file.Files")).local == "Files"
    assert bind_import(ImportSite(1, "java.nio.file.Files")).qualified == "java.nio.file.Files"
    assert bind_import(ImportSite(1, "java.lang.Math.max", kind="static")).local == "max"
    assert bind_import(ImportSite(1, "a.b.C", alias="D")).local == "D"  # Kotlin's `as`
    assert bind_import(ImportSite(1, "java.util", kind="wildcard")) is None
    assert bind_import(ImportSite(1, "a.b.C", kind="static_wildcard")) is None


@pytest.mark.parametrize(
    ("source", "kind", "package"),
    [
        ("java.util.List", "import", "java.util"),
        ("java.util.Map.Entry", "import", "java.util"),
        ("java.util.concurrent.atomic.AtomicLong", "import", "java.util.concurrent"),
        ("org.springframework.web.bind.annotation", "wildcard", "org.springframework.web"),
        ("org.junit.jupiter.api.Assertions.assertEquals", "static", "org.junit.jupiter"),
        ("okhttp3.OkHttpClient", "import", "okhttp3"),
        ("io.ktor.server.engine.embeddedServer", "import", "io.ktor.server"),  # a function
        ("kotlinx.coroutines", "wildcard", "kotlinx.coroutines"),
        ("com.github.ajalt.clikt.core.CliktCommand", "import", "com.github.ajalt.clikt"),
    ],
)
def test_externals_are_named_by_their_package(source, kind, package):
    assert external_package(source, kind) == package


# --- resolution ------------------------------------------------------------------------

REPO = {
    "pom.xml": "<project><artifactId>shop</artifactId></project>",
    "core/src/main/java/com/acme/shop/Order.java": "package com.acme.shop;\n\npublic class Order {}\n",
    "core/src/main/java/com/acme/shop/Orders.java": (
        "package com.acme.shop;\n\npublic final class Orders {\n  public static int count() { return 0; }\n}\n"
        "class Secondary {}\n"
    ),
    "legacy/code/com/acme/tools/Tool.java": "package com.acme.tools;\n\npublic class Tool {}\n",
    "app/src/main/kotlin/com/acme/app/Util.kt": "package com.acme.app\n\nfun slug(s: String) = s\n",
    "app/src/main/java/com/acme/app/Main.java": (
        "package com.acme.app;\n\n"
        "import com.acme.shop.Order;\n"  # 3: a class
        "import static com.acme.shop.Orders.count;\n"  # 4: a static member -> its class
        "import com.acme.shop.*;\n"  # 5: the whole package
        "import com.acme.tools.Tool;\n"  # 6: under a root the package line reveals
        "import com.acme.app.UtilKt;\n"  # 7: a Kotlin file's facade class
        "import com.acme.shop.Order.Line;\n"  # 8: a nested class -> its outer class's file
        "import com.acme.shop.generated.Proto;\n"  # 9: the repository's own, not parsed
        "import org.slf4j.Logger;\n"  # 10: a library
        "import com.acme.shop.Secondary;\n"  # 11: a second top-level class of a file
    ),
}


def test_imports_reach_class_files_packages_and_kotlin_facades(registry):
    resolved = resolve_memory(registry, REPO)
    assert edges(resolved["app/src/main/java/com/acme/app/Main.java"]) == {
        (3, "core/src/main/java/com/acme/shop/Order.java"),
        (4, "core/src/main/java/com/acme/shop/Orders.java"),
        (5, "core/src/main/java/com/acme/shop/Order.java"),
        (5, "core/src/main/java/com/acme/shop/Orders.java"),
        (6, "legacy/code/com/acme/tools/Tool.java"),
        (7, "app/src/main/kotlin/com/acme/app/Util.kt"),
        (8, "core/src/main/java/com/acme/shop/Order.java"),
        (10, "external:org.slf4j"),
        (11, "core/src/main/java/com/acme/shop/Orders.java"),
    }  # line 9 is the repository's own package with no parsed file: unresolved


def test_a_class_in_several_modules_resolves_to_the_importers_own(registry):
    files = {
        "a/src/main/java/x/Config.java": "package x;\n\npublic class Config {}\n",
        "b/src/main/java/x/Config.java": "package x;\n\npublic class Config {}\n",
        "b/src/main/java/y/Use.java": "package y;\n\nimport x.Config;\n",
    }
    assert edges(resolve_memory(registry, files)["b/src/main/java/y/Use.java"]) == {
        (3, "b/src/main/java/x/Config.java")
    }


def test_a_file_without_a_package_line_takes_the_package_of_its_folder(registry):
    files = {
        "src/main/java/com/acme/Broken.java": "public class Broken {}\n",  # package line missing
        "src/main/java/com/acme/Use.java": "package com.acme.use;\n\nimport com.acme.Broken;\n",
    }
    assert edges(resolve_memory(registry, files)["src/main/java/com/acme/Use.java"]) == {
        (3, "src/main/java/com/acme/Broken.java")
    }


# --- the fixture -----------------------------------------------------------------------


def test_java_spring_imports_and_externals_exactly(registry):
    assert_fixture_imports(registry, "java-spring")


def test_java_spring_effects_come_from_bindings_and_knowledge(registry):
    assert_fixture_effect_names(registry, "java-spring")


def test_java_spring_definitions(registry):
    assert {
        ("OrderService", "class", 13, True), ("OrderService.pay", "method", 27, True),
        ("OrderService.OrderService", "constructor", 18, True), ("Order", "record", 6, True),
        ("Order.withStatus", "method", 8, True), ("OrderStatus", "enum", 4, True),
        ("OrderServiceTest", "class", 14, False),
    } <= fixture_definitions(registry, "java-spring")


# --- entry points, commands, project name ----------------------------------------------


def test_main_classes_and_spring_boot_applications_are_entry_points(registry):
    app = _facts(registry, MARKERS, path="src/main/java/com/acme/shop/App.java")
    assert [(e.kind, e.name, e.target, e.evidence.line) for e in file_entry_points(app)] == [
        ("entry.java_main", "com.acme.shop.App", "com.acme.shop.App", 5),
        # no SpringApplication.run in the file: the annotation stands for the app
        ("entry.web_app", "src/main/java/com/acme/shop/App.java", "com.acme.shop.App", 3),
    ]
    runner = _facts(
        registry,
        "package a;\n\nimport org.springframework.boot.SpringApplication;\n\n"
        "@SpringBootApplication\npublic class App {\n"
        "    public static void main(String[] args) { SpringApplication.run(App.class, args); }\n}\n",
    )
    assert [e.kind for e in file_entry_points(runner)] == ["entry.java_main"]  # [entries] has the run
    launcher = _facts(registry, MARKERS, path="src/test/java/com/acme/shop/TestApp.java")
    assert file_entry_points(launcher) == []  # test launchers start throw-away apps


def test_maven_and_gradle_commands_per_outermost_project(registry):
    files = {
        "backend/pom.xml": "<project><artifactId>backend</artifactId></project>",
        "backend/core/pom.xml": "<project><artifactId>core</artifactId></project>",  # a module
        "backend/src/test/resources/sample/build.gradle": "\n",  # a sample inside the build
        "tools/gen/build.gradle.kts": "plugins { java }\n",
        "tools/gen/settings.gradle.kts": 'rootProject.name = "gen"\n',
    }
    snapshot = replace(memory_snapshot(registry, files), other_files=("backend/mvnw", "tools/gen/gradlew"))
    assert {(c.kind, c.command, c.evidence.path) for c in read_commands(snapshot)} == {
        ("build", "cd backend && ./mvnw -q package", "backend/pom.xml"),
        ("test", "cd backend && ./mvnw test", "backend/pom.xml"),
        ("build", "cd tools/gen && ./gradlew build", "tools/gen/settings.gradle.kts"),
        ("test", "cd tools/gen && ./gradlew test", "tools/gen/settings.gradle.kts"),
    }
    without_wrapper = memory_snapshot(registry, {"build.gradle": "apply plugin: 'java'\n"})
    assert {c.command for c in read_commands(without_wrapper)} == {"gradle build", "gradle test"}


@pytest.mark.parametrize(
    ("files", "name"),
    [
        ({"pom.xml": "<project>\n  <parent>\n    <artifactId>spring-boot-starter-parent</artifactId>\n"
                     "  </parent>\n  <artifactId>orders</artifactId>\n</project>\n"}, "orders"),
        ({"settings.gradle": "rootProject.name = 'notes'\n"}, "notes"),
        ({"settings.gradle.kts": 'rootProject.name = "notes"\n'}, "notes"),
        ({"build.gradle": "\n"}, None),
    ],
)
def test_project_name_from_the_pom_or_gradle_settings(registry, files, name):
    assert read_project_name(memory_snapshot(registry, files)) == name
