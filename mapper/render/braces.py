"""Shell brace groups: many paths in few tokens, each item expanding to one exact path.

``tokio/src/sync/{broadcast,mutex}.rs`` names ``tokio/src/sync/broadcast.rs`` and
``tokio/src/sync/mutex.rs``; a folder holding a file or two joins its parent's group
(``runtime/{builder,blocking/pool}.rs``) when that costs fewer tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from mapper.render.tokens import count_tokens, finish_half_tokens, half_tokens

__all__ = ["DirGroup", "GROUP_SEPARATOR", "group_by_directory", "group_cost", "groups_cost"]


@dataclass(frozen=True)
class DirGroup:
    """Files written as one shell brace group, ``directory/{a,b}suffix``.

    ``names`` are relative to ``directory`` and lack ``suffix``; a name may start with
    sub-directories (``blocking/pool``) when that is cheaper than a group of their
    own. A single name is written without braces. Every item expands back to exactly
    one path (``paths``): the paths that reach the map have no braces or commas
    (``safe_path``), and a path with a space is written whole, never in braces.
    """

    directory: str  # "" for the repository root
    names: tuple[str, ...]
    suffix: str = ""  # the ending all names share (".rs"), written once after the braces

    @property
    def paths(self) -> tuple[str, ...]:
        prefix = f"{self.directory}/" if self.directory else ""
        return tuple(f"{prefix}{name}{self.suffix}" for name in self.names)

    @property
    def text(self) -> str:
        prefix = f"{self.directory}/" if self.directory else ""
        body = self.names[0] if len(self.names) == 1 else "{" + ",".join(self.names) + "}"
        return prefix + body + self.suffix


GROUP_SEPARATOR = "; "


def _shared_suffix(names: list[str]) -> str:
    """The longest ending from a dot on that every name shares, leaving each a stem
    (``.rs``; ``.test.ts``); "" when there is none."""
    suffix = ""
    first = names[0]
    shortest = min(map(len, names))  # every name must keep a stem
    start = first.rfind(".", 1)
    while start > 0:
        candidate = first[start:]
        if len(candidate) >= shortest or not all(map(str.endswith, names, repeat(candidate))):
            break
        suffix = candidate
        start = first.rfind(".", 1, start)
    return suffix


def _suffix_group(directory: str, names: list[str]) -> DirGroup:
    suffix = _shared_suffix(names) if len(names) > 1 else ""
    stems = [n[: -len(suffix)] for n in names] if suffix else names
    return DirGroup(directory, tuple(sorted(stems)), suffix)


@lru_cache(maxsize=65536)
def _text_cost(text: str) -> int:
    return count_tokens(text)


@lru_cache(maxsize=65536)
def _half_cost(text: str) -> int:
    return half_tokens(text)


@lru_cache(maxsize=65536)
def group_cost(group: DirGroup) -> int:
    """``count_tokens(group.text)``, added up from the parts: the braces and commas
    separate the names, so each name is costed once however many groups it is tried in.
    Cached: the walk in ``group_by_directory`` prices the same folder's groups at
    every step it is compared with its neighbour."""
    if len(group.names) == 1:
        return _text_cost(group.text)
    prefix = f"{group.directory}/" if group.directory else ""
    half = _half_cost(prefix + "{") + _half_cost("}" + group.suffix) + (len(group.names) - 1) * _half_cost(",")
    return finish_half_tokens(half + sum(map(_half_cost, group.names)))


def groups_cost(groups: tuple[DirGroup, ...]) -> int:
    """Tokens of the groups written out, one separator between two (the budget's estimate)."""
    return sum(group_cost(g) for g in groups) + (len(groups) - 1) * _text_cost(GROUP_SEPARATOR)


@lru_cache(maxsize=65536)
def _brace_groups(directory: str, names: tuple[str, ...]) -> tuple[DirGroup, ...]:
    """The files of one folder (``names`` relative to it) in the fewest tokens: one
    brace group, with the extension written once when they all share it; or, for a
    folder that mixes extensions, one group per extension when that is shorter."""
    whole = (_suffix_group(directory, list(names)),)
    if whole[0].suffix or len(names) == 1:
        return whole  # a shared suffix holds the last dot, so one extension
    by_extension: dict[str, list[str]] = {}
    for name in names:
        by_extension.setdefault(name.rpartition(".")[2] if "." in name else "", []).append(name)
    if len(by_extension) == 1:
        return whole
    split = tuple(_suffix_group(directory, by_extension[e]) for e in sorted(by_extension))
    return split if groups_cost(split) < groups_cost(whole) else whole


def _common_directory(a: str, b: str) -> str:
    parts = []
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        parts.append(x)
    return "/".join(parts)


def _relative(directory: str, to: str) -> str:
    return directory[len(to) + 1 :] if to else directory


def group_by_directory(paths: list[str]) -> tuple[DirGroup, ...]:
    """Brace groups naming exactly ``paths``, cheap in tokens and in sorted order.

    Files group by folder; then, walking the folders in order, a folder's files join
    the group before them under their common parent (``runtime/{builder,blocking/pool}.rs``)
    whenever that costs fewer tokens than two groups, which happens for folders that
    contribute a file or two. The root only takes in folders when it has files itself.
    """
    folders: dict[str, list[str]] = {}
    whole: list[str] = []
    for path in paths:
        if " " in path:
            whole.append(path)
            continue
        directory, _, name = path.rpartition("/")
        folders.setdefault(directory, []).append(name)
    merged: list[tuple[str, tuple[str, ...]]] = []
    for directory in sorted(folders):
        names = tuple(sorted(folders[directory]))
        if merged:
            previous, previous_names = merged[-1]
            common = _common_directory(previous, directory)
            if common or previous == "":
                joined = tuple(sorted(
                    [f"{_relative(previous, common)}/{n}" if previous != common else n for n in previous_names]
                    + [f"{_relative(directory, common)}/{n}" if directory != common else n for n in names]
                ))
                apart = groups_cost(_brace_groups(previous, previous_names) + _brace_groups(directory, names))
                if groups_cost(_brace_groups(common, joined)) < apart:
                    merged[-1] = (common, joined)
                    continue
        merged.append((directory, names))
    # The walk can leave two groups under one parent (a big folder between them stayed
    # apart): one group says it in fewer tokens.
    coalesced: dict[str, tuple[str, ...]] = {}
    for directory, names in merged:
        coalesced[directory] = tuple(sorted(coalesced.get(directory, ()) + names))
    groups = [g for directory, names in coalesced.items() for g in _brace_groups(directory, names)]
    groups.extend(DirGroup("", (path,)) for path in whole)
    return tuple(sorted(groups, key=lambda g: (g.directory, g.paths)))
