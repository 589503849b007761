"""CLI subcommands (under the entry points): the names a command framework declares, by file."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from mapper.analyze.examples import ProjectScope
from mapper.model import Analysis
from mapper.render.sanitize import safe_path, safe_subcommand_name
from mapper.render.sections.common import SectionVariants, caps, dedupe

__all__ = ["subcommand_section"]

SUBCOMMANDS_PER_FILE = (None, 8, 3)  # names per file, richest first
MINOR_SUBCOMMAND_FILES = 1  # example, test and script files named, after the project's own


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


def subcommand_section(analysis: Analysis, scope: ProjectScope, has_entry_section: bool) -> SectionVariants:
    by_file: OrderedDict[str, list[str]] = OrderedDict()
    for command in analysis.subcommands:
        name = safe_subcommand_name(command.name)
        if name and safe_path(command.file) and name not in by_file.get(command.file, []):
            by_file.setdefault(command.file, []).append(name)
    # The project's own commands first; examples and tests after them, of which one
    # file says enough (typer's docs_src/ holds 73 tutorial apps with subcommands).
    files = sorted(by_file.items(), key=lambda item: (not scope.is_own(item[0]), item[0]))
    total = sum(len(names) for _, names in files)
    named_files = min(len(files), sum(scope.is_own(path) for path, _ in files) + MINOR_SUBCOMMAND_FILES)
    if not files:
        return SectionVariants("subcommands", (SubcommandsView((), 0),))
    standalone = not has_entry_section

    def view(per_file: int | None, cap: int) -> SubcommandsView:
        shown = tuple(SubcommandFile(path, tuple(names[:per_file]), len(names) - len(names[:per_file]))
                      for path, names in files[:cap])
        hidden = files[cap:]
        return SubcommandsView(shown, total, len(hidden), sum(len(n) for _, n in hidden), standalone)

    variants = [view(per, cap) for per in SUBCOMMANDS_PER_FILE for cap in caps(named_files, limit=20)]
    variants.append(view(0, 0))
    return SectionVariants("subcommands", tuple(dedupe(variants)))


