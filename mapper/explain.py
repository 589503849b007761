"""``claude-map explain PATH[:SYMBOL]``: every fact about one file (or symbol), with evidence.

Answers why a file has its role, what it imports and who imports it, its side
effects, the web routes it registers, and which entry points reach it through
resolved calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mapper.app import MapBuild
from mapper.errors import UserError
from mapper.graph.call_graph import node_id
from mapper.model import Definition, EffectSite, EntryPoint, ModuleInfo, RoleAssignment, Route, Subcommand
from mapper.render.sanitize import safe_name, safe_route_path, safe_subcommand

__all__ = ["Explanation", "ExplainError", "explain_path", "explain_directory"]


class ExplainError(UserError):
    """The path is not a file claude-map mapped (or the symbol is not defined there)."""


@dataclass(frozen=True)
class Link:
    path: str
    line: int
    detail: str = ""


@dataclass(frozen=True)
class SymbolFacts:
    definition: Definition
    references: int
    callers: tuple[str, ...]
    callees: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    path: str
    language: str
    lines: int
    role: RoleAssignment
    module: ModuleInfo
    rank_position: int
    ranked_files: int
    imports: tuple[Link, ...]
    externals: tuple[Link, ...]
    imported_by: tuple[Link, ...]
    effects: tuple[EffectSite, ...]
    entries_here: tuple[EntryPoint, ...]
    routes: tuple[Route, ...]  # web paths registered in this file (plain text only)
    subcommands: tuple[Subcommand, ...]  # CLI subcommands declared in this file (plain names only)
    reached_by: tuple[EntryPoint, ...]
    symbols: tuple[SymbolFacts, ...]
    symbol: str = ""
    notes: tuple[str, ...] = field(default=())


def explain_path(build: MapBuild, path: str, symbol: str = "") -> Explanation:
    facts = next((f for f in build.facts if f.path == path), None)
    if facts is None:
        skipped = next((s for s in build.snapshot.skipped if path == s.path or path.startswith(s.path + "/")), None)
        if skipped is not None:
            raise ExplainError(f"{path} is not mapped: {skipped.reason}")
        raise ExplainError(f"{path} is not a source file claude-map maps in this repository")
    analysis = build.analysis
    if symbol and not any(d.qualname == symbol for d in facts.definitions):
        raise ExplainError(f"{symbol} is not defined in {path}")
    resolved = next(r for r in build.resolved if r.path == path)
    modules = analysis.modules
    position = next(i for i, m in enumerate(modules, 1) if m.path == path)
    in_scope = _in_symbol(symbol)
    return Explanation(
        path=path,
        language=facts.language,
        lines=facts.lines,
        role=next(r for r in analysis.roles if r.path == path),
        module=modules[position - 1],
        rank_position=position,
        ranked_files=len(modules),
        imports=tuple(Link(e.target, e.line, e.source) for e in resolved.imports if e.target),
        externals=tuple(Link(e.external, e.line, e.source) for e in resolved.imports if e.external),
        imported_by=tuple(
            Link(importer, build.graph.first_line(importer=importer, imported=path))
            for importer in build.graph.find_importers(path)
        ),
        effects=tuple(s for s in analysis.effects if s.path == path and in_scope(s.symbol)),
        entries_here=tuple(e for e in analysis.entry_points if e.file == path or e.evidence.path == path),
        routes=_routes_in(analysis.routes, path, symbol),
        subcommands=tuple(
            c for c in analysis.subcommands
            if c.file == path and safe_subcommand(c) and (not symbol or c.handler == symbol)
        ),
        reached_by=_entries_reaching(build, path, symbol),
        symbols=_symbols(build, facts.definitions, path, symbol),
        symbol=symbol,
        notes=("reachability follows resolved calls only; dynamic dispatch is not followed",),
    )


def _routes_in(routes: tuple[Route, ...], path: str, symbol: str) -> tuple[Route, ...]:
    """The file's routes (a symbol's: those it handles), with untrusted text made safe."""
    found = []
    for route in routes:
        if route.file != path or (symbol and route.handler.rsplit(".", 1)[-1] != symbol.rsplit(".", 1)[-1]):
            continue
        route_path = safe_route_path(route.path)
        if route_path is None:
            continue
        handler = route.handler if route.handler and safe_name(route.handler.replace("#", ".")) else ""
        found.append(Route(route.method, route_path, route.file, route.line, handler))
    return tuple(found)


def _in_symbol(symbol: str):
    if not symbol:
        return lambda scope: True
    return lambda scope: scope == symbol or scope.startswith(symbol + ".")


def _entries_reaching(build: MapBuild, path: str, symbol: str) -> tuple[EntryPoint, ...]:
    targets = {node_id(path, symbol)} if symbol else None
    found = []
    for entry in build.analysis.entry_points:
        if not entry.file:
            continue
        starts = (node_id(entry.file, entry.symbol),) if entry.symbol else (node_id(entry.file, ""),)
        reached = build.calls.find_reachable(starts)
        if targets is None:
            hit = any(node.split("::", 1)[0] == path for node in reached)
        else:
            hit = bool(targets & set(reached))
        if hit:
            found.append(entry)
    return tuple(found)


def _symbols(build: MapBuild, definitions, path: str, symbol: str) -> tuple[SymbolFacts, ...]:
    counts = {s.name: s.references for s in next(m for m in build.analysis.modules if m.path == path).symbols}
    wanted = [d for d in definitions if (d.qualname == symbol if symbol else d.public and d.qualname == d.name)]
    out = []
    for definition in wanted:
        node = node_id(path, definition.qualname)
        callers = build.calls.find_callers(node)
        callees = build.calls.find_callees(node)
        out.append(SymbolFacts(definition, counts.get(definition.name, 0), callers, callees))
    return tuple(out)


def explain_directory(build: MapBuild, directory: str, budget: int, as_json: bool = False) -> str:
    """The map of one directory (without the markers), or its facts as JSON; one plain
    line when it holds no source claude-map maps.

    Raises:
        ExplainError: the directory is not part of the repository.
    """
    from mapper.analyze.scope import in_directory, normalise_directory
    from mapper.app import facts_as_json
    from mapper.model import BLOCK_BEGIN, BLOCK_END
    from mapper.nested import render_directory

    directory = normalise_directory(directory)
    shown = f"{directory}/" if directory else "./"
    if not any(in_directory(f.path, directory) for f in build.facts):
        skipped = next((s for s in build.snapshot.skipped
                        if directory == s.path or in_directory(directory, s.path)), None)
        if skipped is not None:
            return f"{shown} is not mapped: {skipped.reason}\n"
        if not (build.snapshot.root / directory).is_dir():
            raise ExplainError(f"{shown} is not a directory of this repository")
        return f"{shown} holds no source files that claude-map maps\n"
    if as_json:
        return facts_as_json(build, directory)
    block = render_directory(build, directory, budget).document.block
    return block.removeprefix(BLOCK_BEGIN + "\n").removesuffix(BLOCK_END)
