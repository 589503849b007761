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

__all__ = ["role_section", "left_out_files", "files_by_role", "EXAMPLES_ROLE", "ROLES_WEIGHT", "MINOR_ROLE_FILES"]

MAX_LISTED_FILES = 1500  # the project's files listed before the budget trims them
MINOR_ROLE_FILES = 6  # script and example files named per role
TEST_FILES_NAMED = 2
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


def _sample(role: str, count: int) -> int:
    """How many files of a sampled role are named: a test file is named after the code
    it tests (FilesystemTest.php beside Filesystem.php), so past the couple that show
    where tests live and how they are named, it only competes with that code."""
    return min(count, TEST_FILES_NAMED) if role == "role.tests" else count


def left_out_files(analysis: Analysis, view: RolesView | None) -> frozenset[str]:
    """The project's files that the role listing (``view``) does not name; tests,
    scripts and examples, which it only ever samples, do not count."""
    scope = ProjectScope.of(analysis.roles, analysis.example_areas)
    named = view.named_paths if view is not None else frozenset()
    return frozenset(a.path for a in analysis.roles
                     if _listed_role(a, scope) not in _MINOR_ROLES and a.path not in named and safe_path(a.path))


def files_by_role(analysis: Analysis, scope: ProjectScope) -> dict[str, list[str]]:
    """Listed role -> its files (safe paths only), largest first: the order both Module
    roles and Example programs name them in."""
    lines = {m.path: m.lines for m in analysis.modules}
    by_role: dict[str, list[str]] = {}
    for assignment in analysis.roles:
        if safe_path(assignment.path):
            by_role.setdefault(_listed_role(assignment, scope), []).append(assignment.path)
    for paths in by_role.values():
        paths.sort(key=lambda p: (-lines.get(p, 0), p))
    return by_role


def role_section(analysis: Analysis, by_role: dict[str, list[str]]) -> SectionVariants:
    """``by_role``: ``files_by_role`` of the analysis."""
    # When not every file fits, the largest go first: most of a project's logic, and
    # most of its bug fixes, live in its big files, while the most central ones are
    # often small re-exporting hubs (measured in bench/QUALITY.md: on hugo the 50
    # largest non-test files hold 20 of 61 fixed files, the 50 most central 6).
    lines = {m.path: m.lines for m in analysis.modules}
    roles = [r for r in LISTED_ROLE_ORDER if r in by_role]
    # Naming many files tersely is what routes a task to its file (bench/QUALITY.md):
    # with budget to spare this section lists every project file, in shell brace groups
    # (tokio/src/sync/{mutex,notify}.rs) that cost 4-6 tokens a file where one path each
    # costs 7-11. When not all fit, the largest files of the whole project go first,
    # whatever their role, so a role of 160 files is not cut to the few a role of 16
    # keeps. Fine steps: this is the section that names most files, and a coarse step
    # would leave much of the budget unused.
    # Where nothing but tests, scripts and examples is mapped (``explain benches/``),
    # they are the subject, not a sample; the example programs first, when there are
    # any (vite's playground/: 898 example files, whose 57 big e2e tests had taken
    # the listing).
    if any(r not in _MINOR_ROLES for r in roles):
        sampled = _MINOR_ROLES
    elif EXAMPLES_ROLE in roles:
        sampled = _MINOR_ROLES - {EXAMPLES_ROLE}
    else:
        sampled = frozenset()
    own = sorted((p for r in roles if r not in sampled for p in by_role[r]), key=lambda p: (-lines.get(p, 0), p))
    # Tests, scripts and examples get a few names each (their folders are easy to find),
    # and only one each while the project's own files do not all fit.
    grouped: dict[tuple[str, int], tuple[DirGroup, ...]] = {}

    def groups(role: str, paths: list[str]) -> tuple[DirGroup, ...]:
        # Each (role, n) is grouped once: most variants share a role's first n files.
        if (role, len(paths)) not in grouped:
            grouped[role, len(paths)] = group_by_directory(paths)
        return grouped[role, len(paths)]

    # Each role of the project's own keeps its largest file while any file is named,
    # so no role is a bare count.
    leaders = frozenset(by_role[r][0] for r in roles if r not in sampled)

    def view(count: int) -> RolesView:
        chosen = frozenset(own[:count]) | (leaders if count else frozenset())
        minor = MINOR_ROLE_FILES if count >= len(own) else 1 if count else 0
        return RolesView(tuple(
            RoleRow(LISTED_ROLE_LABELS[r], len(by_role[r]),
                    groups(r, by_role[r][:_sample(r, minor)] if r in sampled else [p for p in by_role[r] if p in chosen]))
            for r in roles
        ))

    variants = [view(count) for count in caps(len(own), limit=MAX_LISTED_FILES, keep=0.92) + [0]]
    # Naming files is what routes a task (bench/QUALITY.md): when the budget is shared
    # out, this section gets ROLES_WEIGHT tokens for every one another section gets.
    return SectionVariants("roles", tuple(dedupe(variants)), weight=ROLES_WEIGHT)


