"""Key modules: centrality in the import graph plus the symbols other files use.

A symbol reference is counted once per referring file, and only when it resolves
through an import to the file that defines it (``from pkg.core import build`` or
``core.build(...)`` after ``from pkg import core``): never by bare-name matching.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from mapper.resolve.names import NameResolvers
from mapper.graph.call_graph import CallGraph, node_id
from mapper.graph.import_graph import ImportGraph
from mapper.graph.ranking import pagerank
from mapper.model import FileFacts, ModuleInfo, ResolvedFile, SymbolRef

__all__ = ["rank_modules", "count_symbol_references", "SYMBOLS_PER_MODULE"]

SYMBOLS_PER_MODULE = 120  # symbols kept per module: public first, most referenced first
# A first comment that this many files share word for word is a banner (a licence or
# project header such as nlohmann/json's "JSON for Modern C++ version 3.11.3"), not
# what the file is about.
BANNER_FILES = 3
_NAMESPACE_KINDS = frozenset({"module", "namespace"})
_FUNCTION_KINDS = frozenset({"function", "method", "constructor", "macro"})
_MEMBER_KINDS = frozenset({"method", "function"})  # a Ruby `def self.x` is a function


def count_symbol_references(
    facts: tuple[FileFacts, ...], resolved: tuple[ResolvedFile, ...], names_by_path: NameResolvers
) -> dict[str, Counter[str]]:
    """target path -> {top-level symbol name: number of files referring to it}."""
    defined = {f.path: {d.name for d in f.definitions if d.qualname == d.name} for f in facts}
    calls_by_path = {f.path: f.calls for f in facts}
    references: dict[str, Counter[str]] = defaultdict(Counter)
    for item in resolved:
        seen: set[tuple[str, str]] = set()
        names = names_by_path[item.path]
        for binding in item.bindings:
            name = binding.qualified.rsplit(".", 1)[-1]
            for target in binding.targets:
                if name in defined.get(target, ()):
                    seen.add((target, name))
        # A file calls the same callee many times; each counts once, so each
        # distinct callee is looked at once.
        for callee in {call.callee for call in calls_by_path.get(item.path, ())}:
            canonical = names.resolve(callee)
            member = canonical.member.split(".", 1)[0]
            if not member:
                continue
            for target in canonical.targets:
                if member in defined.get(target, ()):
                    seen.add((target, member))
        for target, name in seen:
            if target != item.path:
                references[target][name] += 1
    return references


def rank_modules(
    facts: tuple[FileFacts, ...], resolved: tuple[ResolvedFile, ...], names_by_path: NameResolvers,
    graph: ImportGraph, calls: CallGraph, constructors: Mapping[str, frozenset[str]],
) -> tuple[ModuleInfo, ...]:
    """``constructors``: language -> the method names that construct their type
    (``LanguageSpec.constructor_names``), left out of the symbols."""
    references = count_symbol_references(facts, resolved, names_by_path)
    method_order = _method_order(calls)
    # An import edge weighs one per import line, shared among the files that line
    # reaches, plus one per resolved call across it: a module whose functions are
    # called everywhere outranks one merely imported, and a line that loads a whole
    # namespace or package (`global using`, a wildcard) says little about each file.
    edges = import_edge_weights(resolved)
    for pair in graph.find_edges():
        edges.setdefault(pair, float(len(graph.graph.edges[pair]["lines"])))
    for pair, count in calls.count_calls_between_files().items():
        edges[pair] = edges.get(pair, 0.0) + count
    ranks = pagerank(graph.find_files(), edges)
    banners = _banner_summaries(facts)
    modules = []
    for file_facts in facts:
        counts = references.get(file_facts.path, Counter())
        # What a main block defines is its demo (rich's traceback.py defines foo and
        # bar under ``if __name__ == "__main__":``), not the module's API.
        guard = file_facts.main_block_line
        definitions = tuple(d for d in file_facts.definitions if guard is None or d.line < guard)
        # A module or namespace that wraps the file's API (Ruby's `module Sinatra`
        # around `class Base`) is no API of its own: its members are the file's top
        # level, named relative to it (`Base`, `Base.route`).
        named = _relative_names(definitions)
        top = [d for d in definitions if d.qualname in named and "." not in named[d.qualname]]
        public = _unique_by_name(d for d in top if d.public)
        public.sort(key=lambda d: (-counts.get(d.name, 0), d.line))
        # Public methods (Go methods with their receivers, class methods) after the
        # top-level names: fix subjects name them, and the richest maps have room.
        # Only methods of the file's public types: a private type's methods are not API.
        public_names = {d.name for d in public}
        public_types = {d.name for d in public if d.kind not in _FUNCTION_KINDS}
        members = sorted(_members(definitions, named, constructors.get(file_facts.language, frozenset())),
                         key=lambda member: method_order(file_facts.path, member[0]))
        methods = _unique_by_name(
            SymbolRef(name, d.line, 0) for d, name in members if d.public and name.split(".", 1)[0] in public_types
        )
        # Then the file's private top-level names: the richest maps of a small
        # repository have room for them, and a fix names the helper it changes.
        # (A Rust `impl Expr` block is a private definition named like its public type.)
        private = _unique_by_name(
            SymbolRef(d.name, d.line, 0) for d in top
            if not d.public and not d.name.startswith("__") and d.name not in public_names
        )
        # Last, the other methods of the file's types (fzf's Terminal keeps its features
        # in private methods: `printHeader`, `renderPreviewArea`); only the richest rows
        # of a large file reach them.
        listed = {s.name for s in methods}
        other_methods = _unique_by_name(
            SymbolRef(name, d.line, 0) for d, name in members if not d.name.startswith("__") and name not in listed
        )
        symbols = tuple(SymbolRef(d.name, d.line, counts.get(d.name, 0)) for d in public) + tuple(methods)
        symbols = (symbols + tuple(private) + tuple(other_methods))[:SYMBOLS_PER_MODULE]
        modules.append(
            ModuleInfo(
                path=file_facts.path,
                language=file_facts.language,
                rank=ranks.get(file_facts.path, 0.0),
                fan_in=graph.count_importers(file_facts.path),
                fan_out=graph.count_imported(file_facts.path),
                symbols=symbols,
                summary=None if file_facts.summary in banners else file_facts.summary,
                lines=file_facts.lines,
                wrappers=tuple(sorted(_wrappers(definitions), key=lambda w: (-len(w), w))),
            )
        )
    return tuple(modules)


def _banner_summaries(facts: tuple[FileFacts, ...]) -> frozenset[str]:
    """First comments that BANNER_FILES or more files share word for word."""
    counts = Counter(f.summary for f in facts if f.summary)
    return frozenset(text for text, count in counts.items() if count >= BANNER_FILES)


def import_edge_weights(resolved: tuple[ResolvedFile, ...]) -> dict[tuple[str, str], float]:
    """(importer, imported) -> the sum over its import lines of 1 / (files that line reaches)."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for item in resolved:
        reached: dict[tuple[int, str], list[str]] = defaultdict(list)
        for edge in item.imports:
            if edge.target is not None and edge.target != item.path:
                reached[(edge.line, edge.source)].append(edge.target)
        for targets in reached.values():
            share = 1.0 / len(set(targets))
            for target in set(targets):
                weights[(item.path, target)] += share
    return dict(weights)


def _members(definitions, named: dict[str, str], constructors: frozenset[str]) -> list[tuple]:
    """(definition, ``Type.method``) for each method of a type at the file's top level
    (under its wrapping namespaces: ``named`` is ``_relative_names``), constructors
    aside: a method named in ``constructors`` or after its type (C++'s ``Foo::Foo``)."""
    members = []
    for d in definitions:
        if d.kind in _MEMBER_KINDS and d.qualname in named and named[d.qualname].count(".") == 1:
            owner = named[d.qualname].split(".", 1)[0]
            if d.name not in constructors and d.name.lstrip("~") != owner:
                members.append((d, named[d.qualname]))
    return members


def _method_order(calls: CallGraph):
    """Sort key for a file's methods: the most called first (by the definitions whose
    calls resolve to it: ``self.set_z_index()``, an imported type's method), then by
    line, so a row cut short keeps what the project uses (jsoup's Element, leaflet's
    ``setZIndex``) rather than whatever is declared first."""
    callers: Counter[str] = Counter()
    for targets in calls.successors.values():
        callers.update(targets.keys())
    return lambda path, d: (-callers[node_id(path, d.qualname)], d.line)


def _relative_names(definitions) -> dict[str, str]:
    """qualname -> the name under the file's wrapping namespaces, for every definition
    but the outermost wrappers themselves: a module or namespace at the top (or inside
    one) that holds other definitions wraps them. ``Sinatra.Request.accept`` ->
    ``Request.accept`` under ``module Sinatra``; without a wrapper, the qualname."""
    qualnames = {d.qualname for d in definitions}
    wrappers = _wrappers(definitions)
    outermost = {w for w in wrappers if w.rpartition(".")[0] not in wrappers}
    named = {}
    for qualname in qualnames - outermost:
        parts = qualname.split(".")
        cut = next((i for i in range(len(parts) - 1, 0, -1) if ".".join(parts[:i]) in wrappers), 0)
        named[qualname] = ".".join(parts[cut:])
    return named


def _wrappers(definitions) -> frozenset[str]:
    """The qualnames of the modules and namespaces that wrap a file's other definitions:
    at the top, or inside another wrapper."""
    holders = {d.qualname.rpartition(".")[0] for d in definitions}
    wrappers: set[str] = set()
    for definition in sorted(definitions, key=lambda d: d.qualname.count(".")):
        parent = definition.qualname.rpartition(".")[0]
        if (definition.kind in _NAMESPACE_KINDS and definition.qualname in holders
                and (not parent or parent in wrappers)):
            wrappers.add(definition.qualname)
    return frozenset(wrappers)


def _unique_by_name(definitions) -> list:
    """First definition of each name: overloads and conditional re-definitions repeat it."""
    seen: dict[str, object] = {}
    for definition in definitions:
        seen.setdefault(definition.name, definition)
    return list(seen.values())
