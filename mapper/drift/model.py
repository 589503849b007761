"""What drift's rules see and what they return: frozen dataclasses, no printing."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.model import Analysis, ResolvedImport

__all__ = ["ArchitectureView", "Link", "Finding", "StaleEntry", "DriftReport"]


@dataclass(frozen=True, slots=True)
class ArchitectureView:
    """The facts of one tree that rules check: files, their imports, the analysis."""

    files: tuple[str, ...]
    imports: tuple[ResolvedImport, ...]  # sorted by (importer, line)
    analysis: Analysis


@dataclass(frozen=True, slots=True)
class Link:
    """One import in a chain: ``importer`` imports ``imported`` at ``line``."""

    importer: str
    imported: str
    line: int


@dataclass(frozen=True, slots=True)
class Finding:
    """One architecture fact or rule violation.

    ``rule`` and ``key`` make the baseline line (``f"{rule} {key}"``): no line numbers,
    so an edit elsewhere in a file does not churn it. ``path``/``line`` and ``chain``
    are the evidence shown in reports.
    """

    rule: str  # stable id: 'layers', 'forbidden', 'entry', 'area-edge', ...
    key: str
    message: str
    path: str
    line: int
    chain: tuple[Link, ...] = ()

    @property
    def baseline_line(self) -> str:
        return f"{self.rule} {self.key}"


@dataclass(frozen=True, slots=True)
class StaleEntry:
    """A baseline line that no longer matches anything, at its place in the baseline."""

    text: str
    path: str  # the baseline file, relative to the repository
    line: int


@dataclass(frozen=True, slots=True)
class DriftReport:
    """Findings not accepted by the baseline (or new since a revision), and stale entries."""

    new: tuple[Finding, ...]
    stale: tuple[StaleEntry, ...]
    known: int  # findings the baseline accepts
    baseline: str  # the baseline file, relative to the repository
    has_baseline: bool
    since: str = ""  # the revision compared against, when --since was given

    @property
    def clean(self) -> bool:
        return not self.new and not self.stale
