"""Side effects: where the code touches the world, by kind, as ``path symbol [callee]``.

No line numbers and no site counts: both change with edits that add no structure,
and the block must stay byte-identical then (``--format json`` has every site's line).
"""

from __future__ import annotations

from dataclasses import dataclass

from mapper.analyze.examples import ProjectScope
from mapper.model import Analysis
from mapper.render.sanitize import safe_name, safe_path
from mapper.render.sections.common import EFFECT_LABELS, SectionVariants, caps, dedupe

__all__ = ["effect_section"]

MAX_FILES_PER_KIND = 25


@dataclass(frozen=True)
class EffectFile:
    path: str
    symbols: tuple[str, ...]
    details: tuple[str, ...]


@dataclass(frozen=True)
class EffectKindRow:
    label: str
    total_files: int
    files: tuple[EffectFile, ...]
    more_files: int


@dataclass(frozen=True)
class EffectsView:
    kinds: tuple[EffectKindRow, ...]


def effect_section(analysis: Analysis, scope: ProjectScope) -> SectionVariants:
    # Tests and example programs touch files, clocks and the environment all the time;
    # listing them would bury the sites an agent needs. They stay in --format json.
    tests = {r.path for r in analysis.roles if r.role == "role.tests"}
    grouped: dict[str, dict[str, list]] = {}
    for site in analysis.effects:
        if safe_path(site.path) and site.path not in tests and not scope.is_example(site.path):
            grouped.setdefault(site.kind, {}).setdefault(site.path, []).append(site)
    order = {m.path: i for i, m in enumerate(analysis.modules)}
    kinds = [k for k in EFFECT_LABELS if k in grouped] + sorted(k for k in grouped if k not in EFFECT_LABELS)
    # The project's own code first; scripts after it.
    files_by_kind = {
        kind: sorted(grouped[kind].items(),
                     key=lambda item: (not scope.is_own(item[0]), -len(item[1]), order.get(item[0], 0), item[0]))
        for kind in kinds
    }
    # A symbol is named under the file's wrapping namespaces, as Key modules names it
    # (sidekiq's `Launcher.check_rtt`, not `Sidekiq.Launcher.check_rtt`).
    wrappers = {m.path: m.wrappers for m in analysis.modules}
    largest = max((len(v) for v in files_by_kind.values()), default=0)
    # Detail goes before files: a file named with one symbol says more than three
    # symbols of another. Each step is smaller than the one before, so the budget's
    # refill, which walks back one step at a time, never skips a richer variant.
    levels = [(4, MAX_FILES_PER_KIND), (2, MAX_FILES_PER_KIND)]
    levels += [(1, cap) for cap in caps(largest, limit=MAX_FILES_PER_KIND)] + [(0, 1)]
    variants = [
        EffectsView(tuple(_effect_row(kind, files_by_kind[kind], cap, detail_cap, wrappers) for kind in kinds))
        for detail_cap, cap in levels
    ]
    return SectionVariants("effects", tuple(dedupe(variants)))


def _effect_row(kind: str, files: list, cap: int, detail_cap: int,
                wrappers: dict[str, tuple[str, ...]]) -> EffectKindRow:
    shown = []
    for path, sites in files[:cap]:
        names = {_relative(s.symbol, wrappers.get(path, ())) for s in sites if s.symbol}
        symbols = tuple(sorted(n for n in names if safe_name(n)))[:detail_cap]
        details = tuple(sorted({s.detail for s in sites if safe_name(s.detail)}))[:detail_cap]
        shown.append(EffectFile(path, symbols, details))
    return EffectKindRow(EFFECT_LABELS.get(kind, kind), len(files), tuple(shown), len(files) - len(shown))


def _relative(symbol: str, wrappers: tuple[str, ...]) -> str:
    """``symbol`` under the deepest of ``wrappers`` it is inside (itself if none)."""
    wrapper = next((w for w in wrappers if symbol.startswith(w + ".")), "")
    return symbol[len(wrapper) + 1:] if wrapper else symbol
