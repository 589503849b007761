"""The tree of a git revision, exported to a temporary folder (for ``drift --since REV``)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from mapper.errors import UserError

__all__ = ["export_revision", "CACHE_DIR"]

CACHE_DIR = ".claude-map"


def export_revision(root: Path, revision: str, destination: Path) -> None:
    """Write the files ``revision`` has under ``root`` into ``destination``.

    The facts cache is copied along: it knows files by content digest, so the files the
    change did not touch are not parsed again.

    Raises:
        UserError: ``root`` is not in a git repository or ``revision`` names no commit.
    """
    prefix = _git(root, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()
    archive = _git(root, "archive", "--format=tar", f"{revision}:{prefix}" if prefix else revision)
    with tarfile.open(fileobj=io.BytesIO(archive)) as bundle:
        bundle.extractall(destination, filter="data")
    cache = root / CACHE_DIR
    if cache.is_dir():
        shutil.copytree(cache, destination / CACHE_DIR, dirs_exist_ok=True)


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError as error:
        raise UserError(f"--since needs git: {error}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(f"git {args[0]} failed: {detail[-1] if detail else 'exit ' + str(done.returncode)}")
    return done.stdout
