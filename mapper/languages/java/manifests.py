"""JVM entry points and build commands: ``main`` methods, Spring Boot, Maven and Gradle.

Kotlin uses the same build tools, so the commands are read once, here; Kotlin's own
entry points import ``spring_boot_entries``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mapper.languages._shared import command, dir_of, entry, in_manifest_dir, join, manifests_named
from mapper.languages.java.resolve import package_of
from mapper.model import Command, EntryPoint, FileFacts, ManifestFile, RepoSnapshot

__all__ = [
    "file_entry_points", "spring_boot_entries", "read_commands", "read_project_name", "read_entry_points",
    "qualified", "is_test_source", "MAVEN_FILES", "GRADLE_FILES",
]

MAVEN_FILES = ("pom.xml",)
# Settings first: where both exist, the settings file names the build.
GRADLE_FILES = ("settings.gradle.kts", "settings.gradle", "build.gradle.kts", "build.gradle")
# Calls that start a Spring Boot application; the [entries] table reports them with
# their canonical names, so an annotated class is only an entry point without one.
_SPRING_RUN_CALLEES = ("SpringApplication.run", "runApplication")
_SPRING_BOOT_ANNOTATION = "SpringBootApplication"
# Test source sets (src/test, src/integrationTest, src/androidTest...): launchers there
# start throw-away applications, not the project.
_TEST_SOURCES = re.compile(r"(^|/)src/(test|\w+Test)/")
_PARENT_BLOCK = re.compile(r"<parent>.*?</parent>", re.DOTALL)
_ARTIFACT_ID = re.compile(r"<artifactId>\s*([^<\s]+)\s*</artifactId>")
# The class Gradle runs: ``application { mainClass = "a.Main" }``, ``mainClass.set("a.Main")``
# (also a JavaExec task's), Groovy's ``mainClassName = 'a.Main'``.
_GRADLE_MAIN_CLASS = re.compile(r"""\bmainClass(?:Name)?\s*(?:=|\.set\()\s*["']([A-Za-z_][\w.$]*)["']""")
_GRADLE_BUILDS = ("build.gradle.kts", "build.gradle")
_JVM_SOURCES = (".java", ".kt")
_ROOT_PROJECT = re.compile(r"""rootProject\.name\s*=\s*["']([^"']+)["']""")


def qualified(package: str, name: str) -> str:
    return f"{package}.{name}" if package else name


def is_test_source(path: str) -> bool:
    return bool(_TEST_SOURCES.search(path))


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    """``public static void main`` names its class, which is what ``java`` runs."""
    if is_test_source(facts.path):
        return []
    package = package_of(facts)
    found = [
        entry("entry.java_main", qualified(package, m.name), qualified(package, m.name), facts.path,
              m.line, "public static void main")
        for m in facts.markers if m.kind == "main_func"
    ]
    return found + spring_boot_entries(facts)


def spring_boot_entries(facts: FileFacts) -> list[EntryPoint]:
    """A ``@SpringBootApplication`` class that no ``run`` call in its file starts."""
    if is_test_source(facts.path) or any(c.callee.endswith(_SPRING_RUN_CALLEES) for c in facts.calls):
        return []
    return [
        entry("entry.web_app", facts.path, qualified(package_of(facts), _class_at(facts, m.line)),
              facts.path, m.line, "@SpringBootApplication")
        for m in facts.markers if m.kind == "annotation" and m.name == _SPRING_BOOT_ANNOTATION
    ][:1]


def _class_at(facts: FileFacts, line: int) -> str:
    """The top-level type whose declaration (annotations included) spans ``line``."""
    return next(
        (d.name for d in facts.definitions if d.qualname == d.name and d.line <= line <= d.end_line), ""
    )


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    """The root pom's own artifactId, else Gradle's ``rootProject.name``."""
    pom = snapshot.manifest("pom.xml")
    if pom is not None:
        match = _ARTIFACT_ID.search(_PARENT_BLOCK.sub("", pom.text))
        if match:
            return match.group(1)
    for name in ("settings.gradle.kts", "settings.gradle"):
        settings = snapshot.manifest(name)
        match = _ROOT_PROJECT.search(settings.text) if settings is not None else None
        if match:
            return match.group(1)
    return None


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    outer = _outermost_directories(snapshot)
    found: list[Command] = []
    for manifest in _first_per_directory(snapshot, MAVEN_FILES, outer):
        tool = _launcher(snapshot, manifest, "mvnw", "mvn")
        found.append(command("build", in_manifest_dir(manifest, f"{tool} -q package"), manifest, "<artifactId>"))
        found.append(command("test", in_manifest_dir(manifest, f"{tool} test"), manifest, "<artifactId>"))
    for manifest in _first_per_directory(snapshot, GRADLE_FILES, outer):
        tool = _launcher(snapshot, manifest, "gradlew", "gradle")
        found.append(command("build", in_manifest_dir(manifest, f"{tool} build"), manifest))
        found.append(command("test", in_manifest_dir(manifest, f"{tool} test"), manifest))
    return found


def _outermost_directories(snapshot: RepoSnapshot) -> frozenset[str]:
    """Directories of JVM builds that no other JVM build contains.

    Modules (a pom or build.gradle below another) build from the project above them, and
    so do sample and test-resource projects inside a build of the other tool.
    """
    directories = {dir_of(m.path) for m in manifests_named(snapshot, *MAVEN_FILES, *GRADLE_FILES)}
    return frozenset(
        d for d in directories if not any(_is_inside(d, other) for other in directories if other != d)
    )


def _first_per_directory(
    snapshot: RepoSnapshot, names: tuple[str, ...], directories: frozenset[str]
) -> list[ManifestFile]:
    """In each of ``directories``, the build file of ``names`` that comes first."""
    chosen: dict[str, ManifestFile] = {}
    found = manifests_named(snapshot, *names)
    for manifest in sorted(found, key=lambda m: names.index(m.path.rsplit("/", 1)[-1])):
        if dir_of(manifest.path) in directories:
            chosen.setdefault(dir_of(manifest.path), manifest)
    return [chosen[d] for d in sorted(chosen)]


def _is_inside(directory: str, ancestor: str) -> bool:
    return not ancestor or directory.startswith(ancestor + "/")


def _launcher(snapshot: RepoSnapshot, manifest: ManifestFile, wrapper: str, tool: str) -> str:
    # A checked-in wrapper pins the tool's version; it is what the project expects.
    return f"./{wrapper}" if join(dir_of(manifest.path), wrapper) in snapshot.other_files else tool


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    """Main classes a Gradle build declares, each at the source file that defines it."""
    sources = tuple(sorted(f.path for f in snapshot.sources if f.path.endswith(_JVM_SOURCES)))
    found = []
    for manifest in manifests_named(snapshot, *_GRADLE_BUILDS):
        for match in _GRADLE_MAIN_CLASS.finditer(manifest.text):
            main_class = match.group(1)
            line = manifest.text.count("\n", 0, match.start(1)) + 1
            declared = entry("entry.gradle_main", main_class, main_class, manifest.path, line,
                             "main class of a Gradle build")
            source = _main_class_source(main_class, sources, dir_of(manifest.path))
            found.append(replace(declared, file=source, symbol="main") if source else declared)
    return found


def _main_class_source(main_class: str, sources: tuple[str, ...], build_dir: str) -> str:
    """``a.b.Main`` -> ``.../a/b/Main.java`` or ``Main.kt``; Kotlin's ``a.b.MainKt`` is the
    file ``a/b/Main.kt``. A file under the build's own folder first."""
    package_path = main_class.split("$", 1)[0].replace(".", "/")
    stem = package_path.rsplit("/", 1)[-1]
    candidates = {f"{package_path}.java", f"{package_path}.kt"}
    if stem.endswith("Kt") and len(stem) > 2:
        candidates.add(f"{package_path[:-2]}.kt")
    matching = [p for p in sources if any(p == c or p.endswith("/" + c) for c in candidates)]
    inside = [p for p in matching if not build_dir or p.startswith(build_dir + "/")]
    return (inside or matching or [""])[0]

