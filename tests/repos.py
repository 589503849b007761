"""Where the project and its fixture repositories are, for tests that list them.

A plain module, so tests import it by name; conftest.py holds pytest fixtures only.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.toml").is_file())
