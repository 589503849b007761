"""C# import resolution: namespaces -> the files that declare them.

``using A.B;`` reaches every file with a ``namespace A.B`` declaration (block or
file-scoped), nearest first and capped, since one namespace may span a whole project.
``using X = A.B.C;`` and ``using static A.B.C;`` name a namespace or a type: a type
reaches the files declaring it (a partial class has several). A using inside the
repository's own namespaces that no parsed file declares stays unresolved; anything
else is external under its first two segments (``System.Net``, ``Microsoft.AspNetCore``).

Code sees the types of its own and enclosing namespaces without a using; those
references are not edges.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import FileFacts, ImportSite

__all__ = ["CSharpResolver", "make_resolver", "namespace_at", "MAX_TARGETS"]

_LANGUAGE = "csharp"
# A namespace of a large solution can hold hundreds of files; an import edge to each
# would drown the graph, so the nearest ones stand for the rest.
MAX_TARGETS = 50
_EXTERNAL_SEGMENTS = 2
_TYPE_KINDS = frozenset({"class", "struct", "interface", "enum", "record"})


def namespace_at(facts: FileFacts, line: int) -> str:
    """The namespace in force at ``line``: the last declaration at or before it."""
    declared = [m for m in facts.markers if m.kind == "package" and m.line <= line]
    return declared[-1].name if declared else ""


def _leading(dotted: str, count: int) -> str:
    return ".".join(dotted.split(".")[:count])


@dataclass(frozen=True)
class CSharpResolver:
    namespaces: dict[str, tuple[str, ...]]  # namespace -> files declaring it
    types: dict[str, tuple[str, ...]]  # namespace.Type -> files declaring it
    own_prefixes: frozenset[str]  # leading segments of the repository's namespaces

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        files = self.namespaces.get(site.source) or self.types.get(site.source, ())
        if files:
            nearest = sorted(files, key=lambda p: (-_shared_depth(p, importer), p))
            return ImportTarget(targets=tuple(nearest[:MAX_TARGETS]))
        if _leading(site.source, _EXTERNAL_SEGMENTS) in self.own_prefixes:
            return ImportTarget()
        return ImportTarget(external=_leading(site.source, _EXTERNAL_SEGMENTS))


def _shared_depth(path: str, importer: str) -> int:
    return len(posixpath.commonpath([path, importer]).split("/"))


def make_resolver(context: ResolveContext) -> CSharpResolver:
    namespaces: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for path, facts in context.facts_by_path.items():
        if facts.language != _LANGUAGE:
            continue
        for marker in facts.markers:
            if marker.kind == "package":
                namespaces[marker.name].add(path)
        for definition in facts.definitions:
            if definition.qualname == definition.name and definition.kind in _TYPE_KINDS:
                namespace = namespace_at(facts, definition.line)
                types[f"{namespace}.{definition.name}" if namespace else definition.name].add(path)
    own = frozenset(_leading(n, _EXTERNAL_SEGMENTS) for n in namespaces)
    return CSharpResolver(
        {n: tuple(sorted(p)) for n, p in namespaces.items()},
        {t: tuple(sorted(p)) for t, p in types.items()},
        own,
    )
