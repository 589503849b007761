"""Which side-effect kinds each entry point reaches through resolved calls.

An entry is first located (its source file and starting function), then the call
graph is walked from there; every effect site whose enclosing definition is reached
contributes its kind. Unresolved calls (dynamic dispatch) are not followed, so the
answer is a lower bound, stated as such in ``explain``.
"""

from __future__ import annotations

from dataclasses import replace

from mapper.graph.call_graph import CallGraph, node_id
from mapper.languages.registry import LanguageRegistry
from mapper.model import EffectSite, EntryPoint, FileFacts

__all__ = ["locate_entries", "entry_reaches"]


def locate_entries(
    entries: tuple[EntryPoint, ...], facts: tuple[FileFacts, ...], registry: LanguageRegistry
) -> tuple[EntryPoint, ...]:
    by_path = {f.path: f for f in facts}
    source_paths = frozenset(by_path)
    located = []
    for entry in entries:
        # A manifest reader that found the file already (Cargo's [[bin]] path, a Gradle
        # main class) knows better than the manifest's own line: a build.gradle.kts is
        # Kotlin source itself.
        where = (entry.file, entry.symbol) if entry.file in by_path else _locate(entry, by_path, source_paths, registry)
        located.append(replace(entry, file=where[0], symbol=where[1]) if where else entry)
    return tuple(located)


def _locate(entry, by_path, source_paths, registry) -> tuple[str, str] | None:
    facts = by_path.get(entry.evidence.path)
    if facts is not None:
        # The entry is declared in code: start at the definition on that line; a
        # file-level entry (a binary found by its path) starts at its ``main``.
        symbol = next((d.qualname for d in facts.definitions if d.line == entry.evidence.line), "")
        if not symbol and entry.evidence.line == 1 and any(d.qualname == "main" for d in facts.definitions):
            symbol = "main"
        return facts.path, symbol
    target = entry.target.removeprefix("./")
    if target in by_path:
        return target, ""
    for language in registry.languages:
        where = language.spec.locate_entry(entry, source_paths)
        if where is not None:
            return where
    return None


def entry_reaches(
    entries: tuple[EntryPoint, ...], effects: tuple[EffectSite, ...], calls: CallGraph
) -> tuple[EntryPoint, ...]:
    kinds_by_node: dict[str, set[str]] = {}
    for site in effects:
        kinds_by_node.setdefault(node_id(site.path, site.symbol), set()).add(site.kind)
    out = []
    for entry in entries:
        if not entry.file:
            out.append(entry)
            continue
        starts = (node_id(entry.file, entry.symbol), node_id(entry.file, ""))
        if entry.symbol:
            starts = starts[:1]
        reached = calls.find_reachable(starts)
        kinds = set().union(*(kinds_by_node.get(node, set()) for node in reached)) if reached else set()
        out.append(replace(entry, reaches=tuple(sorted(kinds))))
    return tuple(out)
