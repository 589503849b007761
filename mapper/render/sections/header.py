"""Header: project name, languages with file counts, honest gaps. It never shrinks."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.model import Analysis
from mapper.render.sanitize import safe_name, safe_path
from mapper.render.sections.common import SectionVariants

__all__ = ["HeaderView", "header_section"]


@dataclass(frozen=True)
class HeaderView:
    name: str
    languages: tuple[tuple[str, int], ...]
    notes: tuple[str, ...]
    directory: str = ""  # set for the map of one directory (explain DIR/, nested maps)
    zoom: str = ""  # how to zoom in (explain DIR/, nested maps), when the map does not name every file


def header_section(analysis: Analysis, directory: str = "", zoom: str = "") -> SectionVariants:
    header = HeaderView(
        name=safe_name(analysis.name) or "repository",
        languages=analysis.languages,
        notes=analysis.partial,
        directory=(safe_path(directory) or "") if directory else "",
        zoom=zoom,
    )
    return SectionVariants("header", (header,))
