"""Command line: ``claude-map [PATH]`` and friends. Exceptions become one-line errors.

Exit codes: 0 success (or fresh with ``--check``), 1 stale map with ``--check``,
2 any error.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from mapper import __version__
from mapper.app import DEFAULT_BUDGET, MapConfig, build_analysis, check_map, facts_as_json, produce_block, write_map
from mapper.cache import clear_cache
from mapper.errors import UserError
from mapper.gc_tuning import tune_for_batch_work

__all__ = ["main"]

EXIT_STALE = 1
EXIT_ERROR = 2



class _BudgetType(click.ParamType):
    """A token budget of at least 100, or ``auto``."""

    name = "N|auto"

    def convert(self, value, param, ctx):
        if value == "auto" or isinstance(value, int):
            return value
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a number nor 'auto'", param, ctx)
        if number < 100:
            self.fail(f"{number} is not in the range x>=100.", param, ctx)
        return number


class _DefaultToMap(click.Group):
    """A group whose default command is ``map``, so ``claude-map .`` just works."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["map", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToMap, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claude-map")
def main() -> None:
    """Write a structural map of a repository into CLAUDE.md for coding agents.

    \b
    claude-map [PATH]            write or refresh the map block in PATH/CLAUDE.md
    claude-map --check [PATH]    exit 1 with a diff if the map is stale (hooks, CI)
    claude-map --stdout [PATH]   print the block instead of writing it
    claude-map map --help        all options of the default command
    claude-map stack --help      run Claude Code on a local model (recipes, doctor)
    """


@main.command("map")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=True, dir_okay=True))
@click.option("--check", is_flag=True, help="Write nothing; exit 0 if fresh, 1 with a unified diff if stale.")
@click.option("--stdout", "--dry-run", "to_stdout", is_flag=True, help="Print the block (or JSON) instead of writing.")
@click.option("--budget", type=_BudgetType(), default=str(DEFAULT_BUDGET), show_default=True,
              help="Hard token budget for the block, or `auto`: sized from a running model server's context.")
@click.option("--server", help="Server for --budget auto (default: ANTHROPIC_BASE_URL, else http://127.0.0.1:8080).")
@click.option("--output", default="CLAUDE.md", show_default=True,
              help="File to write, relative to PATH (e.g. AGENTS.md).")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="json prints every fact with file:line evidence (implies --stdout).")
@click.option("--max-file-bytes", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Skip source files larger than this.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .claude-map/cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Parser processes (0: one per CPU, used only for large uncached work).")
@click.option("--quiet", "-q", is_flag=True, help="No status line on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def map_command(path: Path, check: bool, to_stdout: bool, budget: int | str, server: str | None, output: str,
                output_format: str, max_file_bytes: int, no_cache: bool, jobs: int, quiet: bool, debug: bool) -> None:
    """Map the repository at PATH (default: the current directory)."""
    if budget == "auto":
        from mapper.stack.commands import resolve_auto_budget

        budget = resolve_auto_budget(path, server, DEFAULT_BUDGET, quiet)
    config = MapConfig(budget=budget, max_file_bytes=max_file_bytes, output=output,
                       use_cache=not no_cache, jobs=jobs, progress=None if quiet else _progress_printer())
    sys.exit(_guarded(lambda: _run(path, config, check, to_stdout, output_format, quiet), debug))


def _run(path: Path, config: MapConfig, check: bool, to_stdout: bool, output_format: str, quiet: bool) -> int:
    if output_format == "json":
        click.echo(facts_as_json(build_analysis(path, config)), nl=False)
        return 0
    if check:
        outcome, result = check_map(path, config)
        if result.fresh:
            _status(quiet, f"{config.output} is up to date ({outcome.tokens} tokens)")
            return 0
        click.echo(result.diff, nl=False)
        _status(quiet, f"{config.output} is stale: run `claude-map {path}` and commit it")
        return EXIT_STALE
    if to_stdout:
        click.echo(produce_block(path, config).block)
        return 0
    outcome, changed = write_map(path, config)
    verb = "wrote" if changed else "unchanged:"
    _status(quiet, f"{verb} {config.output} ({outcome.tokens} tokens, {outcome.files} files mapped)")
    return 0


@main.command("explain")
@click.argument("target")
@click.option("--root", default=".", show_default=True, type=click.Path(path_type=Path, file_okay=False),
              help="Repository root that TARGET is relative to.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def explain_command(target: str, root: Path, output_format: str, debug: bool) -> None:
    """Why a file (PATH or PATH:SYMBOL) has its role, its edges, effects and entry points."""
    sys.exit(_guarded(lambda: _explain(target, root, output_format), debug))


def _explain(target: str, root: Path, output_format: str) -> int:
    from mapper.explain import explain_path
    from mapper.render import render_template

    path, _, symbol = target.partition(":")
    relative = _relative_to(root, path)
    build = build_analysis(root, MapConfig(use_cache=True))
    explanation = explain_path(build, relative, symbol)
    if output_format == "json":
        click.echo(json.dumps(asdict(explanation), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(render_template("explain.md.j2", x=explanation), nl=False)
    return 0


def _relative_to(root: Path, path: str) -> str:
    from mapper.explain import ExplainError

    candidate = Path(path)
    if candidate.is_absolute() or candidate.exists():
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise ExplainError(f"{path} is outside the repository {root}") from None
    return candidate.as_posix().removeprefix("./")


@main.group("cache")
def cache_group() -> None:
    """Manage the parse cache in PATH/.claude-map/cache."""


@cache_group.command("clear")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False))
def cache_clear(path: Path) -> None:
    """Delete the facts cache of the repository at PATH."""
    removed = _guarded(lambda: clear_cache(path), debug=False)
    click.echo(f"claude-map: {'cleared' if removed is True else 'no'} cache in {path}", err=True)


def _register_stack() -> None:
    from mapper.stack.commands import stack_group

    main.add_command(stack_group(_guarded))


# Only worth drawing for long runs, and only for a person watching a terminal:
# hooks, CI and pipes stay silent.
_PROGRESS_MIN_FILES = 500


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < _PROGRESS_MIN_FILES:
            return
        end = "\n" if done >= total else ""
        click.echo(f"\rclaude-map: parsed {done}/{total} files", err=True, nl=False)
        if end:
            click.echo("\r\033[K", err=True, nl=False)

    return show


def _status(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(f"claude-map: {message}", err=True)


def _guarded(action, debug: bool) -> int:
    tune_for_batch_work()
    try:
        return action()
    except UserError as error:
        if debug:
            raise
        click.echo(f"claude-map: error: {error}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("claude-map: interrupted", err=True)
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the promise is one line, never a traceback
        if debug:
            raise
        click.echo(f"claude-map: internal error: {type(error).__name__}: {error} (rerun with --debug)", err=True)
        return EXIT_ERROR


_register_stack()
