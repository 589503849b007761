"""Entry points: every way execution starts, each with its source of truth."""

from __future__ import annotations

from mapper.resolve.names import NameResolver, NameResolvers
from mapper.analyze.roles import test_reason
from mapper.analyze.tooling import read_tooling_entry_points
from mapper.analyze.entry_kinds import EntryVocabulary
from mapper.graph.import_graph import ImportGraph
from mapper.languages.registry import LanguageRegistry
from mapper.model import EntryPoint, Evidence, FileFacts, RepoSnapshot

__all__ = ["find_entry_points", "order_by_reach"]


def find_entry_points(
    snapshot: RepoSnapshot,
    facts: tuple[FileFacts, ...],
    names_by_path: NameResolvers,
    registry: LanguageRegistry,
    vocabulary: EntryVocabulary,
) -> tuple[EntryPoint, ...]:
    found: list[EntryPoint] = []
    languages_present = {f.language for f in facts}
    for language in registry.languages:
        if language.spec.name in languages_present or _declares(snapshot, language.spec.manifest_names):
            found.extend(language.spec.read_entry_points(snapshot))
    for file_facts in facts:
        found.extend(registry.get(file_facts.language).spec.file_entry_points(file_facts))
    found.extend(_framework_entries(facts, names_by_path, registry))
    found.extend(read_tooling_entry_points(snapshot))
    unique = {(e.kind, e.name, e.target, e.evidence.path, e.evidence.line): e for e in found}
    ordered = sorted(unique.values(), key=lambda e: (vocabulary.order(e.kind), *_order(e)))
    return tuple(vocabulary.labelled(e) for e in ordered)


def order_by_reach(entries: tuple[EntryPoint, ...], graph: ImportGraph,
                   vocabulary: EntryVocabulary) -> tuple[EntryPoint, ...]:
    """Entries of one kind, those that load most of the project first: hugo's four Go
    main packages are the `hugo` binary (main.go, which loads nearly every package)
    and three code generators, and the generators had come first by path."""
    loaded: dict[str, int] = {}

    def size(entry: EntryPoint) -> int:
        if entry.file and entry.file not in loaded:
            loaded[entry.file] = graph.count_loaded(entry.file)
        return loaded.get(entry.file, 0)

    # A stable sort: within a kind and size, find_entry_points' order (by path) holds.
    return tuple(sorted(entries, key=lambda e: (vocabulary.order(e.kind), e.kind, -size(e))))


def _declares(snapshot: RepoSnapshot, names: tuple[str, ...]) -> bool:
    wanted = set(names)
    return any(m.path.rsplit("/", 1)[-1] in wanted for m in snapshot.manifests)


def _framework_entries(facts, names_by_path: NameResolvers, registry) -> list[EntryPoint]:
    """Calls that create an application object (``Flask(__name__)``, ``express()``).

    Test files build throw-away apps all the time; those are not ways the project runs.
    One entry per file and kind: the first such call.
    """
    found = []
    for file_facts in facts:
        knowledge = registry.get(file_facts.language).knowledge
        if test_reason(file_facts.path, knowledge.test_paths):
            continue
        names = names_by_path.get(file_facts.path) or NameResolver({})
        kinds_seen: set[str] = set()
        for call in file_facts.calls:
            if call.form == "subscript":
                continue
            name = names.resolve(call.callee)
            if not name.resolved:
                continue
            kind = knowledge.entry_kind(name.name, resolved=True)
            if kind and kind not in kinds_seen:
                kinds_seen.add(kind)
                found.append(EntryPoint(kind, file_facts.path, name.name,
                                        Evidence(file_facts.path, call.line, f"calls {name.name}")))
    return found


def _order(entry: EntryPoint) -> tuple:
    return (entry.kind, entry.evidence.path, entry.evidence.line, entry.name)
