"""Same tree, same bytes: across runs, hash seeds and working directories."""

from __future__ import annotations

import os
import subprocess
import sys

from repos import fixture_names


def _map(root, seed: str, cwd) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-m", "mapper", "--stdout", str(root)],
        capture_output=True, env=env, cwd=cwd, check=True,
    )
    return result.stdout


def test_byte_identical_across_hash_seeds_and_cwd(repo_copy, tmp_path):
    for name in fixture_names():
        root = repo_copy(name)
        first = _map(root, "1", cwd=root)
        second = _map(root, "4242", cwd=tmp_path)
        assert first == second, name
        assert str(tmp_path).encode() not in first  # no absolute paths leak in
