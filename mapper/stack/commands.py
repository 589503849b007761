"""``claude-map stack init`` and ``claude-map stack doctor`` (registered on the main group by mapper/cli.py).

Only click is imported here; the stack's modules load when a stack command runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

import click

__all__ = ["stack_group", "StackRunner"]

# A function that runs an action with the CLI's error handling and returns an exit code (mapper.cli._guarded).
StackRunner = Callable[[Callable[[], int], bool], int]


class _InitCommand(click.Command):
    """Lists the profiles and bridges from the data table when help is shown (not at every CLI start)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from mapper.stack.data import load_stack_data

        data = load_stack_data()
        with formatter.section("Profiles"):
            formatter.write_dl([(p.name, p.title) for p in data.profiles])
        with formatter.section("Bridges"):
            formatter.write_dl([(b.name, b.title) for b in data.bridges])


def stack_group(run_guarded: StackRunner) -> click.Group:
    """The ``stack`` command group, with the CLI's one-line error handling passed in."""

    @click.group("stack")
    def stack() -> None:
        """Run Claude Code on a local model: launch recipes (init) and a check of a running stack (doctor)."""

    @stack.command("init", cls=_InitCommand)
    @click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False))
    @click.option("--profile", default="gpu-24gb", show_default=True, help="Hardware profile (listed below).")
    @click.option("--bridge", default="native", show_default=True, help="Bridge between Claude Code and the model (listed below).")
    @click.option("--model", "model_path", help="A local GGUF file instead of the profile's -hf download.")
    @click.option("--alias", help="Model name the server serves and the client asks for (Ollama: a tag).")
    @click.option("--ctx", "context", type=click.IntRange(min=1024), help="Context size (-c) instead of the profile's.")
    @click.option("--port", type=click.IntRange(min=1, max=65535), help="Server port (default 8080; Ollama 11434).")
    @click.option("--six-tools/--all-tools", "six_tools", default=None,
                  help="Run claude with the six-tool set (about 5.5k tokens of prompt instead of 14k).")
    @click.option("--stdout", "to_stdout", is_flag=True, help="Print the recipe instead of writing it.")
    @click.option("--write-settings", is_flag=True,
                  help="Also merge the env block into .claude/settings.local.json (then plain `claude` uses the local model).")
    @click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
    def init(path: Path, profile: str, bridge: str, model_path: str | None, alias: str | None, context: int | None,
             port: int | None, six_tools: bool | None, to_stdout: bool, write_settings: bool, debug: bool) -> None:
        """Write the launch recipe into PATH/.claude/local-stack/ (server command, env file, start script)."""
        from mapper.stack.recipe import RecipeChoice

        choice = RecipeChoice(profile, bridge, model_path, alias, context, port, six_tools)
        sys.exit(run_guarded(lambda: _init(path, choice, to_stdout, write_settings), debug))

    @stack.command("doctor")
    @click.option("--url", help="Server or bridge root (default: ANTHROPIC_BASE_URL, else http://127.0.0.1:8080).")
    @click.option("--root", default=".", show_default=True, type=click.Path(path_type=Path, file_okay=False),
                  help="Project whose CLAUDE.md and .claude/settings*.json to check.")
    @click.option("--six-tools", is_flag=True,
                  help="Claude Code runs with the six-tool set (implied when the project's recipe does).")
    @click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
    def doctor(url: str | None, root: Path, six_tools: bool, debug: bool) -> None:
        """Check a running server or bridge and Claude Code's environment; exit 1 if any check fails."""
        sys.exit(run_guarded(lambda: _doctor(url, root, six_tools), debug))

    return stack


def _init(root: Path, choice, to_stdout: bool, write_settings: bool) -> int:
    from mapper.stack.data import load_stack_data
    from mapper.stack.recipe import SETTINGS_FILE, merge_settings_env, plan_recipe, settings_preview, write_recipe

    recipe = plan_recipe(choice, load_stack_data())
    if to_stdout:
        for item in recipe.files:
            click.echo(f"==> {item.path} <==\n{item.text.rstrip()}\n")
        click.echo(f"==> {SETTINGS_FILE} (env block, with --write-settings) <==\n{settings_preview(recipe.env)}")
        return 0
    if not root.is_dir():
        from mapper.stack.recipe import RecipeError

        raise RecipeError(f"{root} is not a directory")
    changed = write_recipe(root, recipe)
    for path in changed:
        click.echo(f"claude-map: wrote {path}", err=True)
    if write_settings and merge_settings_env(root, recipe.env):
        click.echo(f"claude-map: merged the env block into {SETTINGS_FILE}", err=True)
    if not changed:
        click.echo("claude-map: the recipe is unchanged", err=True)
    click.echo(f"claude-map: map budget for a {recipe.context}-token context: claude-map {root} --budget "
               f"{recipe.map_budget}; start with {root / recipe.files[1].path}", err=True)
    return 0


def _doctor(url: str | None, root: Path, six_tools: bool) -> int:
    from mapper.stack.data import load_stack_data
    from mapper.stack.doctor import DEFAULT_URL, format_report, read_client_env, run_doctor
    from mapper.stack.recipe import recipe_uses_six_tools

    data = load_stack_data()
    env = read_client_env(root, os.environ, data)
    six_tools = six_tools or recipe_uses_six_tools(root, data)
    report = run_doctor(url or env.get("ANTHROPIC_BASE_URL") or DEFAULT_URL, env, root, six_tools, data)
    click.echo(format_report(report, data), nl=False)
    return 1 if report.failed else 0


def resolve_auto_budget(root: Path, server: str | None, quiet: bool) -> int | None:
    """``--budget auto``: ask the server, print one line on stderr, return the budget (None: no server answered)."""
    from mapper.stack.budget import auto_budget
    from mapper.stack.data import load_stack_data
    from mapper.stack.doctor import read_client_env

    data = load_stack_data()
    try:
        text = (root / "CLAUDE.md").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = None
    from mapper.stack.recipe import recipe_uses_six_tools

    env = read_client_env(root, os.environ, data)
    result = auto_budget(server, env, text, data, six_tools=recipe_uses_six_tools(root, data))
    if not quiet:
        click.echo(f"claude-map: {result.notice}", err=True)
    return result.budget
