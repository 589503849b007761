"""The committed drift baseline: one architecture fact per line, sorted, no line numbers.

Lines are ``<rule> <key>`` (``layers app/core/db.py -> app/cli.py``, ``entry
entry.console_script taskr -> taskr.cli:main``); ``#`` starts a comment. Nothing in a
line depends on where in a file something is, so edits elsewhere do not churn it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from mapper.drift.model import Finding, StaleEntry
from mapper.errors import UserError
from mapper.write import WriteError, write_bytes_atomically

__all__ = ["Baseline", "BaselineComparison", "read_baseline", "render_baseline", "write_baseline", "compare"]

_HEADER = (
    "# claude-map drift baseline: one architecture fact per line, sorted, no line numbers.\n"
    "# Accepted as they are; anything new fails `claude-map drift` until this file is updated\n"
    "# with `claude-map drift --update-baseline` (review its diff). Stale lines fail too.\n"
)


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str  # relative to the repository
    entries: tuple[tuple[int, str], ...]  # (line number, fact), in file order
    exists: bool

    @property
    def facts(self) -> frozenset[str]:
        return frozenset(text for _, text in self.entries)


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    new: tuple[Finding, ...]  # not in the baseline
    stale: tuple[StaleEntry, ...]  # in the baseline, matching nothing
    known: int


def read_baseline(root: Path, relative: str) -> Baseline:
    path = root / relative
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Baseline(relative, (), False)
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{relative}: cannot read the drift baseline: {error}") from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        fact = line.strip()
        if fact and not fact.startswith("#"):
            entries.append((number, fact))
    return Baseline(relative, tuple(entries), True)


def render_baseline(findings: Iterable[Finding]) -> str:
    return _HEADER + "".join(f"{line}\n" for line in sorted({f.baseline_line for f in findings}))


def write_baseline(root: Path, relative: str, findings: Iterable[Finding]) -> bool:
    """Write the baseline atomically; False when it already says exactly this."""
    path = root / relative
    text = render_baseline(findings)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, text.encode("utf-8"))
    except (OSError, WriteError) as error:
        raise UserError(f"{relative}: cannot write the drift baseline: {error}") from None
    return True


def compare(findings: tuple[Finding, ...], baseline: Baseline) -> BaselineComparison:
    accepted = baseline.facts
    current = {f.baseline_line for f in findings}
    new = tuple(f for f in findings if f.baseline_line not in accepted)
    seen: set[str] = set()
    stale = []
    for number, text in baseline.entries:
        if text not in current and text not in seen:
            stale.append(StaleEntry(text, baseline.path, number))
        seen.add(text)
    return BaselineComparison(new, tuple(stale), len(findings) - len(new))
