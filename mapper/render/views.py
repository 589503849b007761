"""View models for each map section, at decreasing levels of detail.

Each section offers a list of variants, richest first; the budget stage picks one
per section. Every string that came from the repository is sanitised here, before
any template sees it.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat

from mapper.analyze.roles import ROLE_LABELS, ROLE_ORDER
from mapper.graph.areas import area_of
from mapper.model import Analysis, Area, EntryPoint, ModuleInfo, Route
from mapper.render.sanitize import (
    safe_command, safe_name, safe_path, safe_route_path, safe_subcommand_name, safe_summary,
)
from mapper.render.tokens import count_tokens, finish_half_tokens, half_tokens

__all__ = ["SectionVariants", "build_sections", "EFFECT_LABELS"]

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
SKIPPED_LABELS = {"vendored": "vendored", "build": "build output", "generated": "generated", "fixtures": "test fixtures"}
# Entry kinds that are secondary (many per repo): shown after the declared ones.
# CI jobs and their schedules are mostly maintenance (stale-issue bots, lockers): secondary.
_SECONDARY_ENTRIES = frozenset({"entry.main_guard", "entry.ci_job", "entry.scheduled", "entry.celery_task"})
_MINOR_ROLES = frozenset({"role.tests", "role.scripts"})
# Folder names whose entry points and routes demonstrate or exercise a framework
# rather than serve the project: listed after the project's own.
_DEMO_DIRS = frozenset({"example", "examples", "demo", "demos", "sample", "samples", "docs", "doc",
                        "benchmark", "benchmarks", "bench", "fixtures", "playground"})

MAX_ROWS = 60
NESTED_COMMANDS = 6  # commands of nested projects listed at most
COMMANDS_PER_KIND = 4  # install/test/lint/... commands listed per kind at most
MAX_FILES_PER_ROLE = 600  # the file listing of one role, before the budget trims it
MINOR_ROLE_FILES = 6  # test and script files named per role  # no section lists more rows than this even with budget to spare
LARGE_AREA_FILES = 40  # areas this big also list their sub-directories
DEPENDENCIES_WEIGHT = 0.25  # the area-dependency section's share of a tight budget
ROLES_WEIGHT = 8.0  # the role listing's share of a tight budget against one for each other section


def _in_demo_dir(path: str) -> bool:
    return any(part in _DEMO_DIRS for part in path.split("/")[:-1])


@dataclass(frozen=True)
class SectionVariants:
    name: str  # template name under templates/sections/
    variants: tuple[object, ...]  # richest first; each is a view model for the template
    primary: int = 0  # first variant with primary rows only (see render.budget)
    weight: float = 1.0  # share of a tight budget, relative to the other sections


def _dedupe_marking(variants: list, mark: int) -> tuple[list, int]:
    """``_dedupe``, and where the variant at ``mark`` ends up."""
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


# --- header ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeaderView:
    name: str
    languages: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


# --- commands --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    where: str = ""


@dataclass(frozen=True)
class RowsView:
    rows: tuple[Row, ...]
    more: int = 0


def _command_sections(analysis: Analysis) -> SectionVariants:
    # Nested manifests (docs/Makefile, examples/*/package.json) add their real
    # install/test/lint/build/run commands, not every helper target they define.
    rows = [
        Row(c.kind, c.command, f"{c.evidence.path}:{c.evidence.line}")
        for c in analysis.commands
        if safe_path(c.evidence.path) and safe_command(c.command)
        and not (c.kind == "other" and "/" in c.evidence.path)
    ]
    # Root and CI commands all; nested projects (examples/*, packages/*) a few, since
    # a monorepo or an examples folder can define dozens of near-identical ones.
    # Within a kind, the root manifests' own commands come before CI's variants.
    ci_rows = [r for r in rows if r.where.startswith(".github/")]
    root_rows = [r for r in rows if "/" not in r.where.split(":")[0]] + ci_rows
    nested_rows = [r for r in rows if r not in root_rows]
    rows = root_rows + nested_rows[:NESTED_COMMANDS]
    variants: list[RowsView] = []
    # CI files repeat one tool with many flags (tokio's CI runs `cargo test` eleven
    # ways): a few per kind say how to run things; the rest are counted.
    primary = 0
    for per_kind in (COMMANDS_PER_KIND, 2, 1):
        if per_kind == 2:
            primary = len(variants)
        kept: list[Row] = []
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.label] = counts.get(row.label, 0) + 1
            if counts[row.label] <= per_kind:
                kept.append(row)
        for cap in caps(len(kept)):
            variants.append(RowsView(tuple(kept[:cap]), len(root_rows) + len(nested_rows) - min(cap, len(kept))))
    deduped, primary = _dedupe_marking(variants, primary)
    return SectionVariants("commands", tuple(deduped), primary)


# --- entry points ----------------------------------------------------------------------


def _entry_row(entry: EntryPoint) -> Row | None:
    name = safe_name(entry.name) or safe_path(entry.name)
    target, path = safe_command(entry.target), safe_path(entry.evidence.path)
    if not name or not path or not target:
        return None
    label = entry.label or entry.kind.removeprefix("entry.")  # declared with the kind (EntryKind)
    text = f"`{name}` -> {target}" if target and target != name else f"`{name}`"
    if entry.reaches:
        text += "; reaches " + ", ".join(EFFECT_SHORT.get(k, k.removeprefix("effect.")) for k in entry.reaches)
    return Row(label, text, f"{path}:{entry.evidence.line}")


def _entry_sections(analysis: Analysis) -> SectionVariants:
    # Declared entries first; __main__ blocks and anything living in tests or scripts
    # after them, so they are the first to go when the budget is tight.
    minor = {r.path for r in analysis.roles if r.role in _MINOR_ROLES}

    def secondary_entry(entry: EntryPoint) -> bool:
        # axum declares 56 example binaries, vite's playground a dozen express apps:
        # they are entry points, but not the project's.
        return (entry.kind in _SECONDARY_ENTRIES or entry.file in minor or entry.evidence.path in minor
                or _in_demo_dir(entry.evidence.path) or _in_demo_dir(entry.file or ""))

    primary = [r for e in analysis.entry_points if not secondary_entry(e) if (r := _entry_row(e))]
    secondary = [r for e in analysis.entry_points if secondary_entry(e) if (r := _entry_row(e))]
    variants = []
    for cap in caps(len(secondary)) + [0]:
        variants.append(RowsView(tuple(primary + secondary[:cap]), len(secondary) - cap))
    primary_only = len(variants) - 1
    for cap in caps(len(primary))[1:]:
        variants.append(RowsView(tuple(primary[:cap]), len(primary) - cap + len(secondary)))
    deduped, primary_only = _dedupe_marking(variants, primary_only)
    return SectionVariants("entry_points", tuple(deduped), primary_only)


# --- routes (under the entry points) -------------------------------------------------------

ROUTES_PER_FILE = (None, 8, 4, 2, 1)  # routes named per file, richest first
MAX_ROUTE_FILES = 40
MINOR_ROUTE_FILES = 3  # example, doc and script files named at most, after the project's own


@dataclass(frozen=True)
class RouteFile:
    path: str
    routes: tuple[str, ...]  # 'GET,POST /login -> login'
    more: int = 0  # routes of this file not named


@dataclass(frozen=True)
class RoutesView:
    files: tuple[RouteFile, ...]
    total: int  # routes in the map's files, named or not
    more_files: int = 0
    more_routes: int = 0
    standalone: bool = False  # no entry point is listed: the routes open the Entry points section


def route_texts(routes: list[Route], handlers: bool = True) -> tuple[str, ...]:
    """One text per (path, handler), methods merged: ``GET,POST /login -> login``;
    routes whose path or handler is not plain text are left out."""
    merged: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
    for route in routes:
        path = safe_route_path(route.path)
        method = route.method if route.method.isalpha() and route.method.isupper() else None
        if path is None or method is None:
            continue
        handler = _handler_text(route) if handlers else ""
        methods = merged.setdefault((path, handler), [])
        if method not in methods:
            methods.append(method)
    return tuple(f"{','.join(m)} {p}" + (f" -> {h}" if h else "") for (p, h), m in merged.items())


def _handler_text(route: Route) -> str:
    """The handler, without its class when the file is named after it
    (``OrderController.java``: ``OrderController.list`` -> ``list``)."""
    if not route.handler or not safe_name(route.handler.replace("#", ".")):
        return ""
    stem = route.file.rsplit("/", 1)[-1].split(".", 1)[0]
    return route.handler.removeprefix(f"{stem}.") or route.handler


def _routes_sections(analysis: Analysis, has_entries: bool) -> SectionVariants:
    # The project's own route files first; scripts, examples and docs after them.
    minor = {r.path for r in analysis.roles if r.role in _MINOR_ROLES}
    by_file: OrderedDict[str, list[Route]] = OrderedDict()
    for route in analysis.routes:
        if safe_path(route.file):
            by_file.setdefault(route.file, []).append(route)
    def is_minor(path: str) -> bool:
        return path in minor or _in_demo_dir(path)

    order = sorted(by_file, key=lambda p: (is_minor(p), p))
    files = [(path, route_texts(by_file[path]), route_texts(by_file[path], handlers=False)) for path in order]
    files = [f for f in files if f[1]]
    # A framework's repository has dozens of example apps: a few of them say enough.
    own = [f for f in files if not is_minor(f[0])]
    files = own + [f for f in files if is_minor(f[0])]
    named_files = min(len(files), len(own) + MINOR_ROUTE_FILES, MAX_ROUTE_FILES)
    if not files:
        return SectionVariants("routes", (RoutesView((), 0),))
    total = sum(len(f[2]) for f in files)
    variants: list[RoutesView] = []

    def view(per_file: int | None, with_handlers: bool, cap: int) -> RoutesView:
        shown = []
        for path, rich, bare in files[:cap]:
            texts = rich if with_handlers else bare
            named = texts if per_file is None else texts[:per_file]
            shown.append(RouteFile(path, named, len(texts) - len(named)))
        hidden = files[cap:]
        return RoutesView(tuple(shown), total, len(hidden), sum(len(f[2]) for f in hidden), not has_entries)

    full = named_files
    for per_file in ROUTES_PER_FILE:
        variants.append(view(per_file, True, full))
    variants.append(view(1, False, full))
    for cap in caps(full, limit=MAX_ROUTE_FILES)[1:] + [0]:
        variants.append(view(1, False, cap))
    return SectionVariants("routes", tuple(_dedupe(variants)))


# --- CLI subcommands (under the entry points) ---------------------------------------------

SUBCOMMANDS_PER_FILE = (None, 8, 3)  # names per file, richest first


@dataclass(frozen=True)
class SubcommandFile:
    path: str
    names: tuple[str, ...]
    more: int = 0


@dataclass(frozen=True)
class SubcommandsView:
    files: tuple[SubcommandFile, ...]
    total: int
    more_files: int = 0
    more_names: int = 0
    standalone: bool = False  # nothing above it opened the Entry points section


def _subcommand_sections(analysis: Analysis, has_entry_section: bool) -> SectionVariants:
    minor = {r.path for r in analysis.roles if r.role in _MINOR_ROLES}
    by_file: OrderedDict[str, list[str]] = OrderedDict()
    for command in analysis.subcommands:
        name = safe_subcommand_name(command.name)
        if name and safe_path(command.file) and name not in by_file.get(command.file, []):
            by_file.setdefault(command.file, []).append(name)
    # The project's own commands first; examples and tests after them.
    files = sorted(by_file.items(), key=lambda item: (item[0] in minor or _in_demo_dir(item[0]), item[0]))
    total = sum(len(names) for _, names in files)
    if not files:
        return SectionVariants("subcommands", (SubcommandsView((), 0),))
    standalone = not has_entry_section

    def view(per_file: int | None, cap: int) -> SubcommandsView:
        shown = tuple(SubcommandFile(path, tuple(names[:per_file]), len(names) - len(names[:per_file]))
                      for path, names in files[:cap])
        hidden = files[cap:]
        return SubcommandsView(shown, total, len(hidden), sum(len(n) for _, n in hidden), standalone)

    variants = [view(per, cap) for per in SUBCOMMANDS_PER_FILE for cap in caps(len(files), limit=20)]
    variants.append(view(0, 0))
    return SectionVariants("subcommands", tuple(_dedupe(variants)))


# --- layout ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    path: str
    files: int
    role: str
    central: tuple[str, ...] = ()
    children: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class LayoutView:
    areas: tuple[AreaRow, ...]
    skipped: tuple[tuple[str, str], ...]
    more: int = 0


def _layout_sections(analysis: Analysis, source_paths: tuple[str, ...]) -> SectionVariants:
    source_areas = [a for a in analysis.areas if a.kind == "source" and safe_path(a.path)]
    source_areas.sort(key=lambda a: (-a.files, a.path))
    children = _sub_directories(source_paths)
    full = [
        AreaRow(
            path=a.path, files=a.files, role=ROLE_LABELS.get(a.role, a.role),
            central=tuple(p for p in a.central if safe_path(p)),
            children=children.get(a.path, ()) if a.files >= LARGE_AREA_FILES else (),
        )
        for a in source_areas
    ]
    skipped = _skipped_rows([a for a in analysis.areas if a.kind != "source" and safe_path(a.path)])
    # Sub-directories of large areas say more than their central files, so the
    # central files go first.
    variants = [LayoutView(tuple(full), skipped)]
    one_central = [replace(r, central=r.central[:1]) for r in full]
    variants.append(LayoutView(tuple(one_central), skipped))
    no_central = [replace(r, central=()) for r in full]
    variants.append(LayoutView(tuple(no_central), skipped))
    bare = [replace(r, central=(), children=()) for r in full]
    for cap in caps(len(bare)):
        variants.append(LayoutView(tuple(bare[:cap]), skipped[:5], len(bare) - cap))
    return SectionVariants("layout", tuple(_dedupe(variants)))


def _skipped_rows(areas: list[Area]) -> tuple[tuple[str, str], ...]:
    """Skipped folders, named once; many of one kind under one top folder collapse
    into a count (Django has fifteen tests/**/fixtures)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for area in areas:
        top = area.path.split("/", 1)[0]
        groups.setdefault((top, area.kind), []).append(area.path)
    rows = []
    for (top, kind), paths in sorted(groups.items()):
        label = SKIPPED_LABELS.get(kind, kind)
        if len(paths) <= 2:
            rows.extend((path, label) for path in paths)
        else:
            rows.append((f"{top}/**", f"{len(paths)} {label} folders"))
    return tuple(rows)


def _sub_directories(paths: tuple[str, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    counts: dict[str, dict[str, int]] = {}
    for path in paths:
        area = area_of(path)
        rest = path[len(area) + 1 :] if area != "." else path
        if "/" not in rest:
            continue
        child = f"{area}/{rest.split('/', 1)[0]}"
        counts.setdefault(area, {}).setdefault(child, 0)
        counts[area][child] += 1
    return {
        area: tuple(sorted(((c, n) for c, n in found.items() if safe_path(c)), key=lambda x: (-x[1], x[0]))[:8])
        for area, found in counts.items()
    }


# --- module roles ----------------------------------------------------------------------


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


@dataclass(frozen=True)
class RoleRow:
    label: str
    total: int
    groups: tuple[DirGroup, ...]

    @property
    def shown(self) -> int:
        return sum(len(g.names) for g in self.groups)


@dataclass(frozen=True)
class RolesView:
    roles: tuple[RoleRow, ...]


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
def _group_cost(group: DirGroup) -> int:
    """``count_tokens(group.text)``, added up from the parts: the braces and commas
    separate the names, so each name is costed once however many groups it is tried in.
    Cached: the walk in ``_group_by_directory`` prices the same folder's groups at
    every step it is compared with its neighbour."""
    if len(group.names) == 1:
        return _text_cost(group.text)
    prefix = f"{group.directory}/" if group.directory else ""
    half = _half_cost(prefix + "{") + _half_cost("}" + group.suffix) + (len(group.names) - 1) * _half_cost(",")
    return finish_half_tokens(half + sum(map(_half_cost, group.names)))


def _cost(groups: tuple[DirGroup, ...]) -> int:
    """Tokens of the groups written out, one separator between two (the budget's estimate)."""
    return sum(_group_cost(g) for g in groups) + (len(groups) - 1) * _text_cost(GROUP_SEPARATOR)


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
    return split if _cost(split) < _cost(whole) else whole


def _common_directory(a: str, b: str) -> str:
    parts = []
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        parts.append(x)
    return "/".join(parts)


def _relative(directory: str, to: str) -> str:
    return directory[len(to) + 1 :] if to else directory


def _group_by_directory(paths: list[str]) -> tuple[DirGroup, ...]:
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
                apart = _cost(_brace_groups(previous, previous_names) + _brace_groups(directory, names))
                if _cost(_brace_groups(common, joined)) < apart:
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


def _roles_sections(analysis: Analysis) -> SectionVariants:
    # When not every file fits, the largest go first: most of a project's logic, and
    # most of its bug fixes, live in its big files, while the most central ones are
    # often small re-exporting hubs (measured in bench/QUALITY.md: on hugo the 50
    # largest non-test files hold 20 of 61 fixed files, the 50 most central 6).
    lines = {m.path: m.lines for m in analysis.modules}
    by_role: dict[str, list[str]] = {}
    for assignment in analysis.roles:
        if safe_path(assignment.path):
            by_role.setdefault(assignment.role, []).append(assignment.path)
    for paths in by_role.values():
        paths.sort(key=lambda p: (-lines.get(p, 0), p))
    roles = [r for r in ROLE_ORDER if r in by_role]
    variants = []
    largest = max((len(p) for r, p in by_role.items() if r not in _MINOR_ROLES), default=0)
    # Naming many files tersely is what routes a task to its file (bench/QUALITY.md):
    # with budget to spare this section lists every project file, in shell brace groups
    # (tokio/src/sync/{mutex,notify}.rs) that cost 4-6 tokens a file where one path each
    # costs 7-11.
    # Tests and scripts get a few names each: their folders are easy to find.
    # Fine steps: this is the section that names most files, and a coarse step would
    # leave much of the budget unused.
    # Between two caps, a step where only the largest role is still at the higher one
    # halves the steps at the top of the list, where one step costs a hundred tokens.
    biggest = max((r for r in roles if r not in _MINOR_ROLES), key=lambda r: (len(by_role[r]), r), default=None)
    # Most variants list the same first n files of a role as another variant (roles
    # smaller than the cap, the minor roles' fixed few, the paired steps below), so
    # each (role, n) is grouped once.
    grouped: dict[tuple[str, int], tuple[DirGroup, ...]] = {}

    def groups(role: str, cap: int) -> tuple[DirGroup, ...]:
        shown = min(cap, len(by_role[role]))
        if (role, shown) not in grouped:
            grouped[role, shown] = _group_by_directory(by_role[role][:shown])
        return grouped[role, shown]

    def view(cap_of) -> RolesView:
        return RolesView(tuple(
            RoleRow(ROLE_LABELS[r], len(by_role[r]),
                    groups(r, min(cap_of(r), MINOR_ROLE_FILES) if r in _MINOR_ROLES else cap_of(r)))
            for r in roles
        ))

    steps = caps(largest, limit=MAX_FILES_PER_ROLE, keep=0.88) + [0]
    for higher, lower in zip(steps, steps[1:] + [None]):
        variants.append(view(lambda r, cap=higher: cap))
        if lower is not None:
            variants.append(view(lambda r, hi=higher, lo=lower: hi if r == biggest else lo))
    # Naming files is what routes a task (bench/QUALITY.md): when the budget is shared
    # out, this section gets ROLES_WEIGHT tokens for every one another section gets.
    return SectionVariants("roles", tuple(_dedupe(variants)), weight=ROLES_WEIGHT)


# --- side effects ----------------------------------------------------------------------


@dataclass(frozen=True)
class EffectFile:
    path: str
    lines: tuple[int, ...]
    symbols: tuple[str, ...]
    details: tuple[str, ...]


@dataclass(frozen=True)
class EffectKindRow:
    label: str
    total_sites: int
    files: tuple[EffectFile, ...]
    more_files: int


@dataclass(frozen=True)
class EffectsView:
    kinds: tuple[EffectKindRow, ...]


def _effects_sections(analysis: Analysis) -> SectionVariants:
    # Tests touch files, clocks and the environment all the time; listing them would
    # bury the sites an agent needs. They stay in --format json.
    tests = {r.path for r in analysis.roles if r.role == "role.tests"}
    grouped: dict[str, dict[str, list]] = {}
    for site in analysis.effects:
        if safe_path(site.path) and site.path not in tests:
            grouped.setdefault(site.kind, {}).setdefault(site.path, []).append(site)
    order = {m.path: i for i, m in enumerate(analysis.modules)}
    kinds = [k for k in EFFECT_LABELS if k in grouped] + sorted(k for k in grouped if k not in EFFECT_LABELS)
    # The project's own code first; scripts and examples after it.
    minor = {r.path for r in analysis.roles if r.role in _MINOR_ROLES}
    files_by_kind = {
        kind: sorted(grouped[kind].items(),
                     key=lambda item: (item[0] in minor, -len(item[1]), order.get(item[0], 0), item[0]))
        for kind in kinds
    }
    largest = max((len(v) for v in files_by_kind.values()), default=0)
    # Detail goes before files: a file named with one site says more than three line
    # numbers of another. Each step is smaller than the one before, so the budget's
    # refill, which walks back one step at a time, never skips a richer variant.
    levels = [(8, 4, 25), (3, 2, 25)] + [(1, 1, cap) for cap in caps(largest, limit=25)] + [(0, 0, 1)]
    variants = [
        EffectsView(tuple(_effect_row(kind, files_by_kind[kind], cap, lines_cap, detail_cap) for kind in kinds))
        for lines_cap, detail_cap, cap in levels
    ]
    return SectionVariants("effects", tuple(_dedupe(variants)))


def _effect_row(kind: str, files: list, cap: int, lines_cap: int, detail_cap: int) -> EffectKindRow:
    shown = []
    for path, sites in files[:cap]:
        lines = tuple(sorted({s.line for s in sites}))[:lines_cap]
        symbols = tuple(sorted({s.symbol for s in sites if s.symbol and safe_name(s.symbol)}))[:detail_cap]
        details = tuple(sorted({s.detail for s in sites if safe_name(s.detail)}))[:detail_cap]
        shown.append(EffectFile(path, lines, symbols, details))
    return EffectKindRow(
        EFFECT_LABELS.get(kind, kind), sum(len(s) for _, s in files), tuple(shown), len(files) - len(shown)
    )


# --- key modules -----------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleRow:
    path: str
    fan_in: int
    fan_out: int
    symbols: tuple[str, ...]
    summary: str | None


@dataclass(frozen=True)
class ModulesView:
    modules: tuple[ModuleRow, ...]


def _module_row(module: ModuleInfo, symbols: int, with_summary: bool) -> ModuleRow:
    names = tuple(n for s in module.symbols[:symbols] if (n := safe_name(s.name)))
    return ModuleRow(module.path, module.fan_in, module.fan_out, names,
                     safe_summary(module.summary) if with_summary else None)


def _modules_sections(analysis: Analysis) -> SectionVariants:
    # An empty package marker (no symbols, no summary, imports nothing) says nothing,
    # and tests and scripts are already listed under their roles.
    minor = {r.path for r in analysis.roles if r.role in _MINOR_ROLES}
    ranked = [m for m in analysis.modules
              if safe_path(m.path) and m.path not in minor and (m.symbols or m.summary or m.fan_out)]
    # As for effects: trim detail first, then rows, so every step is smaller.
    levels = [(12, True, 40), (6, True, 40)] + [(3, True, cap) for cap in caps(len(ranked), limit=40)] + [(0, False, 1)]
    variants = [
        ModulesView(tuple(_module_row(m, symbols, with_summary) for m in ranked[:cap]))
        for symbols, with_summary, cap in levels
    ]
    return SectionVariants("modules", tuple(_dedupe(variants)))


# --- area dependencies -------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeRow:
    importer: str
    imported: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DependenciesView:
    edges: tuple[EdgeRow, ...]
    cycles: tuple[tuple[str, ...], ...]
    more: int = 0


def _dependency_sections(analysis: Analysis) -> SectionVariants:
    by_importer: dict[str, list[tuple[str, int]]] = {}
    for edge in analysis.area_edges:
        if safe_path(edge.importer) and safe_path(edge.imported):
            by_importer.setdefault(edge.importer, []).append((edge.imported, edge.weight))
    rows = [EdgeRow(a, tuple(sorted(t, key=lambda x: (-x[1], x[0])))) for a, t in sorted(by_importer.items())]
    rows.sort(key=lambda r: (-sum(w for _, w in r.imported), r.importer))
    # Each step is smaller than the one before: fewer targets per area and shorter
    # cycles first (hugo has areas importing 25 others and one cycle through 30
    # areas), then fewer areas, then the cycles alone.
    variants = []
    for targets, members in ((None, None), (6, 8), (3, 4)):
        trimmed = [replace(r, imported=r.imported[:targets]) for r in rows]
        cycles = tuple(_trim_cycle(c, members) for c in analysis.cycles)
        variants.extend(DependenciesView(tuple(trimmed[:cap]), cycles, len(rows) - cap)
                        for cap in (caps(len(rows), limit=30) if targets else [min(len(rows), 30)]))
    variants.append(DependenciesView((), tuple(_trim_cycle(c, 4) for c in analysis.cycles), len(rows)))
    # Area edges say little about where a task lands: a tight budget gives this section
    # a fraction of what the others get.
    return SectionVariants("dependencies", tuple(_dedupe(variants)), weight=DEPENDENCIES_WEIGHT)


def _trim_cycle(cycle: tuple[str, ...], members: int | None) -> tuple[str, ...]:
    if members is None or len(cycle) <= members:
        return cycle
    return cycle[:members] + (f"{len(cycle) - members} more",)


def _dedupe(variants: list) -> list:
    seen = []
    for variant in variants:
        if not seen or seen[-1] != variant:
            seen.append(variant)
    return seen


def build_sections(analysis: Analysis, source_paths: tuple[str, ...]) -> tuple[SectionVariants, ...]:
    """All sections in priority order; the header first, and it never shrinks."""
    header = HeaderView(
        name=safe_name(analysis.name) or "repository",
        languages=analysis.languages,
        notes=analysis.partial,
    )
    entries = _entry_sections(analysis)
    has_entries = any(getattr(v, "rows", ()) for v in entries.variants)
    return (
        SectionVariants("header", (header,)),
        _command_sections(analysis),
        entries,
        _routes_sections(analysis, has_entries),
        _subcommand_sections(analysis, has_entries or bool(analysis.routes)),
        _layout_sections(analysis, source_paths),
        _roles_sections(analysis),
        _effects_sections(analysis),
        _modules_sections(analysis),
        _dependency_sections(analysis),
    )
