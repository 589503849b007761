"""Entry points: every way execution starts, declared ones first.

Secondary rows (``__main__`` blocks, CI jobs, entry points of tests, scripts and
examples areas) go first when the budget is tight; before they go, many rows of one
kind from one folder collapse into one row with a count and an example (FastAPI's
``docs_src/`` holds 530 tutorial web apps).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from mapper.analyze.examples import ProjectScope
from mapper.model import Analysis, EntryPoint
from mapper.render.sanitize import safe_command, safe_name, safe_path
from mapper.render.sections.common import (
    EFFECT_SHORT, Row, RowsView, SectionVariants, caps, dedupe_marking,
)

__all__ = ["entry_section"]

# Entry kinds that are secondary (many per repo): shown after the declared ones.
# CI jobs and their schedules are mostly maintenance (stale-issue bots, lockers): secondary.
SECONDARY_ENTRIES = frozenset({"entry.main_guard", "entry.ci_job", "entry.scheduled", "entry.celery_task"})
COLLAPSE_SECONDARY = 3  # secondary rows of one kind in one folder that become one row
COLLAPSE_PRIMARY = 6  # the same for the project's own entry points, in a smaller variant


@dataclass(frozen=True)
class _EntryRow:
    row: Row
    folder: str  # rows of one label in one folder collapse together


def entry_section(analysis: Analysis, scope: ProjectScope) -> SectionVariants:
    def secondary(entry: EntryPoint) -> bool:
        # axum declares 56 example binaries, vite's playground a dozen express apps:
        # they are entry points, but not the project's.
        return entry.kind in SECONDARY_ENTRIES or not (
            scope.is_own(entry.evidence.path) and (not entry.file or scope.is_own(entry.file)))

    primary = [r for e in analysis.entry_points if not secondary(e) if (r := _entry_row(e, scope))]
    extra = [r for e in analysis.entry_points if secondary(e) if (r := _entry_row(e, scope))]
    variants = [RowsView(tuple(_rows(primary + extra)))]
    collapsed = _collapse(extra, COLLAPSE_SECONDARY)
    for cap in caps(len(collapsed)) + [0]:
        variants.append(RowsView(tuple(_rows(primary) + collapsed[:cap]), _hidden(collapsed[cap:])))
    # Where every entry point is secondary (a library's example binaries), the first
    # collapsed row stands in for the primary ones: "19 more entry points" alone says
    # nothing (hyper's map at 3k).
    primary_only = len(variants) - 1 if primary or not collapsed else len(variants) - 2
    hidden_extra = _hidden(collapsed)
    variants.append(RowsView(tuple(_rows(primary)), hidden_extra))
    own = _collapse(primary, COLLAPSE_PRIMARY)
    for cap in caps(len(own)):
        variants.append(RowsView(tuple(own[:cap]), _hidden(own[cap:]) + hidden_extra))
    deduped, primary_only = dedupe_marking(variants, primary_only)
    return SectionVariants("entry_points", tuple(deduped), primary_only)


def _entry_row(entry: EntryPoint, scope: ProjectScope) -> _EntryRow | None:
    name = safe_name(entry.name) or safe_path(entry.name)
    path = safe_path(entry.evidence.path)
    target = _target_text(entry)
    if not name or not path or not target:
        return None
    label = entry.label or entry.kind.removeprefix("entry.")  # declared with the kind (EntryKind)
    text = f"`{name}` -> {target}" if target != name else f"`{name}`"
    if entry.reaches:
        text += "; reaches " + ", ".join(EFFECT_SHORT.get(k, k.removeprefix("effect.")) for k in entry.reaches)
    # The manifest that declares it, unless the row names that file already. No line
    # number: it churns with every edit above it (--format json keeps it).
    where = "" if path in (name, target) or path in target.split(":") else path
    return _EntryRow(Row(label, text, where), _folder(entry.file or path, scope))


def _target_text(entry: EntryPoint) -> str | None:
    """The file an agent opens, with the function it starts in, when it is known
    (``fastapi/cli.py:main``, not only ``fastapi.cli:main``)."""
    target = safe_command(entry.target)
    if entry.file and safe_path(entry.file) and entry.file not in (target or ""):
        symbol = safe_name(entry.symbol) if entry.symbol else None
        return f"{entry.file}:{symbol}" if symbol else entry.file
    return target


def _folder(path: str, scope: ProjectScope) -> str:
    # Every examples area under one folder of no project code collapses together:
    # typer's docs_src/ holds 18 areas of tutorials, which were up to 40 rows.
    examples = scope.examples_folder(path)
    if examples is not None:
        return examples
    return path.split("/", 1)[0] if "/" in path else ""


def _collapse(items: list[_EntryRow], at_least: int) -> list[Row]:
    """Rows of one label from one folder, ``at_least`` or more of them, as one row
    with a count and the first as an example; others as they are, in order."""
    groups: OrderedDict[tuple[str, str], list[_EntryRow]] = OrderedDict()
    for item in items:
        groups.setdefault((item.row.label, item.folder), []).append(item)
    rows = []
    for (label, folder), members in groups.items():
        if len(members) < at_least or not folder:
            rows.extend(m.row for m in members)
            continue
        first = members[0].row
        example = f"{first.text} ({first.where})" if first.where else first.text
        rows.append(Row(label, f"{len(members)} in `{folder}/`, e.g. {example}", "", len(members)))
    return rows


def _rows(items: list[_EntryRow]) -> list[Row]:
    return [item.row for item in items]


def _hidden(rows: list[Row]) -> int:
    return sum(r.count for r in rows)
