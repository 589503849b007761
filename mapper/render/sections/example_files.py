"""Example programs: the files of examples areas beyond the few Module roles names.

Only what is left of the budget once every other section is at its richest goes here
(weight 0 in render.budget): on a small repository whose own files all fit, the
spare budget names the example programs an agent may be asked to fix, instead of
going unused; on a repository whose own files do not all fit, it names nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapper.render.braces import DirGroup, group_by_directory
from mapper.render.sections.common import SectionVariants, caps
from mapper.render.sections.roles import EXAMPLES_ROLE, MINOR_ROLE_FILES

__all__ = ["example_files_section"]


@dataclass(frozen=True)
class ExampleFilesView:
    groups: tuple[DirGroup, ...]
    more: int


def example_files_section(by_role: dict[str, list[str]]) -> SectionVariants:
    """``by_role``: the role listing's files (roles.files_by_role). Module roles names
    the largest few examples already, once every project file fits."""
    paths = by_role.get(EXAMPLES_ROLE, [])[MINOR_ROLE_FILES:]
    variants = [ExampleFilesView(group_by_directory(paths[:n]), len(paths) - n)
                for n in caps(len(paths), limit=len(paths), keep=0.8)]
    variants.append(ExampleFilesView((), len(paths)))
    return SectionVariants("example_files", tuple(variants), weight=0.0)
