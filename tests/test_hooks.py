"""The hooks in .pre-commit-hooks.yaml, run for real with ``pre-commit try-repo``.

pre-commit installs a ``language: python`` hook by ``pip install``-ing this checkout
into a fresh virtualenv, which normally fetches claude-map's dependencies from PyPI.
Tests stay offline: the dependencies installed in this environment are packed back
into wheels in a temporary wheelhouse, and pip is pointed at it alone (see
``wheelhouse.py``). Everything else is the real thing:
pre-commit clones this checkout, builds and installs claude-map, and runs each hook
on a temporary git repository.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "python-cli" / "repo"
CLAUDE_MAP = [sys.executable, "-m", "mapper"]

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")

from wheelhouse import offline_pip_environment  # noqa: E402 - after the skip


@pytest.fixture(scope="module")
def offline_pip(tmp_path_factory) -> dict[str, str]:
    """Environment that makes pre-commit's pip install from a local wheelhouse only."""
    environment = offline_pip_environment(tmp_path_factory.mktemp("wheelhouse"))
    environment.update({
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    })
    return environment


@pytest.fixture(scope="module")
def checkout(tmp_path_factory, offline_pip) -> Path:
    """This checkout's files as they are now (committed or not), as one commit of a git repository.

    try-repo would make a new shadow commit of a dirty checkout on every call, and so a
    new hook environment; one stable commit lets the calls share a single install.
    """
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape")
    snapshot = tmp_path_factory.mktemp("checkout") / "claude-map"
    for relative in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / relative
        if source.is_file():
            (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / relative)
    assert _run(["git", "init", "-q"], snapshot, offline_pip).returncode == 0
    _commit(snapshot, offline_pip, "snapshot of the checkout under test")
    return snapshot


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _try_repo(checkout: Path, repo: Path, env: dict[str, str], *hooks: str) -> dict[str, str]:
    """Run the hooks with try-repo; the outcome ('Passed'/'Failed') of each, by hook name."""
    result = _run([sys.executable, "-m", "pre_commit", "try-repo", str(checkout), *hooks, "--all-files", "--verbose"],
                  repo, env)
    outcomes = dict(re.findall(r"^(claude-map.*?)\.{3,}(Passed|Failed)$", result.stdout, re.MULTILINE))
    assert outcomes, result.stdout + result.stderr
    return outcomes


def _commit(repo: Path, env: dict[str, str], message: str) -> None:
    assert _run(["git", "add", "-A"], repo, env).returncode == 0
    assert _run(["git", "commit", "-qm", message, "--no-verify"], repo, env).returncode == 0


def test_hooks_pass_and_fail_through_pre_commit_try_repo(tmp_path, offline_pip, checkout):
    env = offline_pip
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    (repo / ".claude-map.toml").write_text('[drift]\nlayers = ["taskr.cli", "taskr.sync", "taskr.store"]\n')
    assert _run(["git", "init", "-q"], repo, env).returncode == 0
    assert _run([*CLAUDE_MAP, "--quiet", "."], repo, env).returncode == 0
    assert _run([*CLAUDE_MAP, "drift", "--update-baseline", "--quiet", "."], repo, env).returncode == 0
    _commit(repo, env, "a fresh map and a baseline")

    names = {"check": "claude-map (CLAUDE.md map is fresh)", "update": "claude-map (refresh CLAUDE.md map)",
             "drift": "claude-map drift (architecture against baseline and rules)"}
    assert _try_repo(checkout, repo, env) == {names["check"]: "Passed", names["update"]: "Passed", names["drift"]: "Passed"}

    committed_map = (repo / "CLAUDE.md").read_text()
    store = repo / "src/taskr/store.py"
    store.write_text("from taskr import sync\n" + store.read_text())  # a new import, upwards
    outcomes = _try_repo(checkout, repo, env)
    assert outcomes == {names["check"]: "Failed", names["update"]: "Failed", names["drift"]: "Failed"}
    assert (repo / "CLAUDE.md").read_text() != committed_map, "the update hook rewrote the map"
    assert _run([*CLAUDE_MAP, "--check", "--quiet", "."], repo, env).returncode == 0
    drift = _run([*CLAUDE_MAP, "drift", "."], repo, env)
    assert drift.returncode == 1 and "src/taskr/store.py:1: layers:" in drift.stdout
