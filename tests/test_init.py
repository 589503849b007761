"""claude-map init: the SessionStart hook and the pre-commit entry, printed or written."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from mapper.cli import main
from mapper.init import SESSION_COMMAND

PRE_COMMIT = """\
# our hooks
repos:
- repo: https://github.com/psf/black
  rev: 24.1.0
  hooks:
  - id: black
# trailing comment inside the list

ci:
  autofix: false
"""


def _init(root, *args):
    return CliRunner().invoke(main, ["init", *args, str(root)])


def test_without_write_nothing_changes_and_the_plan_is_printed(tmp_path):
    (tmp_path / ".pre-commit-config.yaml").write_text(PRE_COMMIT)
    result = _init(tmp_path)
    assert result.exit_code == 0
    assert not (tmp_path / ".claude").exists()
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == PRE_COMMIT
    assert "+++ b/.claude/settings.json" in result.output and "+- repo: local" in result.output
    assert "rerun with --write" in result.output


def test_write_merges_settings_keeping_every_key(tmp_path):
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    existing = {"model": "opus", "hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "echo hi"}]}],
                                           "Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}}
    settings.write_text(json.dumps(existing))
    assert _init(tmp_path, "--write").exit_code == 0
    merged = json.loads(settings.read_text())
    assert merged["model"] == "opus" and merged["hooks"]["Stop"] == existing["hooks"]["Stop"]
    session = merged["hooks"]["SessionStart"]
    assert session[0] == existing["hooks"]["SessionStart"][0]
    assert session[1]["hooks"][0]["command"] == SESSION_COMMAND
    again = _init(tmp_path, "--write")
    assert again.exit_code == 0 and "nothing to change" in again.output
    assert json.loads(settings.read_text()) == merged


def test_write_adds_hooks_to_the_repos_list_and_keeps_the_rest(tmp_path):
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(PRE_COMMIT)
    assert _init(tmp_path, "--write").exit_code == 0
    text = config.read_text()
    assert text.startswith(PRE_COMMIT.split("\n\nci:")[0]) and text.endswith("\nci:\n  autofix: false\n")
    parsed = yaml.safe_load(text)
    assert parsed["ci"] == {"autofix": False}
    assert [r["repo"] for r in parsed["repos"]] == ["https://github.com/psf/black", "local"]
    assert [h["id"] for h in parsed["repos"][1]["hooks"]] == ["claude-map", "claude-map-drift"]


def test_indented_repos_list_keeps_its_indentation(tmp_path):
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text("repos:\n    - repo: local\n      hooks:\n        - id: x\n          name: x\n"
                      "          entry: x\n          language: system\n")
    assert _init(tmp_path, "--write").exit_code == 0
    parsed = yaml.safe_load(config.read_text())
    assert [h["id"] for r in parsed["repos"] for h in r["hooks"]] == ["x", "claude-map", "claude-map-drift"]


def test_no_pre_commit_config_is_left_alone(tmp_path):
    result = _init(tmp_path, "--write")
    assert result.exit_code == 0 and not (tmp_path / ".pre-commit-config.yaml").exists()
    assert "no .pre-commit-config.yaml: skipped" in result.output


@pytest.mark.parametrize(("name", "text", "message"), [
    (".claude/settings.json", "{not json", ".claude/settings.json: not valid JSON"),
    (".claude/settings.json", "[1]", ".claude/settings.json: expected a JSON object"),
    (".pre-commit-config.yaml", "repos: []\n", "no top-level 'repos:' list"),
])
def test_bad_files_are_one_line_errors_and_nothing_is_written(tmp_path, name, text, message):
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(text)
    result = _init(tmp_path, "--write")
    assert result.exit_code == 2 and message in result.output and result.output.count("\n") == 1
    assert (tmp_path / name).read_text() == text
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [name.rsplit("/", 1)[-1]]
