"""View models for each map section, at decreasing levels of detail.

One module per section, beside its template in ``templates/sections/<name>.md.j2``.
Each section offers a list of variants, richest first; the budget stage picks one
per section. Every string that came from the repository is sanitised here, before
any template sees it.
"""

from __future__ import annotations

from mapper.analyze.examples import ProjectScope
from mapper.model import Analysis
from mapper.render.sections.commands import command_section
from mapper.render.sections.common import EFFECT_LABELS, SectionVariants
from mapper.render.sections.dependencies import dependency_section
from mapper.render.sections.effects import effect_section
from mapper.render.sections.entry_points import entry_section
from mapper.render.sections.example_files import example_files_section
from mapper.render.sections.header import header_section
from mapper.render.sections.layout import layout_section
from mapper.render.sections.modules import module_section
from mapper.render.sections.roles import files_by_role, left_out_files, role_section
from mapper.render.sections.routes import route_section
from mapper.render.sections.subcommands import subcommand_section

__all__ = ["SectionVariants", "build_sections", "left_out_files", "EFFECT_LABELS", "FILE_SECTION_SHARES"]

# The sections that name the project's own files (with roles and symbols): when not
# every file fits, they keep at least these shares of the block (after the header)
# while everything else shrinks (render.budget's reserve), so no number of entry
# points, routes or commands can starve the file names.
FILE_SECTION_SHARES = {"roles": 0.6, "modules": 0.15}


def build_sections(analysis: Analysis, source_paths: tuple[str, ...], directory: str = "",
                   zoom: str = "") -> tuple[SectionVariants, ...]:
    """All sections in priority order; the header first, and it never shrinks.
    ``directory`` marks the map of one directory; ``zoom`` is the header's zoom line."""
    scope = ProjectScope.of(analysis.roles, analysis.example_areas)
    entries = entry_section(analysis, scope)
    has_entries = any(getattr(v, "rows", ()) for v in entries.variants)
    by_role = files_by_role(analysis, scope)
    return (
        header_section(analysis, directory, zoom),
        command_section(analysis),
        entries,
        route_section(analysis, scope, has_entries),
        subcommand_section(analysis, scope, has_entries or bool(analysis.routes)),
        layout_section(analysis, scope, source_paths),
        role_section(analysis, by_role),
        effect_section(analysis, scope),
        module_section(analysis, scope),
        dependency_section(analysis, scope),
        example_files_section(by_role),
    )
