"""action.yml, run step by step as GitHub's runner would (bash, env, GITHUB_PATH, inputs).

Only the expressions the action uses are evaluated (``inputs.x``, ``github.action_path``,
``a || b``, ``a == 'b'``, ``!cancelled()``, ``&&``); an expression outside that set fails
the test, so the action cannot grow one this runner would silently misread.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from wheelhouse import offline_pip_environment

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class StepResult:
    name: str
    ran: bool
    returncode: int
    stdout: str


def _value(term: str, inputs: dict[str, str]) -> str | bool:
    term = term.strip()
    if term.startswith("inputs."):
        return inputs[term.removeprefix("inputs.")]
    if term == "github.action_path":
        return str(ROOT)
    if term == "!cancelled()":
        return True
    if re.fullmatch(r"'[^']*'", term):
        return term[1:-1]
    raise AssertionError(f"expression term the test runner does not know: {term}")


def _evaluate(expression: str, inputs: dict[str, str]) -> str | bool:
    if "&&" in expression:
        return all(_evaluate(part, inputs) for part in expression.split("&&"))
    if "||" in expression:
        return next((v for v in (_value(p, inputs) for p in expression.split("||")) if v), "")
    if "==" in expression:
        left, right = expression.split("==")
        return _value(left, inputs) == _value(right, inputs)
    return _value(expression, inputs)


def _substitute(text: str, inputs: dict[str, str]) -> str:
    return _EXPRESSION.sub(lambda m: str(_evaluate(m.group(1), inputs)), text)


def run_action(workspace: Path, runner_temp: Path, given: dict[str, str], env: dict[str, str]) -> list[StepResult]:
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    inputs.update(given)
    github_path = runner_temp / "github_path"
    summary = runner_temp / "summary.md"
    github_path.touch()
    results = []
    failed = False
    for step in ACTION["runs"]["steps"]:
        condition = str(step.get("if", ""))
        inner = _EXPRESSION.fullmatch(condition.strip())
        condition = inner.group(1) if inner else condition
        # Without a status function GitHub runs a step only while every earlier one succeeded.
        runs_after_failure = "!cancelled()" in condition
        if (failed and not runs_after_failure) or (condition and not _evaluate(condition, inputs)):
            results.append(StepResult(step["name"], False, 0, ""))
            continue
        added = [line for line in github_path.read_text().splitlines() if line]
        step_env = {**env, "GITHUB_ACTIONS": "true", "GITHUB_PATH": str(github_path),
                    "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(runner_temp),
                    "PATH": os.pathsep.join([*reversed(added), env["PATH"]])}
        step_env.update({k: _substitute(str(v), inputs) for k, v in step.get("env", {}).items()})
        assert step["shell"] == "bash"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _substitute(step["run"], inputs)],
                              cwd=workspace, env=step_env, capture_output=True, text=True, timeout=600)
        results.append(StepResult(step["name"], True, done.returncode, done.stdout + done.stderr))
        failed = failed or done.returncode != 0
    return results


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory) -> dict[str, str]:
    environment = offline_pip_environment(tmp_path_factory.mktemp("wheelhouse"))
    environment["PATH"] = os.pathsep.join(p for p in environment["PATH"].split(os.pathsep)
                                          if Path(p) != Path(sys.executable).parent)
    return environment


def test_action_installs_claude_map_and_gates_map_and_drift(tmp_path, offline_env):
    workspace = tmp_path / "workspace"
    shutil.copytree(ROOT / "fixtures" / "python-cli" / "repo", workspace)
    (workspace / ".claude-map.toml").write_text('[drift]\nlayers = ["taskr.cli", "taskr.sync", "taskr.store"]\n')
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    inputs = {"python": sys.executable}

    first = run_action(workspace, runner_temp, inputs, offline_env)
    assert [(r.name, r.ran, r.returncode) for r in first] == [
        ("Install claude-map", True, 0), ("Map is fresh", True, 1), ("Architecture drift", True, 0)]
    assert "claude-map --check" not in first[1].stdout and "is stale" in first[1].stdout
    claude_map = runner_temp / "claude-map-venv" / "bin" / "claude-map"
    assert claude_map.is_file(), "the action installed its own claude-map"

    subprocess.run([str(claude_map), "--quiet", str(workspace)], check=True)
    store = workspace / "src/taskr/store.py"
    store.write_text("from taskr import sync\n" + store.read_text())
    subprocess.run([str(claude_map), "--quiet", str(workspace)], check=True)
    installed = {**inputs, "package": "claude-map"}  # already in the tool's venv: pip has nothing to do
    second = run_action(workspace, runner_temp, installed, offline_env)
    assert [(r.ran, r.returncode) for r in second] == [(True, 0), (True, 0), (True, 1)]
    assert "::error file=src/taskr/store.py,line=1,title=claude-map drift%3A layers::" in second[2].stdout
    assert "| `src/taskr/store.py:1` | layers |" in (runner_temp / "summary.md").read_text()

    skipped = run_action(workspace, runner_temp, {**installed, "drift": "false"}, offline_env)
    assert [(r.ran, r.returncode) for r in skipped] == [(True, 0), (True, 0), (False, 0)]


def test_unknown_expressions_are_refused():
    with pytest.raises(AssertionError, match="does not know"):
        _evaluate("github.token", {})
