"""`claude-map explain` and entry-point reachability over the call graph."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mapper.app import build_analysis
from mapper.cli import main
from mapper.explain import explain_path


def test_entry_points_reach_the_effects_their_calls_reach(repo_copy):
    build = build_analysis(repo_copy("python-cli"))
    reaches = {e.name: e.reaches for e in build.analysis.entry_points}
    # taskr.cli:main -> (click registration) add/sync -> store.connect, TaskStore, push
    assert reaches["taskr"] == ("effect.db", "effect.env", "effect.net")
    assert reaches["scripts/release.py"] == ("effect.subprocess",)
    console = next(e for e in build.analysis.entry_points if e.name == "taskr")
    assert (console.file, console.symbol) == ("src/taskr/cli.py", "main")


def test_explain_file_and_symbol(repo_copy):
    build = build_analysis(repo_copy("python-cli"))
    store = explain_path(build, "src/taskr/store.py")
    assert store.role.role == "role.data"
    assert {link.path for link in store.imported_by} == {"src/taskr/cli.py", "src/taskr/export.py", "tests/test_store.py"}
    assert {e.name for e in store.reached_by} == {"taskr", "python -m taskr"}
    add = explain_path(build, "src/taskr/store.py", "TaskStore.add")
    assert [s.line for s in add.effects] == [19]
    hooks = explain_path(build, "src/taskr/hooks.py")
    assert hooks.reached_by == ()  # nothing calls run_hook


def test_explain_cli_markdown_json_and_errors(repo_copy):
    root = repo_copy("python-cli")
    text = CliRunner().invoke(main, ["explain", "--root", str(root), "src/taskr/sync.py"])
    assert text.exit_code == 0 and "effect.net at line 9 in push" in text.output
    data = json.loads(CliRunner().invoke(main, ["explain", "--root", str(root), "--format", "json",
                                                "src/taskr/sync.py:push"]).output)
    assert data["symbol"] == "push" and data["effects"][0]["detail"] == "requests.post"
    missing = CliRunner().invoke(main, ["explain", "--root", str(root), "src/taskr/nope.py"])
    assert missing.exit_code == 2 and "not a source file" in missing.output
    bad_symbol = CliRunner().invoke(main, ["explain", "--root", str(root), "src/taskr/sync.py:nothing"])
    assert bad_symbol.exit_code == 2 and "not defined" in bad_symbol.output
