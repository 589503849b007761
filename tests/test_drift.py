"""Drift pieces: module expressions, --since, reports, annotations, errors."""

from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.drift.model import DriftReport, Finding, Link, StaleEntry
from mapper.drift.modules import ModulePattern, parse_modules
from mapper.drift.report import render_annotations, render_sarif, render_summary, render_text
from mapper.drift.rules import load_rules


def test_dotted_names_name_files_and_folders_with_or_without_src():
    core = ModulePattern.parse("app.core")
    assert core.match("app/core.py") == "app/core"
    assert core.match("app/core/__init__.py") == "app/core"
    assert core.match("src/app/core/db/models.py") == "app/core"
    assert core.match("app/corelib.py") is None and core.match("tests/app/core.py") is None


def test_wildcards_expand_to_one_module_each_and_globs_keep_slashes():
    plugins = ModulePattern.parse("app.plugins.*")
    assert plugins.match("app/plugins/a/x.py") == "app/plugins/a"
    assert plugins.match("app/plugins/b.py") == "app/plugins/b"
    store = ModulePattern.parse("internal/store")
    assert store.match("internal/store/books.go") == "internal/store" and store.match("cmd/store/x.go") is None
    deep = ModulePattern.parse("src/**/views")
    assert deep.match("src/a/b/views/index.ts") == "src/a/b/views"
    assert [p.text for p in parse_modules("app.api | app.jobs")] == ["app.api", "app.jobs"]


def test_external_packages_match_by_name_prefix():
    assert ModulePattern.parse("requests").matches_external("requests")
    assert ModulePattern.parse("requests").matches_external("requests.adapters")
    assert not ModulePattern.parse("requests").matches_external("requests_oauth")
    assert ModulePattern.parse("github.com/redis/go-redis/v9").matches_external("github.com/redis/go-redis/v9/x")
    assert ModulePattern.parse("@prisma/*").matches_external("@prisma/client")


def test_every_rule_has_a_unique_id():
    ids = [rule.id for rule in load_rules()]
    assert len(ids) == len(set(ids))
    assert {"layers", "forbidden", "independent", "pure", "acyclic", "entry", "area-edge"} <= set(ids)


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_since_reports_only_what_the_change_introduced(repo_copy):
    root = repo_copy("python-cli")
    (root / ".claude-map.toml").write_text('[drift]\nforbidden = [["taskr.store", "requests"], '
                                           '["taskr.sync", "requests"], ["taskr.config", "requests"]]\n')
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "old violation in sync.py")
    old = CliRunner().invoke(main, ["drift", "--format", "json", str(root)])
    assert old.exit_code == 1 and [f["path"] for f in json.loads(old.output)["new"]] == ["src/taskr/sync.py"]
    assert CliRunner().invoke(main, ["drift", "--since", "HEAD", str(root)]).exit_code == 0
    store = root / "src/taskr/store.py"
    store.write_text("import requests\n" + store.read_text())
    result = CliRunner().invoke(main, ["drift", "--since", "HEAD", "--format", "json", str(root)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert [(f["path"], f["line"]) for f in report["new"]] == [("src/taskr/store.py", 1)]
    assert report["since"] == "HEAD"


def test_since_an_unknown_revision_is_a_one_line_error(repo_copy):
    root = repo_copy("python-cli")
    _git(root, "init", "-q")
    result = CliRunner().invoke(main, ["drift", "--since", "no-such-rev", str(root)])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "git archive failed" in result.output


def test_drift_config_errors_exit_2_naming_file_and_key(repo_copy):
    root = repo_copy("python-cli")
    (root / ".claude-map.toml").write_text("[drift]\nlayers = 3\n")
    result = CliRunner().invoke(main, ["drift", str(root)])
    assert result.exit_code == 2
    assert "claude-map: error: .claude-map.toml: bad key: drift.layers: expected a list" in result.output


def test_no_rules_and_no_baseline_is_clean(repo_copy):
    result = CliRunner().invoke(main, ["drift", str(repo_copy("go-service"))])
    assert result.exit_code == 0 and "no baseline" in result.output


_REPORT = DriftReport(
    new=(Finding("layers", "a/low.py -> a/high.py", "a/low.py imports a/high.py, above it", "a/low.py", 7,
                 (Link("a/low.py", "a/high.py", 7),)),),
    stale=(StaleEntry("entry entry.bin tool -> bin/tool", ".claude-map-baseline.txt", 4),),
    known=3, baseline=".claude-map-baseline.txt", has_baseline=True,
)


def test_text_report_gives_file_line_and_chain():
    text = render_text(_REPORT)
    assert text.startswith("claude-map drift: 1 new, 1 stale (3 baselined)\n")
    assert "a/low.py:7: layers: " in text and "    a/low.py:7 imports a/high.py" in text
    assert ".claude-map-baseline.txt:4: stale: `entry entry.bin tool -> bin/tool`" in text


def test_sarif_report_has_rules_and_locations():
    sarif = json.loads(render_sarif(_REPORT))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["layers", "stale-baseline"]
    locations = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert locations == [("layers", "a/low.py", 7), ("stale-baseline", ".claude-map-baseline.txt", 4)]


def test_annotations_escape_properties_and_summary_is_a_table():
    annotations = render_annotations(_REPORT).splitlines()
    assert annotations[0].startswith("::error file=a/low.py,line=7,title=claude-map drift%3A layers::a/low.py imports")
    assert annotations[1].startswith("::error file=.claude-map-baseline.txt,line=4,")
    summary = render_summary(_REPORT)
    assert "| `a/low.py:7` | layers |" in summary and "`.claude-map-baseline.txt:4`" in summary


def test_github_actions_gets_annotations_and_a_job_summary(repo_copy, tmp_path, monkeypatch):
    root = repo_copy("python-cli")
    (root / ".claude-map.toml").write_text('[drift]\nforbidden = [["taskr.sync", "requests"]]\n')
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["drift", str(root)])
    assert result.exit_code == 1
    assert "::error file=src/taskr/sync.py,line=3,title=claude-map drift%3A forbidden::" in result.output
    assert "## claude-map drift" in summary.read_text()
    as_json = CliRunner().invoke(main, ["drift", "--format", "json", str(root)])
    assert "::error" not in as_json.output and json.loads(as_json.output)["new"]


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_reports_are_deterministic(repo_copy, output_format):
    root = repo_copy("ts-monorepo")
    (root / ".claude-map.toml").write_text('[drift]\nlayers = ["packages/shared", "packages/db"]\nacyclic = true\n')
    runs = [CliRunner().invoke(main, ["drift", "--no-cache", "--format", output_format, str(root)]).output
            for _ in range(2)]
    assert runs[0] == runs[1] and "packages/db/src" in runs[0]


def test_this_repository_keeps_its_declared_layering():
    """The dogfood rule (pyproject.toml [tool.claude-map.drift]), as CI runs it."""
    from pathlib import Path

    from mapper.config import load_settings

    root = Path(__file__).resolve().parent.parent
    assert len(load_settings(root).drift.layers) >= 5 and load_settings(root).drift.acyclic
    result = CliRunner().invoke(main, ["drift", "--no-cache", "--format", "json", str(root)])
    report = json.loads(result.output)
    assert result.exit_code == 0, [f["message"] for f in report["new"]]
    assert report["new"] == [] and report["stale"] == []


_PROBE = """
import json, sys
from mapper.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "analysed": "mapper.analyze" in sys.modules}))
"""


def _drift_process(root, *args):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PROBE, "drift", "--quiet", *args, str(root)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_findings_come_from_the_cache_until_a_fact_or_a_rule_changes(repo_copy):
    root = repo_copy("python-cli")
    settings = root / ".claude-map.toml"
    settings.write_text('[drift]\nforbidden = [["taskr.sync", "requests"]]\n')
    assert _drift_process(root) == {"code": 1, "analysed": True}
    assert _drift_process(root) == {"code": 1, "analysed": False}
    sync = root / "src/taskr/sync.py"
    sync.write_text(sync.read_text().replace("timeout=10", "timeout=20"))
    assert _drift_process(root) == {"code": 1, "analysed": False}, "no fact changed"
    settings.write_text('[drift]\nforbidden = [["taskr.store", "requests"]]\n')
    assert _drift_process(root) == {"code": 0, "analysed": True}, "the rules changed"
    store = root / "src/taskr/store.py"
    store.write_text("import requests\n" + store.read_text())
    assert _drift_process(root) == {"code": 1, "analysed": True}, "a fact changed"
    assert _drift_process(root, "--no-cache") == {"code": 1, "analysed": True}
