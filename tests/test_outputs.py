"""Several output files in one run, symlinks written once, and the @AGENTS.md import."""

from __future__ import annotations

import os

from click.testing import CliRunner

import mapper.analyze
from mapper.app import MapConfig, write_maps
from mapper.cli import main
from mapper.model import BLOCK_BEGIN


def _run(*args):
    return CliRunner().invoke(main, list(args))


def _block(text: str) -> str:
    return text[text.index(BLOCK_BEGIN):]


def test_every_output_gets_the_same_block_from_one_analysis(repo_copy, monkeypatch):
    root = repo_copy("python-cli")
    calls = []
    original = mapper.analyze.analyze_repo
    monkeypatch.setattr(mapper.analyze, "analyze_repo", lambda *a: calls.append(1) or original(*a))
    report = write_maps(root, MapConfig(outputs=("CLAUDE.md", "AGENTS.md")))
    assert [f.name for f in report.files] == ["CLAUDE.md", "AGENTS.md"] and len(calls) == 1
    assert _block((root / "CLAUDE.md").read_text()) == _block((root / "AGENTS.md").read_text())


def test_output_is_repeatable_on_the_command_line_and_check_covers_each(repo_copy):
    root = repo_copy("python-cli")
    assert _run(str(root), "--output", "CLAUDE.md", "--output", "AGENTS.md").exit_code == 0
    assert (root / "AGENTS.md").is_file() and (root / "CLAUDE.md").is_file()
    assert _run(str(root), "--output", "CLAUDE.md", "--output", "AGENTS.md", "--check").exit_code == 0
    (root / "AGENTS.md").write_text("hand edit only\n")
    stale = _run(str(root), "--output", "CLAUDE.md", "--output", "AGENTS.md", "--check")
    assert stale.exit_code == 1 and "AGENTS.md is stale" in stale.stderr and "CLAUDE.md is stale" not in stale.stderr


def test_a_claude_md_symlink_to_agents_md_is_written_once_through_the_link(repo_copy):
    root = repo_copy("python-cli")
    (root / "AGENTS.md").write_text("# Agents\n")
    os.symlink("AGENTS.md", root / "CLAUDE.md")
    result = _run(str(root), "--output", "CLAUDE.md", "--output", "AGENTS.md")
    assert result.exit_code == 0
    assert result.stderr.count("claude-map: ") == 1 and "wrote CLAUDE.md" in result.stderr
    assert (root / "CLAUDE.md").is_symlink()
    text = (root / "AGENTS.md").read_text()
    assert text.startswith("# Agents\n") and text.count(BLOCK_BEGIN) == 1


def test_a_claude_md_that_does_not_import_agents_md_is_named_and_fixed_on_request(repo_copy):
    root = repo_copy("python-cli")
    (root / "CLAUDE.md").write_bytes(b"# House rules\r\nBe brief.")
    told = _run(str(root), "--output", "AGENTS.md")
    assert told.exit_code == 0
    assert "CLAUDE.md does not import AGENTS.md" in told.stderr and "--add-import" in told.stderr
    assert (root / "CLAUDE.md").read_bytes() == b"# House rules\r\nBe brief."
    fixed = _run(str(root), "--output", "AGENTS.md", "--add-import")
    assert fixed.exit_code == 0 and "added @AGENTS.md to CLAUDE.md" in fixed.stderr
    assert (root / "CLAUDE.md").read_bytes() == b"# House rules\r\nBe brief.\r\n@AGENTS.md\r\n"
    quiet = _run(str(root), "--output", "AGENTS.md")
    assert "does not import" not in quiet.stderr


def test_no_import_notice_without_a_claude_md_or_when_it_is_an_output(repo_copy):
    root = repo_copy("python-cli")
    assert "does not import" not in _run(str(root), "--output", "AGENTS.md").stderr
    assert not (root / "CLAUDE.md").exists()
    (root / "CLAUDE.md").write_text("# mine\n")
    assert "does not import" not in _run(str(root), "--output", "AGENTS.md", "--output", "CLAUDE.md").stderr


def test_nested_maps_go_to_every_output(repo_copy):
    root = repo_copy("ts-monorepo")
    (root / ".claude-map.toml").write_text('outputs = ["AGENTS.md", "CLAUDE.md"]\nnested = ["packages/db"]\n')
    assert _run(str(root), "--quiet").exit_code == 0
    for name in ("AGENTS.md", "CLAUDE.md"):
        assert "# Directory map: packages/db/" in (root / "packages/db" / name).read_text()
    # The root map names the first output's nested files.
    assert "Nested maps: packages/db/AGENTS.md." in (root / "AGENTS.md").read_text()
