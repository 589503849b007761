"""The command line as a user drives it: write, rewrite, check, errors, formats."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mapper import __version__
from mapper.cli import main
from mapper.model import BLOCK_BEGIN, BLOCK_END


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_write_then_rewrite_is_byte_identical(repo_copy):
    root = repo_copy("python-cli")
    first = _run(root)
    assert first.exit_code == 0, first.output
    text = (root / "CLAUDE.md").read_bytes()
    assert _run(root).exit_code == 0
    assert (root / "CLAUDE.md").read_bytes() == text
    body = text.decode()
    assert body.startswith(BLOCK_BEGIN) and BLOCK_END in body
    for fact in ("taskr", "`taskr` -> src/taskr/cli.py:main", "src/taskr/hooks.py run_hook", "TASKR_SERVER", "pytest"):
        assert fact in body


def test_check_is_fresh_then_stale_with_diff(repo_copy):
    root = repo_copy("python-cli")
    assert _run("--check", root).exit_code == 1  # no CLAUDE.md yet
    _run(root)
    fresh = _run("--check", root)
    assert fresh.exit_code == 0
    (root / "src/taskr/new_module.py").write_text("import subprocess\n\ndef go():\n    subprocess.run(['x'])\n")
    stale = _run("--check", root)
    assert stale.exit_code == 1
    assert "+" in stale.output and "new_module.py" in stale.output


def test_hand_written_text_survives_write_and_check(repo_copy):
    root = repo_copy("python-cli")
    hand = "# Our rules\r\n\r\nAlways run `make lint`. Café ✓\r\nno newline at end"
    (root / "CLAUDE.md").write_bytes(hand.encode())
    assert _run(root).exit_code == 0
    after_write = (root / "CLAUDE.md").read_bytes().decode()
    assert after_write.startswith(hand)
    assert "\r\n" in after_write.split(BLOCK_BEGIN, 1)[1]
    assert _run("--check", root).exit_code == 0
    assert _run(root).exit_code == 0
    assert (root / "CLAUDE.md").read_bytes().decode() == after_write


def test_stdout_and_dry_run_write_nothing(repo_copy):
    root = repo_copy("python-cli")
    for flag in ("--stdout", "--dry-run"):
        result = _run(flag, root)
        assert result.exit_code == 0 and BLOCK_BEGIN in result.output
    assert not (root / "CLAUDE.md").exists()


def test_output_option_writes_agents_md(repo_copy):
    root = repo_copy("python-cli")
    assert _run(root, "--output", "AGENTS.md").exit_code == 0
    assert (root / "AGENTS.md").is_file() and not (root / "CLAUDE.md").exists()


def test_json_format_carries_evidence(repo_copy):
    root = repo_copy("python-cli")
    result = _run("--format", "json", root)
    data = json.loads(result.output)
    effects = data["analysis"]["effects"]
    assert {"kind": "effect.subprocess", "path": "src/taskr/hooks.py", "line": 7,
            "symbol": "run_hook", "detail": "subprocess.run"} in effects
    assert all("evidence" in e for e in data["analysis"]["entry_points"])


def test_version_and_help():
    assert __version__ in _run("--version").output
    assert "--check" in _run("map", "--help").output
    assert "claude-map [PATH]" in _run("--help").output


def test_errors_are_one_line_with_exit_2(tmp_path, repo_copy):
    missing = _run(tmp_path / "nope")
    assert missing.exit_code == 2
    assert missing.output.strip().count("\n") == 0 and "no such directory" in missing.output
    root = repo_copy("python-cli")
    (root / "CLAUDE.md").write_text(f"{BLOCK_BEGIN}\nhalf a block\n")
    broken = _run(root)
    assert broken.exit_code == 2 and "Traceback" not in broken.output
    assert (root / "CLAUDE.md").read_text() == f"{BLOCK_BEGIN}\nhalf a block\n"
    assert _run("--check", root).exit_code == 2


def test_budget_below_the_floor_is_rejected_by_the_parser(repo_copy):
    result = CliRunner().invoke(main, ["--budget", "10", str(repo_copy("python-cli"))])
    assert result.exit_code == 2 and "10 is not in the range" in result.output
