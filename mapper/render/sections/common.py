"""What every section builder shares: the variants container, row caps, labels."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "SectionVariants", "Row", "RowsView", "caps", "dedupe", "dedupe_marking",
    "EFFECT_LABELS", "EFFECT_SHORT", "MAX_ROWS",
]

EFFECT_LABELS = {
    "effect.subprocess": "subprocess / shell",
    "effect.net": "network",
    "effect.db": "database",
    "effect.fs.write": "filesystem writes",
    "effect.fs": "filesystem open/read",
    "effect.env": "environment variables read",
    "effect.global": "global mutable state",
    "effect.time": "time",
    "effect.random": "randomness",
}
EFFECT_SHORT = {
    "effect.subprocess": "subprocess", "effect.net": "network", "effect.db": "database",
    "effect.fs.write": "fs writes", "effect.fs": "fs", "effect.env": "env",
    "effect.global": "globals", "effect.time": "time", "effect.random": "random",
}

MAX_ROWS = 60


@dataclass(frozen=True)
class SectionVariants:
    name: str  # template name under templates/sections/
    variants: tuple[object, ...]  # richest first; each is a view model for the template
    primary: int = 0  # first variant with primary rows only (see render.budget)
    weight: float = 1.0  # share of a tight budget, relative to the other sections
    deferred: int = 0  # the richest variants before this one come after the leftover (render.budget)


def dedupe_marking(variants: list, mark: int) -> tuple[list, int]:
    """``dedupe``, and where the variant at ``mark`` ends up."""
    kept: list = []
    new_mark = 0
    for index, variant in enumerate(variants):
        if not kept or kept[-1] != variant:
            kept.append(variant)
        if index == mark:
            new_mark = len(kept) - 1
    return kept, new_mark


def caps(count: int, limit: int = MAX_ROWS, keep: float = 0.67) -> list[int]:
    """Row caps from ``min(count, limit)`` down to 1, keeping ``keep`` of the rows each step."""
    top = min(count, limit)
    values = []
    current = top
    while current >= 1:
        values.append(current)
        current = min(current - 1, math.floor(current * keep))
    return values or [0]


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    where: str = ""  # the file that declares it, when the text does not name it
    count: int = 1  # facts the row stands for (a collapsed row stands for many)


@dataclass(frozen=True)
class RowsView:
    rows: tuple[Row, ...]
    more: int = 0


def dedupe(variants: list) -> list:
    seen = []
    for variant in variants:
        if not seen or seen[-1] != variant:
            seen.append(variant)
    return seen

