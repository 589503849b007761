"""Module roles: every file the map names, grouped by role, in shell brace groups.

This is the section that names most files, and naming many files tersely is what
routes a task to its file (bench/QUALITY.md). Tests, scripts and example programs
get a few names each: their folders are easy to find and rarely where a fix lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapper.analyze.examples import ProjectScope
from mapper.analyze.roles import ROLE_LABELS, ROLE_ORDER
from mapper.model import Analysis, RoleAssignment
from mapper.render.braces import DirGroup, group_by_directory
from mapper.render.sanitize import safe_path
from mapper.render.sections.common import SectionVariants, caps, dedupe

__all__ = ["role_section", "left_out_files", "ROLES_WEIGHT"]

MAX_FILES_PER_ROLE = 600  # the file listing of one role, before the budget trims it
MINOR_ROLE_FILES = 6  # test, script and example files named per role
ROLES_WEIGHT = 8.0  # the role listing's share of a tight budget against one for each other section
EXAMPLES_ROLE = "examples"  # files of examples areas, listed after the project's own
LISTED_ROLE_LABELS = {**ROLE_LABELS, EXAMPLES_ROLE: "examples / demos"}
LISTED_ROLE_ORDER = (*ROLE_ORDER, EXAMPLES_ROLE)
_MINOR_ROLES = frozenset({"role.tests", "role.scripts", EXAMPLES_ROLE})


def _listed_role(assignment: RoleAssignment, scope: ProjectScope) -> str:
    if assignment.role != "role.tests" and scope.is_example(assignment.path):
        return EXAMPLES_ROLE
    return assignment.role


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

    @property
    def named_paths(self) -> frozenset[str]:
        return frozenset(path for row in self.roles for group in row.groups for path in group.paths)


def left_out_files(analysis: Analysis, view: RolesView | None) -> frozenset[str]:
    """The project's files that the role listing (``view``) does not name; tests,
    scripts and examples, which it only ever samples, do not count."""
    scope = ProjectScope.of(analysis.roles, analysis.example_areas)
    named = view.named_paths if view is not None else frozenset()
    return frozenset(a.path for a in analysis.roles
                     if _listed_role(a, scope) not in _MINOR_ROLES and a.path not in named and safe_path(a.path))


def role_section(analysis: Analysis, scope: ProjectScope) -> SectionVariants:
    # When not every file fits, the largest go first: most of a project's logic, and
    # most of its bug fixes, live in its big files, while the most central ones are
    # often small re-exporting hubs (measured in bench/QUALITY.md: on hugo the 50
    # largest non-test files hold 20 of 61 fixed files, the 50 most central 6).
    lines = {m.path: m.lines for m in analysis.modules}
    by_role: dict[str, list[str]] = {}
    for assignment in analysis.roles:
        if safe_path(assignment.path):
            by_role.setdefault(_listed_role(assignment, scope), []).append(assignment.path)
    for paths in by_role.values():
        paths.sort(key=lambda p: (-lines.get(p, 0), p))
    roles = [r for r in LISTED_ROLE_ORDER if r in by_role]
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
            grouped[role, shown] = group_by_directory(by_role[role][:shown])
        return grouped[role, shown]

    def view(cap_of, minor: int = MINOR_ROLE_FILES) -> RolesView:
        return RolesView(tuple(
            RoleRow(LISTED_ROLE_LABELS[r], len(by_role[r]),
                    groups(r, min(cap_of(r), minor) if r in _MINOR_ROLES else cap_of(r)))
            for r in roles
        ))

    # Once every own file is named, spare budget names tests, scripts and examples too
    # (a fix to an example program is routed by its path like any other).
    largest_minor = max((len(p) for r, p in by_role.items() if r in _MINOR_ROLES), default=0)
    for minor in caps(largest_minor, limit=MAX_FILES_PER_ROLE, keep=0.8):
        if minor > MINOR_ROLE_FILES:
            variants.append(view(lambda r: largest, minor))
    steps = caps(largest, limit=MAX_FILES_PER_ROLE, keep=0.88) + [0]
    for higher, lower in zip(steps, steps[1:] + [None]):
        variants.append(view(lambda r, cap=higher: cap))
        if lower is not None:
            variants.append(view(lambda r, hi=higher, lo=lower: hi if r == biggest else lo))
    # Naming files is what routes a task (bench/QUALITY.md): when the budget is shared
    # out, this section gets ROLES_WEIGHT tokens for every one another section gets.
    return SectionVariants("roles", tuple(dedupe(variants)), weight=ROLES_WEIGHT)


