"""Key modules: the most central files and the largest, in turn, with their
most-referenced public symbols.

Central files are what the rest builds on; large ones hold most features and take
most fixes, and are seldom the hubs (bench/QUALITY.md, session 7: taking them in turn
routed 89 more fixes over 84 repositories at 2k and 3k). With budget to spare the list
goes on past them, so the block grows with the budget and small repositories get
per-file symbols throughout. Files
of a package unit (analyze/units.py: a Go package, a namespace) share one row, since
their fan-in and rank are the package's; each keeps its own symbols. A large file
names more of its symbols than a small one (``SymbolQuota``): most of a project's
features, and most of its fixes, are in its big files (bench/QUALITY.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import zip_longest
from statistics import median

from mapper.analyze.examples import ProjectScope
from mapper.analyze.modules import SYMBOLS_PER_MODULE
from mapper.model import Analysis, ModuleInfo
from mapper.render.sanitize import safe_name, safe_path, safe_summary
from mapper.render.sections.common import SectionVariants, caps, dedupe_marking

__all__ = ["module_section"]

CENTRAL_ROWS = 40  # rows listed before the budget decides whether more fit
RICH_SYMBOLS = 12
SYMBOL_STEPS = (11, 10, 9, 8, 7, 6, 5, 4)  # one name at a time: a step of 40 rows is a large one
# Once every row fits, a small repository's block grows with the budget: every
# public name and method, then private helpers (analyze.modules keeps them last).
RICHEST_SYMBOLS = (SYMBOLS_PER_MODULE, 40, 24, 18)
# Rows richer than DEFERRED_AFTER names a file come only after the spare budget has
# named example programs and every entry point (render.budget's deferred variants):
# bubbletea's fixes land in its examples, and its rows of 12 names took their place.
DEFERRED_AFTER = 6  # one of SYMBOL_STEPS
# A file's share of names grows with the square root of its size against the median
# file's, up to this many times the row's nominal count: a 5,000-line file holds more
# features (and takes more fixes) than a 50-line one, yet every file keeps a name.
MAX_SIZE_SCALE = 4.0


@dataclass(frozen=True)
class UnitMember:
    path: str
    symbols: tuple[str, ...]


@dataclass(frozen=True)
class ModuleRow:
    path: str
    fan_in: int
    fan_out: int
    symbols: tuple[str, ...]
    summary: str | None
    members: tuple[UnitMember, ...] = ()  # a package unit's files; then ``path`` is its folder
    files: int = 0  # a package unit's files, listed or not


@dataclass(frozen=True)
class ModulesView:
    modules: tuple[ModuleRow, ...]


@dataclass(frozen=True)
class SymbolQuota:
    """How many of a file's symbols a row names at a nominal count per file."""

    median_lines: float
    mean_scale: float = 1.0  # the quotas of the files listed average the nominal count when set

    def scale(self, module: ModuleInfo) -> float:
        return min(MAX_SIZE_SCALE, math.sqrt(max(module.lines, 1) / self.median_lines))

    def even_over(self, modules: list[ModuleInfo]) -> "SymbolQuota":
        mean = sum(map(self.scale, modules)) / len(modules) if modules else 1.0
        return SymbolQuota(self.median_lines, mean)

    def of(self, module: ModuleInfo, nominal: int) -> int:
        if nominal <= 0:
            return 0
        return max(1, round(nominal * self.scale(module) / self.mean_scale))


@dataclass(frozen=True)
class _Entry:
    """One row's worth of modules: a file, or the files of one package unit."""

    modules: tuple[ModuleInfo, ...]

    @property
    def unit(self) -> str:
        return self.modules[0].unit


def module_section(analysis: Analysis, scope: ProjectScope) -> SectionVariants:
    # An empty package marker (no symbols, no summary, imports nothing) says nothing,
    # and tests, scripts and examples are already listed under their roles.
    # A declaration file beside its source (a .pyi stub) repeats the source's names.
    ranked = [m for m in analysis.modules if safe_path(m.path) and scope.is_own(m.path) and not m.declares
              and (m.symbols or m.summary or m.fan_out)]
    entries = _by_centrality_and_size(_entries(ranked))
    sized = SymbolQuota(max(1.0, median(m.lines for m in ranked)) if ranked else 1.0)
    # Trim detail first, then rows, so every step is smaller than the one before.
    levels = [(symbols, True, len(entries), None) for symbols in (*RICHEST_SYMBOLS, RICH_SYMBOLS)]
    levels += [(RICH_SYMBOLS, True, n, None) for n in caps(len(entries), limit=len(entries), keep=0.8)
               if n > CENTRAL_ROWS]
    # Small steps between the richest rows that fit and a few names per row, so spare
    # budget turns into names instead of being left over.
    levels += [(symbols, True, CENTRAL_ROWS, None) for symbols in (RICH_SYMBOLS, *SYMBOL_STEPS)]
    # Then a package unit lists a dozen of its files. Where there is no unit this
    # repeats the six-name rows, which costs more than the four-name ones before it:
    # the fit steps over such a variant (render.budget).
    levels += [(6, True, CENTRAL_ROWS, 12)]
    # Row steps of a sixth at the bottom: from 40 rows straight to 26, jsoup left 520
    # tokens of its 3k budget unused.
    levels += [(3, True, cap, 6) for cap in caps(len(entries), limit=CENTRAL_ROWS, keep=0.85)] + [(0, False, 1, 0)]
    deferred = levels.index((DEFERRED_AFTER, True, CENTRAL_ROWS, None))
    variants = []
    for symbols, with_summary, cap, members in levels:
        shown = entries[:cap]
        # While rows are cut, a large file's extra names come out of the small files'
        # share, so the step costs what an even share would and no row is lost for them.
        quota = sized if cap == len(entries) else sized.even_over([m for e in shown for m in e.modules])
        variants.append(ModulesView(tuple(_row(e, quota, symbols, with_summary, members) for e in shown)))
    kept, ceiling = dedupe_marking(variants, deferred)
    return SectionVariants("modules", tuple(kept), deferred=ceiling)


def _entries(ranked: list[ModuleInfo]) -> list[_Entry]:
    """Ranked rows: a package unit where its first file ranks, its files by how much
    of them other files use."""
    units: dict[str, list[ModuleInfo]] = {}
    for module in ranked:
        if module.unit:
            units.setdefault(module.unit, []).append(module)
    entries, seen = [], set()
    for module in ranked:
        if not module.unit:
            entries.append(_Entry((module,)))
        elif module.unit not in seen:
            seen.add(module.unit)
            members = sorted(units[module.unit], key=lambda m: (-sum(s.references for s in m.symbols), -m.lines, m.path))
            entries.append(_Entry(tuple(members)))
    return entries


def _by_centrality_and_size(entries: list[_Entry]) -> list[_Entry]:
    """The most central row, then the largest, and so on in turn: the central files are
    what the rest builds on, the large ones hold most features and take most fixes
    (prometheus's 4,951-line promql/engine.go had no row at 4k behind small hubs).
    Size counts only where a row names something: a large file that defines nothing
    is a data table (rich's fourteen _unicode_data/unicode*.py had fourteen bare rows)."""
    named = [i for i, entry in enumerate(entries) if any(m.symbols for m in entry.modules)]
    order = sorted(named, key=lambda i: (-sum(m.lines for m in entries[i].modules), i))
    merged: list[_Entry] = []
    seen: set[int] = set()
    for pair in zip_longest(range(len(entries)), order):
        for index in pair:
            if index is not None and index not in seen:
                seen.add(index)
                merged.append(entries[index])
    return merged


def _names(module: ModuleInfo, count: int) -> tuple[str, ...]:
    return tuple(n for s in module.symbols[:count] if (n := safe_name(s.name)))


def _row(entry: _Entry, quota: SymbolQuota, symbols: int, with_summary: bool, members: int | None) -> ModuleRow:
    first = entry.modules[0]
    summary = safe_summary(first.summary) if with_summary else None
    if not entry.unit:
        return ModuleRow(first.path, first.fan_in, first.fan_out, _names(first, quota.of(first, symbols)), summary)
    # With room for every member a unit's files keep their symbols; else a few each.
    per_member = symbols if members is None else max(1, symbols // 3) if symbols else 0
    listed = entry.modules[:members] if members is not None else entry.modules
    unit_summary = next((safe_summary(m.summary) for m in entry.modules if m.summary), None) if with_summary else None
    return ModuleRow(
        entry.unit, first.fan_in, max(m.fan_out for m in entry.modules), (), unit_summary,
        tuple(UnitMember(m.path, _names(m, quota.of(m, per_member))) for m in listed), len(entry.modules),
    )
