"""Turn a callee as written (``sp.run``) into its canonical name (``subprocess.run``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mapper.model import Binding, ResolvedFile

__all__ = ["CanonicalName", "canonical_name", "NameResolver", "NameResolvers", "name_resolvers"]

UNKNOWN_RECEIVER = "?"


@dataclass(frozen=True)
class CanonicalName:
    name: str
    resolved: bool  # the first segment is a name some import bound
    targets: tuple[str, ...] = ()  # repo files behind that import, if any
    member: str = ""  # the rest of the callee after the bound name


def canonical_name(callee: str, bindings: dict[str, Binding]) -> CanonicalName:
    head, _, rest = callee.partition(".")
    binding = bindings.get(head)
    if head == UNKNOWN_RECEIVER or binding is None:
        return CanonicalName(callee, resolved=False)
    name = f"{binding.qualified}.{rest}" if rest else binding.qualified
    return CanonicalName(name, resolved=True, targets=binding.targets, member=rest)


@dataclass
class NameResolver:
    """``canonical_name`` for one file's bindings, remembering answers (callees repeat)."""

    bindings: dict[str, Binding]
    _seen: dict[str, CanonicalName] = field(default_factory=dict)

    def resolve(self, callee: str) -> CanonicalName:
        found = self._seen.get(callee)
        if found is None:
            found = self._seen[callee] = canonical_name(callee, self.bindings)
        return found


NameResolvers = dict[str, NameResolver]  # repo path -> that file's resolver


def name_resolvers(resolved: tuple[ResolvedFile, ...]) -> NameResolvers:
    """One resolver per file, built once and shared by every later stage, so each
    distinct callee of a file is canonicalised once per run."""
    return {item.path: NameResolver({b.local: b for b in item.bindings}) for item in resolved}
