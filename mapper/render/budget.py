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
    protected: int = 1,
) -> FittedMap:
    """Choose one variant per section (or drop it) so the joined text fits ``budget``.

    ``variants[0]`` is the header, which is never shrunk or dropped. Sections before
    index ``protected`` shrink only after all later ones are at their smallest. ``frame``
    is text always present around the sections (the markers) and counts against the
    budget.
    """
    costs = [[count(text) for text in options] for options in variants]
    fixed = count(frame)
    choice: list[int | None] = [0] * len(variants)

    def total() -> int:
        return fixed + sum(costs[i][c] for i, c in enumerate(choice) if c is not None)

    if fixed + costs[0][0] > budget:
        raise BudgetError(f"budget of {budget} tokens is too small: the header alone needs {fixed + costs[0][0]}")
    # 1. Strictly from the bottom, each unprotected section shrinks to its floor (half
    #    way down its list of variants) before the one above it is touched.
    # 2. Then, again strictly from the bottom, each shrinks to its smallest variant.
    # 3. Only then do the protected ones (commands, entry points: facts an agent cannot
    #    cheaply rediscover) give up rows, round by round.
    # The refill afterwards hands tokens back from the top down, so the sections
    # higher up (layout, the role listing that names most files) get them first.
    for limit in ("floor", None):
        for index in range(len(variants) - 1, protected - 1, -1):
            floor = (len(variants[index]) - 1) // 2 if limit else None
            _shrink(choice, variants, [index], total, budget, limit=floor)
    _shrink(choice, variants, range(len(variants) - 1, 0, -1), total, budget)
    for index in range(len(variants) - 1, 0, -1):
        if total() <= budget:
            break
        choice[index] = None
    _refill(choice, variants, total, budget)
    return FittedMap(tuple(choice), total())


def _refill(choice, variants, total, budget) -> None:
    """Give back detail where the last shrinking step overshot: from the top section
    down, step each one back towards richer variants while the map still fits."""
    for index in range(1, len(variants)):
        while choice[index] is not None and choice[index] > 0:
            choice[index] -= 1
            if total() > budget:
                choice[index] += 1
                break


def _shrink(choice, variants, order, total, budget, limit: int | None = None) -> None:
    while total() > budget:
        moved = False
        for index in order:
            current = choice[index]
            last = len(variants[index]) - 1 if limit is None else limit
            if current is not None and current < last:
                choice[index] = current + 1
                moved = True
                if total() <= budget:
                    break
        if not moved:
            break
