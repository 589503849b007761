"""The hooks in .pre-commit-hooks.yaml, run for real with ``pre-commit try-repo``.

pre-commit installs a ``language: python`` hook by ``pip install``-ing this checkout
into a fresh virtualenv, which normally fetches claude-map's dependencies from PyPI.
Tests stay offline: the dependencies installed in this environment are packed back
into wheels in a temporary wheelhouse, and pip is pointed at it alone (with the
setuptools wheel virtualenv ships, for the build). Everything else is the real thing:
pre-commit clones this checkout, builds and installs claude-map, and runs each hook
on a temporary git repository.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "python-cli" / "repo"
CLAUDE_MAP = [sys.executable, "-m", "mapper"]

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")
packaging_requirements = pytest.importorskip("packaging.requirements")


def _requirements(name: str, seen: dict[str, importlib.metadata.Distribution]) -> None:
    for text in importlib.metadata.distribution(name).requires or ():
        requirement = packaging_requirements.Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if key not in seen:
            seen[key] = importlib.metadata.distribution(requirement.name)
            _requirements(requirement.name, seen)


def _pack(distribution: importlib.metadata.Distribution, wheelhouse: Path) -> None:
    """An installed distribution back into a wheel (its files, a fresh RECORD)."""
    metadata = distribution.metadata
    name = re.sub(r"[-_.]+", "_", metadata["Name"])
    tag = next(line.split(":", 1)[1].strip() for line in distribution.read_text("WHEEL").splitlines()
               if line.startswith("Tag:"))
    dist_info = f"{name}-{metadata['Version']}.dist-info"
    records = []
    with zipfile.ZipFile(wheelhouse / f"{name}-{metadata['Version']}-{tag}.whl", "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in distribution.files or ():
            relative = file.as_posix()
            if relative.startswith("..") or "__pycache__" in relative or relative.endswith(
                    ("/RECORD", "/INSTALLER", "/direct_url.json", "/REQUESTED")):
                continue
            data = Path(distribution.locate_file(file)).read_bytes()
            wheel.writestr(relative.replace(relative.split("/", 1)[0], dist_info, 1)
                           if relative.split("/", 1)[0].endswith(".dist-info") else relative, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{relative},sha256={digest},{len(data)}")
        records.append(f"{dist_info}/RECORD,,")
        wheel.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")


@pytest.fixture(scope="module")
def offline_pip(tmp_path_factory) -> dict[str, str]:
    """Environment that makes pre-commit's pip install from a local wheelhouse only."""
    wheelhouse = tmp_path_factory.mktemp("wheelhouse")
    needed: dict[str, importlib.metadata.Distribution] = {}
    _requirements("claude-map", needed)
    for distribution in needed.values():
        _pack(distribution, wheelhouse)
    import virtualenv.seed.wheels.embed as embedded

    setuptools = sorted(Path(embedded.__file__).parent.glob("setuptools-*.whl"))
    assert setuptools, "virtualenv ships a setuptools wheel"
    shutil.copy(setuptools[-1], wheelhouse)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PRE_COMMIT", "GIT_"))}
    environment.update({
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUALENV_NO_DOWNLOAD": "1",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
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
