"""Layout: the areas, the project's own first and largest first, with their roles.

An area that is all tests, scripts or examples is named in one line after the
project's own; an own area is hidden only after every larger one is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from mapper.analyze.examples import ProjectScope
from mapper.analyze.roles import ROLE_LABELS
from mapper.graph.areas import area_of
from mapper.model import Analysis, Area
from mapper.render.sanitize import safe_path
from mapper.render.sections.common import SectionVariants, caps, dedupe

__all__ = ["layout_section"]

SKIPPED_LABELS = {"vendored": "vendored", "build": "build output", "generated": "generated", "fixtures": "test fixtures"}
LARGE_AREA_FILES = 40  # areas this big also list their sub-directories
MIN_OWN_AREAS = 12  # own areas the tightest layout still names
MINOR_AREAS_SHOWN = 6  # tests/examples/scripts areas named in the "also" line when tight
EXAMPLES_LABEL = "examples"


@dataclass(frozen=True)
class AreaRow:
    path: str
    files: int
    role: str
    central: tuple[str, ...] = ()
    children: tuple[tuple[str, int], ...] = ()  # (name below ``base``, files)
    base: str = ""  # the folder the children are in: the area's, or deeper where it does not branch


@dataclass(frozen=True)
class MinorArea:
    path: str
    files: int
    label: str


@dataclass(frozen=True)
class LayoutView:
    areas: tuple[AreaRow, ...]
    minor: tuple[MinorArea, ...]
    skipped: tuple[tuple[str, str], ...]
    more: int = 0


def layout_section(analysis: Analysis, scope: ProjectScope, source_paths: tuple[str, ...]) -> SectionVariants:
    area_of_file = _AreaFinder(analysis.areas)
    own_files = Counter(area_of_file(r.path) for r in analysis.roles if scope.is_own(r.path))
    examples = Counter(area_of_file(r.path) for r in analysis.roles if scope.is_example(r.path))
    source_areas = [a for a in analysis.areas if a.kind == "source" and safe_path(a.path)]
    source_areas.sort(key=lambda a: (-a.files, a.path))
    children = _sub_directories(source_paths, area_of_file)
    full = [
        AreaRow(
            path=a.path, files=a.files, role=ROLE_LABELS.get(a.role, a.role),
            central=tuple(p for p in a.central if safe_path(p)),
            children=children[a.path][1] if a.files >= LARGE_AREA_FILES and a.path in children else (),
            base=children[a.path][0] if a.path in children else "",
        )
        for a in source_areas if own_files[a.path]
    ]
    minor = tuple(
        MinorArea(a.path, a.files, EXAMPLES_LABEL if examples[a.path] * 2 >= a.files else ROLE_LABELS.get(a.role, a.role))
        for a in source_areas if not own_files[a.path]
    )
    skipped = _skipped_rows([a for a in analysis.areas if a.kind != "source" and safe_path(a.path)])
    # Sub-directories of large areas say more than their central files, so the
    # central files go first.
    variants = [LayoutView(tuple(full), minor, skipped)]
    one_central = [replace(r, central=r.central[:1]) for r in full]
    variants.append(LayoutView(tuple(one_central), minor, skipped))
    no_central = [replace(r, central=()) for r in full]
    variants.append(LayoutView(tuple(no_central), minor, skipped))
    bare = [replace(r, central=(), children=()) for r in full]
    # The project's own areas are what routes a task to its package (a workspace's
    # client and server): a few lines, so they are the last thing this section gives up.
    floor = min(len(bare), MIN_OWN_AREAS)
    for cap in [c for c in caps(len(bare)) if c >= floor]:
        variants.append(LayoutView(tuple(bare[:cap]), minor[:MINOR_AREAS_SHOWN], skipped[:5], len(bare) - cap))
    return SectionVariants("layout", tuple(dedupe(variants)))


def _skipped_rows(areas: list[Area]) -> tuple[tuple[str, str], ...]:
    """Skipped folders, named once; many of one kind under one top folder collapse
    into a count (Django has fifteen tests/**/fixtures)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for area in areas:
        top = area.path.split("/", 1)[0]
        groups.setdefault((top, area.kind), []).append(area.path)
    files = {a.path: a.files for a in areas}
    rows = []
    for (top, kind), paths in sorted(groups.items()):
        label = SKIPPED_LABELS.get(kind, kind)
        # Generated files sit beside hand-written ones: their folder is mapped, only
        # they are not (hugo's common/paths/ holds one stringer file), so they are counted.
        generated = kind == "generated"
        if len(paths) <= 2:
            rows.extend((path, _count(files[path], "generated file") if generated else label) for path in paths)
        elif generated:
            rows.append((f"{top}/**", f"{_count(sum(files[p] for p in paths), 'generated file')} in {len(paths)} folders"))
        else:
            rows.append((f"{top}/**", f"{len(paths)} {label} folders"))
    return tuple(rows)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _AreaFinder:
    """The analysis's source area holding a file: its deepest folder that is one (a
    directory's map has its own areas, such as ``tokio/src``), else the repository's."""

    def __init__(self, areas: tuple[Area, ...]) -> None:
        self.paths = frozenset(a.path for a in areas if a.kind == "source")

    def __call__(self, path: str) -> str:
        folder = path
        while "/" in folder:
            folder = folder.rsplit("/", 1)[0]
            if folder in self.paths:
                return folder
        return area_of(path)


def _sub_directories(paths: tuple[str, ...], area_of_file: _AreaFinder
                     ) -> dict[str, tuple[str, tuple[tuple[str, int], ...]]]:
    """Area -> (the folder its sub-directories are in, their names and file counts)."""
    by_area: dict[str, list[str]] = {}
    for path in paths:
        area = area_of_file(path)
        by_area.setdefault(area, []).append(path[len(area) + 1 :] if area != "." else path)
    found = {area: _branching_children(area, rests) for area, rests in by_area.items()}
    return {
        area: (base, tuple(sorted(((c, n) for c, n in children.items() if safe_path(f"{base}/{c}")),
                                  key=lambda x: (-x[1], x[0]))[:8]))
        for area, (base, children) in found.items() if children
    }


def _branching_children(area: str, rests: list[str]) -> tuple[str, dict[str, int]]:
    """The folder where ``area``'s tree first branches, and files per sub-directory of
    it (``rests``: the area's files' paths below it): jackson-core's src/main/ holds
    only java/, which holds only com/..., so its sub-directories are those of
    src/main/java/com/fasterxml/jackson/core/."""
    base = area
    while True:
        counts: dict[str, int] = {}
        for rest in rests:
            if "/" in rest:
                head = rest.split("/", 1)[0]
                counts[head] = counts.get(head, 0) + 1
        if len(counts) != 1 or sum(counts.values()) != len(rests):
            return base, counts
        (head,) = counts
        base = f"{base}/{head}" if base != "." else head
        rests = [rest.split("/", 1)[1] for rest in rests]


