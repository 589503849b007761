"""`claude-map stack init`: every profile x bridge passes the lint, files are written atomically, settings merge."""

from __future__ import annotations

import json
import re
import shlex
import stat
import subprocess

import pytest
from click.testing import CliRunner

from mapper.cli import main
from mapper.stack.data import load_stack_data
from mapper.stack.recipe import RECIPE_DIR, SETTINGS_FILE, RecipeChoice, RecipeError, plan_recipe

DATA = load_stack_data()
EXPORT = re.compile(r"^export ([A-Z0-9_]+)=(.*)$", re.M)


def _choice(profile: str, bridge: str) -> RecipeChoice:
    model = "/models/small.gguf" if not DATA.profile(profile).model_repo else None
    alias = "gemma4:custom" if bridge == "ollama" and not DATA.profile(profile).ollama_tag else None
    return RecipeChoice(profile, bridge, model_path=model, alias=alias)


ALL = [(p.name, b.name) for p in DATA.profiles for b in DATA.bridges]


def _exports(recipe) -> dict[str, str]:
    env_file = next(f for f in recipe.files if f.path.endswith("claude-env.sh"))
    return {name: shlex.split(value)[0] for name, value in EXPORT.findall(env_file.text)}


def _flags(args: tuple[str, ...]) -> list[str]:
    return [a for a in args if a.startswith("-") and not re.fullmatch(r"-?\d+", a)]


@pytest.mark.parametrize(("profile", "bridge"), ALL)
def test_recipe_lint(profile, bridge):
    recipe = plan_recipe(_choice(profile, bridge), DATA)
    exports = _exports(recipe)
    assert exports == dict(recipe.env)
    base = exports["ANTHROPIC_BASE_URL"]
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base), base  # a root: no /v1, no path at all
    for name in exports:
        assert DATA.client.variable_exists(name), f"{name} is not a Claude Code variable"
    every_text = "\n".join(f.text for f in recipe.files)
    for name, _ in (*DATA.client.nonexistent_variables, *DATA.server.nonexistent_flags):
        assert name not in every_text
    assert exports["ANTHROPIC_MODEL"] == recipe.model and exports["ANTHROPIC_DEFAULT_HAIKU_MODEL"] == recipe.model
    context = int(exports["CLAUDE_CODE_MAX_CONTEXT_TOKENS"])
    assert int(exports["CLAUDE_CODE_MAX_OUTPUT_TOKENS"]) <= context // DATA.client.output_cap_warn_divisor
    if recipe.server_args:
        args = recipe.server_args
        assert context == int(args[args.index("-c") + 1])
        assert args[args.index("--alias") + 1] == recipe.model
        assert args[args.index("--host") + 1] == "127.0.0.1" and "-np" in args and "--jinja" in args
        assert args[args.index("--api-key") + 1] == DATA.client.auth_token
        for flag in _flags(args[1:]):
            assert flag in DATA.server.flags, f"{flag} is not a checked llama-server flag"
        assert shlex.join(args[1:]) in every_text  # the start script runs exactly the documented command
    else:
        assert f"OLLAMA_CONTEXT_LENGTH={context}" in every_text
    assert exports["ANTHROPIC_AUTH_TOKEN"] == DATA.bridge(bridge).token
    if DATA.bridge(bridge).direct:
        assert base.endswith(f":{recipe.server_port}")
    else:
        assert base.endswith(f":{DATA.bridge(bridge).port}") and recipe.client_port != recipe.server_port


@pytest.mark.parametrize(("profile", "bridge"), ALL)
def test_recipe_files_parse(profile, bridge, tmp_path):
    recipe = plan_recipe(_choice(profile, bridge), DATA)
    for item in recipe.files:
        if item.path.endswith(".sh"):
            script = tmp_path / "script.sh"
            script.write_text(item.text)
            subprocess.run(["bash", "-n", str(script)], check=True)
        if item.path.endswith(".json"):
            config = json.loads(item.text)
            upstream = config["Providers"][0]["api_base_url"]
            assert upstream == f"http://127.0.0.1:{recipe.server_port}/v1/chat/completions"
        if item.path.endswith(".yaml"):
            assert f"api_base: http://127.0.0.1:{recipe.server_port}/v1\n" in item.text
            assert f"master_key: {recipe.bridge.token}\n" in item.text
        if item.path.endswith(".md"):
            assert DATA.versions.claude_code in item.text and DATA.versions.llama_cpp_flags in item.text


def test_recipe_flags_exist_in_the_real_llama_server(llama_server_help):
    for flag in DATA.server.flags:
        assert re.search(rf"(^|[\s,]){re.escape(flag)}([\s,=]|$)", llama_server_help, re.M), flag
    for flag, _ in DATA.server.nonexistent_flags:
        assert flag not in llama_server_help


def test_the_native_token_is_the_servers_api_key():
    assert DATA.bridge("native").token == DATA.client.auth_token


def test_port_override_moves_a_direct_client_with_the_server():
    recipe = plan_recipe(RecipeChoice("gpu-24gb", port=9191), DATA)
    assert recipe.base_url == "http://127.0.0.1:9191" and recipe.server_args[-3] == "9191"
    bridged = plan_recipe(RecipeChoice("gpu-24gb", "litellm", port=9191), DATA)
    assert bridged.base_url == "http://127.0.0.1:4000" and "api_base: http://127.0.0.1:9191/v1" in bridged.files[-1].text


def test_map_budget_follows_context_and_tool_set():
    big = plan_recipe(RecipeChoice("gpu-24gb"), DATA)
    small = plan_recipe(RecipeChoice("gpu-24gb", six_tools=True), DATA)
    assert big.map_budget == 2900  # (32768 - 14000 - 4096) * 0.2, rounded down to 100
    assert small.map_budget > big.map_budget and small.claude_args == ("--tools", DATA.client.six_tools)
    cpu = plan_recipe(RecipeChoice("cpu", model_path="m.gguf"), DATA)
    assert cpu.claude_args and cpu.context == 16384 and cpu.map_budget == 1700


@pytest.mark.parametrize(("choice", "message"), [
    (RecipeChoice("laptop"), "unknown profile 'laptop'"),
    (RecipeChoice("gpu-24gb", "vllm"), "unknown bridge 'vllm'"),
    (RecipeChoice("cpu"), "needs --model PATH"),
    (RecipeChoice("gpu-16gb", "ollama"), "no checked Ollama tag"),
])
def test_bad_choices_are_user_errors(choice, message):
    with pytest.raises(RecipeError, match=re.escape(message)):
        plan_recipe(choice, DATA)


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_init_writes_recipe_and_merges_settings_keeping_keys(tmp_path):
    settings = tmp_path / SETTINGS_FILE
    settings.parent.mkdir()
    original = {"permissions": {"allow": ["Bash(ls:*)"]}, "env": {"KEEP_ME": "1", "ANTHROPIC_MODEL": "old"}}
    settings.write_text(json.dumps(original))
    result = _run("stack", "init", tmp_path, "--profile", "gpu-24gb-moe", "--write-settings")
    assert result.exit_code == 0, result.output
    merged = json.loads(settings.read_text())
    assert merged["permissions"] == original["permissions"] and merged["env"]["KEEP_ME"] == "1"
    assert merged["env"]["ANTHROPIC_MODEL"] == "gemma-4-26b-a4b"
    start = tmp_path / RECIPE_DIR / "start.sh"
    assert start.stat().st_mode & stat.S_IXUSR
    before = {p: p.read_bytes() for p in (tmp_path / RECIPE_DIR).iterdir()}
    again = _run("stack", "init", tmp_path, "--profile", "gpu-24gb-moe", "--write-settings")
    assert again.exit_code == 0 and "unchanged" in again.output
    assert {p: p.read_bytes() for p in (tmp_path / RECIPE_DIR).iterdir()} == before
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_init_without_write_settings_leaves_settings_alone(tmp_path):
    assert _run("stack", "init", tmp_path).exit_code == 0
    assert not (tmp_path / SETTINGS_FILE).exists()


def test_init_stdout_writes_nothing(tmp_path):
    result = _run("stack", "init", tmp_path, "--bridge", "litellm", "--stdout")
    assert result.exit_code == 0
    assert "litellm.yaml" in result.output and '"ANTHROPIC_BASE_URL": "http://127.0.0.1:4000"' in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("settings_text", ["{not json", "[1, 2]", '{"env": "x"}'])
def test_init_refuses_broken_settings_in_one_line(tmp_path, settings_text):
    settings = tmp_path / SETTINGS_FILE
    settings.parent.mkdir()
    settings.write_text(settings_text)
    result = _run("stack", "init", tmp_path, "--write-settings")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and SETTINGS_FILE in result.output
    assert settings.read_text() == settings_text


def test_init_usage_errors_exit_2(tmp_path):
    for args in (["--profile", "nope"], ["--profile", "cpu"], ["--ctx", "12"]):
        result = _run("stack", "init", tmp_path, *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.output
