"""Turn a callee as written (``sp.run``) into its canonical name (``subprocess.run``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mapper.model import Binding

__all__ = ["CanonicalName", "canonical_name", "NameResolver"]

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
