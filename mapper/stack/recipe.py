"""``claude-map stack init``: the launch recipe for one profile and bridge, rendered from templates/stack/.

``plan_recipe`` is pure (choices + data -> ``Recipe``); ``write_recipe`` and ``merge_settings_env`` are the
adapters that touch the project.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import jinja2

from mapper.errors import UserError
from mapper.stack.data import Bridge, Profile, StackData
from mapper.write import write_bytes_atomically

__all__ = [
    "RecipeChoice", "RecipeFile", "Recipe", "RecipeError", "plan_recipe", "write_recipe", "merge_settings_env",
    "render_stack_template", "settings_preview", "recipe_uses_six_tools", "RECIPE_DIR", "SETTINGS_FILE",
]

RECIPE_DIR = ".claude/local-stack"
SETTINGS_FILE = ".claude/settings.local.json"
ENV_FILE = "claude-env.sh"
START_FILE = "start.sh"
NOTE_FILE = "STACK.md"
LOCAL_HOST = "127.0.0.1"


class RecipeError(UserError):
    """A profile, bridge or option combination the recipe cannot be built for."""


@dataclass(frozen=True, slots=True)
class RecipeChoice:
    """What the user asked for; None means the profile's value."""

    profile: str
    bridge: str = "native"
    model_path: str | None = None
    alias: str | None = None
    context: int | None = None
    port: int | None = None
    six_tools: bool | None = None


@dataclass(frozen=True, slots=True)
class RecipeFile:
    path: str  # relative to the project root
    text: str
    executable: bool = False


@dataclass(frozen=True, slots=True)
class Recipe:
    profile: Profile
    bridge: Bridge
    model: str  # the name the client sends: the server's --alias, or the Ollama tag
    context: int
    output_cap: int
    server_port: int
    client_port: int
    server_args: tuple[str, ...]  # llama-server's command line; empty when the bridge replaces it
    env: tuple[tuple[str, str], ...]
    claude_args: tuple[str, ...]
    map_budget: int
    files: tuple[RecipeFile, ...]

    def footprint(self, data: StackData) -> int:
        """Tokens of Claude Code's own prompt with the tool set this recipe runs."""
        return data.client.footprint(bool(self.claude_args))

    @property
    def base_url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.client_port}"


def plan_recipe(choice: RecipeChoice, data: StackData) -> Recipe:
    profile, bridge = _lookup(choice, data)
    context = choice.context or profile.context
    server_port = choice.port or (bridge.port if bridge.replaces_server else data.server.default_port)
    client_port = server_port if bridge.direct else bridge.port
    model = _model_name(choice, profile, bridge)
    output_cap = data.client.recommended_output_cap(context)
    server_args = () if bridge.replaces_server else _server_args(choice, profile, data, context, server_port)
    env = _client_env(f"http://{LOCAL_HOST}:{client_port}", bridge.token, model, context, output_cap)
    six_tools = profile.six_tools if choice.six_tools is None else choice.six_tools
    claude_args = ("--tools", data.client.six_tools) if six_tools else ()
    map_budget = data.budget.map_budget(context, data.client.footprint(six_tools), output_cap)
    partial = Recipe(profile, bridge, model, context, output_cap, server_port, client_port, server_args, env,
                     claude_args, map_budget, files=())
    return replace(partial, files=_render_files(partial, data, choice))


def _lookup(choice: RecipeChoice, data: StackData) -> tuple[Profile, Bridge]:
    profiles = {p.name: p for p in data.profiles}
    bridges = {b.name: b for b in data.bridges}
    if choice.profile not in profiles:
        raise RecipeError(f"unknown profile {choice.profile!r} (choose from {', '.join(profiles)})")
    if choice.bridge not in bridges:
        raise RecipeError(f"unknown bridge {choice.bridge!r} (choose from {', '.join(bridges)})")
    profile = profiles[choice.profile]
    if not profile.model_repo and not choice.model_path and not bridges[choice.bridge].replaces_server:
        raise RecipeError(f"profile {profile.name} needs --model PATH (a GGUF file)")
    if choice.context is not None and choice.context < 1024:
        raise RecipeError("--ctx must be at least 1024")
    return profile, bridges[choice.bridge]


def _model_name(choice: RecipeChoice, profile: Profile, bridge: Bridge) -> str:
    if not bridge.replaces_server:
        return choice.alias or profile.alias
    tag = choice.alias or profile.ollama_tag
    if not tag:
        raise RecipeError(f"no checked Ollama tag for profile {profile.name}: pass --alias with a tag you have pulled")
    return tag


def _server_args(choice: RecipeChoice, profile: Profile, data: StackData, context: int, port: int) -> tuple[str, ...]:
    model = ("-m", choice.model_path) if choice.model_path else ("-hf", f"{profile.model_repo}:{profile.model_quant}")
    args = [data.server.binary, *model, "--alias", choice.alias or profile.alias, "-c", str(context), "-np", "1"]
    if profile.gpu_layers:
        args += ["-ngl", profile.gpu_layers]
    if profile.flash_attn:
        args += ["-fa", profile.flash_attn]
    if profile.kv_type:
        args += ["-ctk", profile.kv_type, "-ctv", profile.kv_type]
    if profile.cpu_moe_layers:
        args += ["--n-cpu-moe", str(profile.cpu_moe_layers)]
    args += ["--jinja", "--host", data.server.host, "--port", str(port), "--api-key", data.client.auth_token]
    return tuple(args)


def _client_env(base_url: str, token: str, model: str, context: int, output_cap: int) -> tuple[tuple[str, str], ...]:
    return (
        ("ANTHROPIC_BASE_URL", base_url),
        ("ANTHROPIC_AUTH_TOKEN", token),
        ("ANTHROPIC_MODEL", model),
        ("ANTHROPIC_DEFAULT_HAIKU_MODEL", model),
        ("CLAUDE_CODE_MAX_CONTEXT_TOKENS", str(context)),
        ("CLAUDE_CODE_MAX_OUTPUT_TOKENS", str(output_cap)),
        ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"),
        ("CLAUDE_CODE_DISABLE_THINKING", "1"),
        ("API_TIMEOUT_MS", "600000"),
    )


def _environment() -> jinja2.Environment:
    templates = resources.files("mapper.templates").joinpath("stack")

    def load(name: str) -> str:
        return templates.joinpath(name).read_text(encoding="utf-8")

    environment = jinja2.Environment(loader=jinja2.FunctionLoader(load), trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False)
    environment.filters["sh"] = lambda value: shlex.quote(str(value))
    environment.filters["shjoin"] = lambda values: shlex.join(str(v) for v in values)
    environment.filters["json"] = lambda value: json.dumps(value)
    return environment


def render_stack_template(name: str, **values) -> str:
    return _environment().get_template(name).render(**values)


def _render_files(recipe: Recipe, data: StackData, choice: RecipeChoice) -> tuple[RecipeFile, ...]:
    values = {"r": recipe, "data": data, "versions": data.versions, "start": _bridge_start(recipe),
              "local_host": LOCAL_HOST, "choice": choice, "recipe_dir": RECIPE_DIR,
              "env_file": ENV_FILE, "start_file": START_FILE, "footprint": recipe.footprint(data),
              "room": data.budget.room(recipe.context, recipe.footprint(data), recipe.output_cap)}
    files = [
        RecipeFile(f"{RECIPE_DIR}/{ENV_FILE}", render_stack_template("claude-env.sh.j2", **values)),
        RecipeFile(f"{RECIPE_DIR}/{START_FILE}", render_stack_template("start.sh.j2", **values), executable=True),
        RecipeFile(f"{RECIPE_DIR}/{NOTE_FILE}", render_stack_template("STACK.md.j2", **values)),
        RecipeFile(f"{RECIPE_DIR}/.gitignore", "*.log\n"),
    ]
    if recipe.bridge.config_template:
        text = render_stack_template(recipe.bridge.config_template, **values)
        files.append(RecipeFile(f"{RECIPE_DIR}/{recipe.bridge.config_file}", text))
    return tuple(files)


def _bridge_start(recipe: Recipe) -> str:
    return recipe.bridge.start.format(config=recipe.bridge.config_file, context=recipe.context, model=recipe.model)


def write_recipe(root: Path, recipe: Recipe) -> tuple[str, ...]:
    """Write the recipe's files under ``root``; return the paths that changed."""
    changed = []
    for item in recipe.files:
        target = root / item.path
        data = item.text.encode("utf-8")
        mode = 0o755 if item.executable else 0o644
        if target.is_file() and target.read_bytes() == data and (target.stat().st_mode & 0o777) == mode:
            continue
        _make_directory(target.parent)
        write_bytes_atomically(target, data, mode=mode)
        changed.append(item.path)
    return tuple(changed)


def merge_settings_env(root: Path, env: tuple[tuple[str, str], ...]) -> bool:
    """Put ``env`` into the ``env`` object of .claude/settings.local.json, keeping every other key and value."""
    target = root / SETTINGS_FILE
    settings = _read_settings(target)
    merged_env = {**settings.get("env", {}), **dict(env)}
    merged = {**settings, "env": merged_env}
    if merged == settings:
        return False
    _make_directory(target.parent)
    write_bytes_atomically(target, (json.dumps(merged, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return True


def recipe_uses_six_tools(root: Path, data: StackData) -> bool:
    """Whether the project's recipe (if any) runs claude with the six-tool set."""
    try:
        script = (root / RECIPE_DIR / START_FILE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return shlex.join(("--tools", data.client.six_tools)) in script


def settings_preview(env: tuple[tuple[str, str], ...]) -> str:
    """The ``env`` block as it goes into the settings file."""
    return json.dumps({"env": dict(env)}, indent=2)


def _read_settings(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise RecipeError(f"cannot read {path}: {error}") from None
    try:
        settings = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise RecipeError(f"{path} is not valid JSON (line {error.lineno}); fix it or move it away") from None
    if not isinstance(settings, dict) or not isinstance(settings.get("env", {}), dict):
        raise RecipeError(f"{path}: expected a JSON object whose \"env\" is an object")
    return settings


def _make_directory(path: Path) -> None:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as error:
        raise RecipeError(f"cannot create {path}: {error.strerror}") from None
