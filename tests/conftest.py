"""Shared test helpers: fixture repositories and a built-map cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.toml").is_file())


@pytest.fixture
def repo_copy(tmp_path):
    """Copy a fixture's repo/ into a temporary directory and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name / "repo", target, symlinks=True)
        return target

    return copy
