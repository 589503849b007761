"""The settings loader: [tool.claude-map] or .claude-map.toml, validated, overridden by flags."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mapper.app import MapFlags, map_configs
from mapper.cli import main
from mapper.config import DEFAULT_BASELINE, NESTED_AUTO, ConfigError, DriftSettings, load_settings


def _write(root, name, text):
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_no_settings_file_gives_empty_settings(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.source == "" and settings.budget is None and settings.drift == DriftSettings()


def test_pyproject_table_is_read(tmp_path):
    _write(tmp_path, "pyproject.toml", """
[project]
name = "x"
[tool.claude-map]
budget = 2500
outputs = ["CLAUDE.md", "AGENTS.md"]
exclude = ["docs/**"]
max_file_bytes = 5000
nested = ["packages/*"]
[tool.claude-map.drift]
layers = ["app.cli", "app.core", "app.storage"]
forbidden = [["app.core", "requests"]]
independent = ["app.plugins.*"]
pure = ["app.core"]
acyclic = true
""")
    settings = load_settings(tmp_path)
    assert settings.source == "pyproject.toml"
    assert (settings.budget, settings.outputs, settings.exclude) == (2500, ("CLAUDE.md", "AGENTS.md"), ("docs/**",))
    assert settings.max_file_bytes == 5000 and settings.nested == ("packages/*",)
    assert settings.drift == DriftSettings(
        layers=("app.cli", "app.core", "app.storage"), forbidden=(("app.core", "requests"),),
        independent=("app.plugins.*",), pure=("app.core",), acyclic=True, baseline=DEFAULT_BASELINE,
    )


def test_pyproject_without_the_table_is_no_settings(tmp_path):
    _write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_settings(tmp_path).source == ""


def test_dedicated_file_wins_and_uses_top_level_keys(tmp_path):
    _write(tmp_path, "pyproject.toml", "[tool.claude-map]\nbudget = 2500\n")
    _write(tmp_path, ".claude-map.toml", 'output = "AGENTS.md"\nnested = "auto"\n[drift]\nacyclic = true\n')
    settings = load_settings(tmp_path)
    assert settings.source == ".claude-map.toml" and settings.budget is None
    assert settings.outputs == ("AGENTS.md",) and settings.nested == NESTED_AUTO and settings.drift.acyclic


def test_every_bad_key_is_reported_at_once_with_file_and_key(tmp_path):
    _write(tmp_path, "pyproject.toml", """
[tool.claude-map]
budget = "big"
colour = "red"
exclude = "docs"
nested = 3
[tool.claude-map.drift]
layers = "a"
forbidden = [["a"]]
acyclic = "yes"
strict = true
""")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert message.startswith("pyproject.toml: 8 bad keys: ")
    for key in ("tool.claude-map.budget", "tool.claude-map.colour", "tool.claude-map.exclude",
                "tool.claude-map.nested", "tool.claude-map.drift.layers", "tool.claude-map.drift.forbidden",
                "tool.claude-map.drift.acyclic", "tool.claude-map.drift.strict"):
        assert key + ":" in message
    assert "\n" not in message


def test_budget_below_the_floor_and_both_output_keys_are_errors(tmp_path):
    _write(tmp_path, ".claude-map.toml", 'budget = 10\noutput = "A.md"\noutputs = ["B.md"]\n')
    with pytest.raises(ConfigError, match=r"^\.claude-map\.toml: 2 bad keys: budget: expected an integer >= 100"):
        load_settings(tmp_path)


def test_invalid_toml_names_the_file(tmp_path):
    _write(tmp_path, ".claude-map.toml", "budget = = 3\n")
    with pytest.raises(ConfigError, match=r"^\.claude-map\.toml: invalid TOML"):
        load_settings(tmp_path)


def test_flags_override_settings_and_settings_override_defaults(tmp_path):
    _write(tmp_path, ".claude-map.toml", 'budget = 2500\noutputs = ["CLAUDE.md", "AGENTS.md"]\nmax_file_bytes = 900\n')
    from_settings = map_configs(tmp_path, MapFlags())
    assert [(c.budget, c.output, c.max_file_bytes) for c in from_settings] == [
        (2500, "CLAUDE.md", 900), (2500, "AGENTS.md", 900)]
    overridden = map_configs(tmp_path, MapFlags(budget=4000, output="X.md"))
    assert [(c.budget, c.output, c.max_file_bytes) for c in overridden] == [(4000, "X.md", 900)]
    assert [(c.budget, c.output) for c in map_configs(tmp_path / "missing", MapFlags())] == [(3000, "CLAUDE.md")]


def test_cli_config_error_is_one_line_and_exit_2(repo_copy):
    root = repo_copy("python-cli")
    _write(root, ".claude-map.toml", "budget = -1\n")
    result = CliRunner().invoke(main, [str(root)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "claude-map: error: .claude-map.toml: bad key: budget: expected an integer >= 100" in result.output
    assert "Traceback" not in result.output


def test_cli_writes_every_configured_output_and_applies_excludes(repo_copy):
    root = repo_copy("python-cli")
    _write(root, ".claude-map.toml", 'outputs = ["CLAUDE.md", "AGENTS.md"]\nbudget = 1500\n')
    assert CliRunner().invoke(main, ["--quiet", str(root)]).exit_code == 0
    claude, agents = (root / "CLAUDE.md").read_text(), (root / "AGENTS.md").read_text()
    assert "claude-map:begin" in agents and claude == agents
    assert CliRunner().invoke(main, ["--check", "--quiet", str(root)]).exit_code == 0
    mapped = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))
    victim = next(p for p in mapped if "/" in p)
    assert victim in claude or victim.rsplit("/", 1)[0] in claude
    _write(root, ".claude-map.toml", f'exclude = ["{victim.split("/")[0]}/"]\n')
    stale = CliRunner().invoke(main, ["--check", "--quiet", str(root)])
    assert stale.exit_code == 1
    block = CliRunner().invoke(main, ["--stdout", "--quiet", str(root)]).output
    assert victim not in block and f"{victim.split('/')[0]}/" not in block
