"""`stack doctor` and `--budget auto` against the real llama-server on loopback, set up as a user would:
`stack init --write-settings` in a repository whose CLAUDE.md claude-map wrote, then `stack doctor`."""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner

from stack.stack_support import TINY_ALIAS, TINY_CONTEXT, free_port
from mapper.cli import main
from mapper.render.tokens import count_tokens
from mapper.stack.recipe import SETTINGS_FILE

# Variables of the machine running the tests must not leak into the doctor's view.
CLEAN_ENV = {k: None for k in os.environ if k.startswith(("ANTHROPIC_", "CLAUDE_CODE_"))}


def _run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env={**CLEAN_ENV, **(env or {})},
                              catch_exceptions=False)


@pytest.fixture
def project(repo_copy, tiny_server, tiny_model):
    root = repo_copy("python-cli")
    assert _run(root, "--quiet").exit_code == 0
    result = _run("stack", "init", root, "--profile", "cpu", "--model", tiny_model, "--alias", TINY_ALIAS,
                  "--ctx", TINY_CONTEXT, "--port", tiny_server.port, "--write-settings")
    assert result.exit_code == 0, result.output
    return root


def _settings_env(root, **changes):
    path = root / SETTINGS_FILE
    settings = json.loads(path.read_text())
    settings["env"].update(changes)
    path.write_text(json.dumps(settings))


def _lines(output: str, status: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{status} ")]


def test_doctor_passes_against_the_real_server(project):
    result = _run("stack", "doctor", "--root", project)
    assert result.exit_code == 0, result.output
    assert _lines(result.output, "fail") == []
    for check in ("base_url", "reachable", "health", "token", "props.context", "props.alias", "props.tools",
                  "models", "count_tokens", "messages", "streaming", "env", "claude_md"):
        assert re.search(rf"^(pass|warn)  stack\.{re.escape(check)} ", result.output, re.M), check
    assert "llama.cpp build b0-unknown" in result.output  # a build without git metadata is not a failure
    # A random model answers the tool probe with text: a warning, not a failure.
    assert re.search(r"^warn  stack\.tool_call .*text instead of a tool call", result.output, re.M)
    # CLAUDE.md's cost comes from the server's tokenizer and fits the 16k context with the six-tool set.
    claude_md = re.search(r"^pass  stack\.claude_md +CLAUDE\.md costs (\d+) tokens \(counted by the server\)",
                          result.output, re.M)
    assert claude_md, result.output
    assert int(claude_md.group(1)) != count_tokens((project / "CLAUDE.md").read_text())


@pytest.mark.parametrize(("change", "check", "words"), [
    ({"ANTHROPIC_MODEL": "gemma-4-31b"}, "props.alias", "ANTHROPIC_MODEL=gemma-4-31b but the server's alias is 'tiny'"),
    ({"CLAUDE_CODE_MAX_CONTEXT_TOKENS": "32768"}, "props.context", "but the server's context is 16384"),
    ({"ANTHROPIC_AUTH_TOKEN": "wrong"}, "token", "the server rejected ANTHROPIC_AUTH_TOKEN (HTTP 401)"),
    ({"CLAUDE_CODE_MAX_TOKENS": "16384"}, "env.nonexistent", "CLAUDE_CODE_MAX_TOKENS is set: does not exist"),
])
def test_doctor_fails_with_the_right_message(project, change, check, words):
    _settings_env(project, **change)
    result = _run("stack", "doctor", "--root", project)
    assert result.exit_code == 1
    assert any(f"stack.{check} " in line and words in line for line in _lines(result.output, "fail")), result.output


def test_doctor_fails_on_a_v1_base_url_and_still_checks_the_root(project, tiny_server):
    _settings_env(project, ANTHROPIC_BASE_URL=f"{tiny_server.url}/v1")
    result = _run("stack", "doctor", "--root", project)
    assert result.exit_code == 1
    failures = _lines(result.output, "fail")
    assert len(failures) == 1 and "stack.base_url" in failures[0] and "/v1/v1/messages" in failures[0]
    assert f"fix: set ANTHROPIC_BASE_URL={tiny_server.url}" in result.output
    assert re.search(r"^pass  stack\.streaming ", result.output, re.M)


def test_doctor_with_nothing_listening(project):
    result = _run("stack", "doctor", "--root", project, "--url", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "nothing answers at" in result.output and "connection refused" in result.output
    assert "Traceback" not in result.output


def test_doctor_without_the_context_variable(project):
    path = project / SETTINGS_FILE
    settings = json.loads(path.read_text())
    del settings["env"]["CLAUDE_CODE_MAX_CONTEXT_TOKENS"]
    path.write_text(json.dumps(settings))
    result = _run("stack", "doctor", "--root", project)
    assert result.exit_code == 1
    assert "fix: set CLAUDE_CODE_MAX_CONTEXT_TOKENS=16384" in result.output


def test_budget_auto_sizes_the_map_from_the_real_server(project, tiny_server):
    result = _run(project, "--budget", "auto", "--server", tiny_server.url, env={"ANTHROPIC_AUTH_TOKEN": "local"})
    assert result.exit_code == 0, result.output
    notice = re.search(r"--budget auto: (\d+) tokens from \S+ \(context 16384 - client prompt ~5500 - output cap 2048"
                       r", share 0\.2, x([\d.]+) for the server's tokenizer\)", result.output)
    assert notice, result.output
    budget, written = int(notice.group(1)), re.search(r"\((\d+) tokens", result.output.split("\n")[-2])
    assert 500 <= budget <= 1800 and written and int(written.group(1)) <= budget


def test_budget_auto_falls_back_when_no_server_answers(repo_copy):
    root = repo_copy("python-cli")
    result = _run(root, "--budget", "auto", "--server", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 0
    assert "no server context at" in result.output and "the settings' budget or the default applies" in result.output
    (root / ".claude-map.toml").write_text("budget = 400\n")
    _run(root, "--budget", "auto", "--server", f"http://127.0.0.1:{free_port()}")
    assert count_tokens((root / "CLAUDE.md").read_text()) <= 400


def test_doctor_names_shell_variables_the_settings_replace(project):
    result = _run("stack", "doctor", "--root", project, env={"ANTHROPIC_MODEL": "gemma-4-31b"})
    assert result.exit_code == 0, result.output
    assert re.search(r"^warn  stack\.env\.shadowed +ANTHROPIC_MODEL=gemma-4-31b in your shell is replaced by tiny "
                     r"from \.claude/settings\.local\.json", result.output, re.M)
