"""Header: project name, languages with file counts, honest gaps. It never shrinks."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.model import Analysis
from mapper.render.sanitize import safe_name
from mapper.render.sections.common import SectionVariants

__all__ = ["HeaderView", "header_section"]


@dataclass(frozen=True)
class HeaderView:
    name: str
    languages: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]


def header_section(analysis: Analysis) -> SectionVariants:
    header = HeaderView(
        name=safe_name(analysis.name) or "repository",
        languages=analysis.languages,
        notes=analysis.partial,
    )
    return SectionVariants("header", (header,))
