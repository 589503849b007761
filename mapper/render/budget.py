"""Fit sections into a hard token budget.

Each section comes as variants, richest first. When the full map is too long, the
protected sections (commands, entry points) first drop their secondary rows; then
every other section goes down to its smallest variant and the freed budget is shared
back out step by step, by tokens and section weight, so no single section starves
the rest; only then do the protected sections give up primary rows, and last whole
sections are dropped from the bottom. Sections are whole strings, so nothing is ever
cut mid-line.
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
    protected: int = 1, primary: dict[int, int] | None = None, weights: dict[int, float] | None = None,
    reserve: dict[int, float] | None = None, complete_first: tuple[int, ...] = (),
    deferred: dict[int, int] | None = None,
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
    ``weights`` (default 1) set how many tokens a section gets back per token another
    gets when the budget is shared out again; a section of weight 0 gets only the
    budget left once every other section has taken what it can and the sections of
    ``complete_first`` (the listing of the project's own files) are at their richest.
    ``reserve`` maps a section to the share
    of the budget (after the header) it keeps while anything else shrinks: the
    sections that name the project's files, so that no number of entry points,
    routes or commands can starve them. A section's reserve is its richest variant
    within that share; it gives that up only after every other section is at its
    smallest and the protected ones have given up their primary rows.
    ``deferred`` maps a section to its richest variant before the leftover: the
    variants richer than that come last of all, after the sections of weight 0 have had
    theirs (a file's hundredth name is worth less than an example program's path).
    """
    costs = [[count(text) for text in options] for options in variants]
    fixed = count(frame)
    choice: list[int | None] = [0] * len(variants)
    # A section of weight 0 gets only what is left once every other one has taken
    # what it can ...
    leftover_only = [i for i, w in (weights or {}).items() if w == 0 and i > 0]
    for index in leftover_only:
        choice[index] = len(variants[index]) - 1
    deferred = {i: min(c, len(variants[i]) - 1) for i, c in (deferred or {}).items() if i > 0 and c > 0}
    for index, ceiling in deferred.items():
        choice[index] = ceiling

    def total() -> int:
        return fixed + sum(costs[i][c] for i, c in enumerate(choice) if c is not None)

    if fixed + costs[0][0] > budget:
        raise BudgetError(f"budget of {budget} tokens is too small: the header alone needs {fixed + costs[0][0]}")
    primary = primary or {}
    # 1. The protected sections give up their secondary rows, from the bottom.
    # 2. If that is not enough, every unprotected section goes down to its smallest
    #    variant (and the refill shares the rest out again).
    # 3. Only then do the protected ones give up primary rows, round by round.
    # 4. Leftover tokens go back one step at a time to the unprotected section that has
    #    got the fewest back so far (ties: the higher one), so a section with many
    #    small steps cannot take everything; the protected sections' secondary rows
    #    come back last.
    extras = {i: choice[i] for i in range(1, protected)}
    for index in range(protected - 1, 0, -1):
        _shrink_one(choice, index, min(primary.get(index, 0), len(variants[index]) - 1), total, budget)
    shrunk_from = list(choice)
    floors = _reserved_variants(costs, reserve or {}, budget - fixed - costs[0][0])
    if total() > budget:
        # Water-filling: every unprotected section drops to its smallest variant (a
        # reserved one to its reserve) and the refill below shares the budget back out
        # fairly by tokens.
        for index in range(protected, len(variants)):
            choice[index] = floors.get(index, len(variants[index]) - 1)
    _shrink_round_robin(choice, variants, range(protected - 1, 0, -1), total, budget)
    for index in sorted(floors):
        _shrink_one(choice, index, len(variants[index]) - 1, total, budget)
    for index in range(len(variants) - 1, 0, -1):
        if total() <= budget:
            break
        choice[index] = None
    _refill_fairly(choice, list(range(1, len(variants))), shrunk_from, total, budget, weights or {})
    _refill_fairly(choice, list(range(1, protected)), extras, total, budget, {})
    # ... and once the sections of complete_first are at their richest.
    if all(choice[i] == 0 for i in complete_first):
        _refill_fairly(choice, leftover_only, {i: 0 for i in leftover_only}, total, budget, {})
    _refill_fairly(choice, sorted(deferred), {i: 0 for i in deferred}, total, budget, {})
    return FittedMap(tuple(choice), total())


def _reserved_variants(costs: list[list[int]], reserve: dict[int, float], room: int) -> dict[int, int]:
    """Per reserved section, its richest variant that costs at most its share of ``room``."""
    floors = {}
    for index, share in reserve.items():
        options = costs[index]
        floors[index] = next((i for i, cost in enumerate(options) if cost <= share * room), len(options) - 1)
    return floors


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


def _refill_fairly(choice, order, targets, total, budget, weights) -> None:
    """Step sections in ``order`` back towards ``targets[index]`` (a richer variant)
    while the map still fits, always giving the next step to the section that has
    got the fewest tokens back so far for its weight (ties: the higher section), so
    that a section with many small steps does not take everything."""
    gained = {i: 0 for i in order}
    active = [i for i in order if choice[i] is not None and choice[i] > targets[i]]
    while active:
        index = min(active, key=lambda i: (gained[i] / weights.get(i, 1.0), order.index(i)))
        before, current = total(), choice[index]
        # The next richer variant that fits: usually the next one, but a section's
        # variants are not always smaller down the list (devise's Key modules: 1,462
        # tokens, then 1,793, then 1,316), and one that costs more must not stop the
        # refill short of a richer one that costs less.
        for richer in range(current - 1, targets[index] - 1, -1):
            choice[index] = richer
            if total() <= budget:
                break
        else:
            choice[index] = current
            active.remove(index)
            continue
        gained[index] += total() - before
        if choice[index] <= targets[index]:
            active.remove(index)
