"""Turn a callee as written (``sp.run``) into its canonical name (``subprocess.run``)."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.model import Binding

__all__ = ["CanonicalName", "canonical_name"]

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
