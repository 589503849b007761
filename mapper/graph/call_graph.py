"""The call graph: calls resolved to the definitions they reach, never by bare name alone.

A node is ``path::qualname`` (``path::`` is the module level). A call is resolved
through the caller's import bindings (``from pkg.core import build; build()`` or
``core.build()``), to a top-level definition of the same file (``helper()``), or
to a method of the enclosing class (``self.save()``). Anything else stays
unresolved, which is the honest answer for dynamic dispatch.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from mapper.resolve.names import NameResolver, NameResolvers
from mapper.model import RECEIVER_NAMES, FileFacts

__all__ = ["CallGraph", "build_call_graph", "node_id", "SELF_NAMES"]

SELF_NAMES = RECEIVER_NAMES


def node_id(path: str, qualname: str) -> str:
    return f"{path}::{qualname}"


@dataclass
class CallGraph:
    """Caller -> callee -> number of resolved calls.

    Plain dicts rather than networkx: the graph has a node per definition (46,000 on
    Django) and is only ever walked forward, so networkx's per-edge bookkeeping was
    most of the cost of building it. The import graph, which is searched in more
    ways, stays in networkx.
    """

    successors: dict[str, dict[str, int]] = field(default_factory=dict)

    def add_call(self, caller: str, callee: str, calls: int = 1) -> None:
        targets = self.successors.setdefault(caller, {})
        targets[callee] = targets.get(callee, 0) + calls

    def find_reachable(self, starts: tuple[str, ...]) -> tuple[str, ...]:
        """Every node reachable from ``starts`` (included), in breadth-first order.

        A start that takes part in no call is still reached (by itself)."""
        seen: dict[str, None] = dict.fromkeys(starts)
        queue = deque(seen)
        while queue:
            for successor in sorted(self.successors.get(queue.popleft(), ())):
                if successor not in seen:
                    seen[successor] = None
                    queue.append(successor)
        return tuple(seen)

    def find_callees(self, node: str) -> tuple[str, ...]:
        return tuple(sorted(self.successors.get(node, ())))

    def find_callers(self, node: str) -> tuple[str, ...]:
        return tuple(sorted(caller for caller, targets in self.successors.items() if node in targets))

    def count_calls_between_files(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for caller, targets in self.successors.items():
            caller_path = caller.split("::", 1)[0]
            for callee, calls in targets.items():
                pair = (caller_path, callee.split("::", 1)[0])
                if pair[0] != pair[1]:
                    counts[pair] = counts.get(pair, 0) + calls
        return counts


def build_call_graph(facts: tuple[FileFacts, ...], names_by_path: NameResolvers) -> CallGraph:
    definitions = {f.path: {d.qualname for d in f.definitions} for f in facts}
    graph = CallGraph()
    for file_facts in facts:
        path = file_facts.path
        local = definitions[path]
        for qualname in local:
            owner = qualname.rpartition(".")[0]
            if owner in local:
                # Calls on instances (``store.add()``) cannot be resolved statically,
                # so reaching a class counts as possibly reaching its methods.
                graph.add_call(node_id(path, owner), node_id(path, qualname), 0)
        _add_registrations(graph, file_facts, local)
        names = names_by_path.get(path) or NameResolver({})
        for call in file_facts.calls:
            if call.form == "subscript":
                continue
            target = _resolve_call(path, call.callee, call.scope, local, names, definitions)
            if target is not None:
                graph.add_call(node_id(path, call.scope), target)
    return graph


REGISTERS_MARKER = "registers"


def _add_registrations(graph: CallGraph, file_facts: FileFacts, local: set[str]) -> None:
    """``@cli.command()`` / ``@app.route()``: the registering object reaches the function.

    When the registering object is a function of the same file (a click group), the
    edge starts there; otherwise (an ``app`` variable) at the module level, which is
    where such objects live.
    """
    by_line = {d.line: d.qualname for d in file_facts.definitions}
    for marker in file_facts.markers:
        if marker.kind != REGISTERS_MARKER or marker.line not in by_line:
            continue
        source = marker.name if marker.name in local else ""
        graph.add_call(node_id(file_facts.path, source), node_id(file_facts.path, by_line[marker.line]), 0)


def _resolve_call(path, callee, scope, local, names: NameResolver, definitions) -> str | None:
    head, _, rest = callee.partition(".")
    if head in SELF_NAMES and rest and scope:
        owner = scope.rsplit(".", 1)[0] if "." in scope else ""
        method = f"{owner}.{rest.split('.', 1)[0]}" if owner else ""
        return node_id(path, method) if method in local else None
    name = names.resolve(callee)
    if name.resolved:
        member = name.member
        qualified_tail = name.name.rsplit(".", 1)[-1]
        for target in name.targets:
            defined = definitions.get(target, set())
            # ``core.build()`` -> member 'build'; ``build()`` after a from-import ->
            # the binding's own last name part.
            for candidate in (member, member.split(".", 1)[0], qualified_tail):
                if candidate and candidate in defined:
                    return node_id(target, candidate)
        return None
    if not rest and callee in local:
        return node_id(path, callee)
    return None
