"""Kotlin entry points: top-level ``fun main`` and Spring Boot applications.

Build commands (Gradle, Maven) and the project name are the JVM readers of the Java
folder; the Kotlin spec reuses them.
"""

from __future__ import annotations

from mapper.languages._shared import entry
from mapper.languages.java.manifests import is_test_source, qualified, spring_boot_entries
from mapper.languages.java.resolve import facade_class, package_of
from mapper.model import EntryPoint, FileFacts

__all__ = ["file_entry_points"]

_SCRIPT_SUFFIX = ".kts"


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    """A top-level ``fun main`` runs as the file's facade class (``com.acme.MainKt``)."""
    if facts.path.endswith(_SCRIPT_SUFFIX) or is_test_source(facts.path):
        # A script runs top to bottom (its main is not the entry); tests start nothing.
        return spring_boot_entries(facts)
    name = qualified(package_of(facts), facade_class(facts.path))
    found = [
        entry("entry.kotlin_main", name, name, facts.path, m.line, "top-level fun main")
        for m in facts.markers if m.kind == "main_func"
    ][:1]
    return found + spring_boot_entries(facts)
