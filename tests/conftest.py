"""pytest fixtures shared by the tests (plain helpers live in repos.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repos import FIXTURES


@pytest.fixture
def repo_copy(tmp_path):
    """Copy a fixture's repo/ into a temporary directory and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name / "repo", target, symlinks=True)
        return target

    return copy
