"""Fit sections into a hard token budget: lower-priority sections shrink first.

Each section comes as variants, richest first. Shrinking goes round by round from
the lowest-priority section up, one step per section per round, so the bottom of
the map loses detail before the top does; when every section is at its smallest
variant, whole sections are dropped from the bottom. Sections are whole strings, so
nothing is ever cut mid-line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from mapper.errors import UserError

__all__ = ["BudgetError", "FittedMap", "fit_sections"]


class BudgetError(UserError):
    """Even the smallest map (the header alone) does not fit the budget."""


@dataclass(frozen=True)
class FittedMap:
    choices: tuple[int | None, ...]  # variant index per section, None if dropped
    tokens: int


def fit_sections(
    variants: list[list[str]], budget: int, count: Callable[[str], int], frame: str = "",
    protected: int = 1, primary: dict[int, int] | None = None,
) -> FittedMap:
    """Choose one variant per section (or drop it) so the joined text fits ``budget``.

    ``variants[0]`` is the header, which is never shrunk or dropped. Sections before
    index ``protected`` (commands, entry points: facts an agent cannot cheaply
    rediscover) keep their primary rows until every later section is at its
    smallest; ``primary`` maps such a section to its first variant that holds only
    primary rows (declared entry points, a couple of commands per kind): what comes
    before it (``__main__`` blocks of scripts, CI variants of one command) goes first,
    since naming the project's files routes an agent better. ``frame`` is text always
    present around the sections (the markers) and counts against the budget.
    """
    costs = [[count(text) for text in options] for options in variants]
    fixed = count(frame)
    choice: list[int | None] = [0] * len(variants)

    def total() -> int:
        return fixed + sum(costs[i][c] for i, c in enumerate(choice) if c is not None)

    if fixed + costs[0][0] > budget:
        raise BudgetError(f"budget of {budget} tokens is too small: the header alone needs {fixed + costs[0][0]}")
    primary = primary or {}
    last = [len(options) - 1 for options in variants]
    unprotected = range(len(variants) - 1, protected - 1, -1)  # bottom first
    # Each stage moves one section at most as far as a limit; stages run in order
    # until the map fits, and shrinking within a stage goes strictly from the bottom.
    stages: list[list[tuple[int, int]]] = [
        [(i, min(primary.get(i, 0), last[i])) for i in range(protected - 1, 0, -1)],
        [(i, last[i] // 2) for i in unprotected],
        [(i, last[i]) for i in unprotected],
    ]
    history: list[tuple[int, int]] = []  # (section, variant before the stage moved it)
    for stage in stages:
        for index, limit in stage:
            before = choice[index]
            _shrink_one(choice, index, limit, total, budget)
            if choice[index] != before:
                history.append((index, before))
    # Then the protected sections give up primary rows, round by round from the bottom.
    before_round = list(choice)
    _shrink_round_robin(choice, variants, range(protected - 1, 0, -1), total, budget)
    history.extend((i, before_round[i]) for i in range(1, protected) if choice[i] != before_round[i])
    for index in range(len(variants) - 1, 0, -1):
        if total() <= budget:
            break
        choice[index] = None
    _refill(choice, history, total, budget)
    return FittedMap(tuple(choice), total())


def _shrink_one(choice, index, limit, total, budget) -> None:
    while total() > budget and choice[index] is not None and choice[index] < limit:
        choice[index] += 1


def _shrink_round_robin(choice, variants, order, total, budget) -> None:
    while total() > budget:
        moved = False
        for index in order:
            current = choice[index]
            if current is not None and current < len(variants[index]) - 1:
                choice[index] = current + 1
                moved = True
                if total() <= budget:
                    break
        if not moved:
            break


def _refill(choice, history, total, budget) -> None:
    """Give back detail where shrinking overshot, undoing the stages in reverse: what
    was shrunk last (the higher sections) gets tokens back first."""
    for index, before in reversed(history):
        while choice[index] is not None and choice[index] > before:
            choice[index] -= 1
            if total() > budget:
                choice[index] += 1
                break
