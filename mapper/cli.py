"""Command line: ``claude-map [PATH]`` and friends. Exceptions become one-line errors.

Exit codes: 0 success (or fresh with ``--check``, or no drift), 1 stale map with
``--check`` or drift findings, 2 any error (usage, settings, input).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mapper import __version__
from mapper.app import (
    DEFAULT_BUDGET, DEFAULT_DIRECTORY_BUDGET, MapConfig, MapFlags, MapsReport, build_analysis, check_maps,
    facts_as_json, map_config, produce_block, write_maps,
)
from mapper.cache import clear_cache
from mapper.errors import UserError
from mapper.gc_tuning import tune_for_batch_work

if TYPE_CHECKING:
    from mapper.drift import DriftRequest

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
    """A group whose default command is ``map``, so ``claude-map .`` just works.

    ``stack`` is loaded only when named (or listed by --help): a map run never imports it.
    """

    _LAZY = ("stack",)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = (*self.commands, *self._LAZY, "--help", "-h", "--version")
        if not args or args[0] not in known:
            args = ["map", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name == "stack" and name not in self.commands:
            from mapper.stack.commands import stack_group

            self.add_command(stack_group(_guarded))
        return super().get_command(ctx, name)


@click.group(cls=_DefaultToMap, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claude-map")
def main() -> None:
    """Write a structural map of a repository into CLAUDE.md for coding agents.

    \b
    claude-map [PATH]            write or refresh the map block in PATH/CLAUDE.md
    claude-map --check [PATH]    exit 1 with a diff if the map is stale (hooks, CI)
    claude-map --stdout [PATH]   print the block instead of writing it
    claude-map drift [PATH]      architecture against its baseline and declared rules
    claude-map init [PATH]       Claude Code SessionStart and pre-commit hooks (--write)
    claude-map map --help        all options of the default command
    claude-map stack --help      run Claude Code on a local model (recipes, doctor)
    """


@main.command("map")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=True, dir_okay=True))
@click.option("--check", is_flag=True, help="Write nothing; exit 0 if fresh, 1 with a unified diff if stale.")
@click.option("--stdout", "--dry-run", "to_stdout", is_flag=True, help="Print the block (or JSON) instead of writing.")
@click.option("--budget", type=_BudgetType(), default=None,
              help="Hard token budget for the block, or `auto`: sized from a running model server's context.  "
                   f"[default: settings, else {DEFAULT_BUDGET}]")
@click.option("--server", help="Server for --budget auto (default: ANTHROPIC_BASE_URL, else http://127.0.0.1:8080).")
@click.option("--output", "outputs", multiple=True,
              help="File to write, relative to PATH (e.g. AGENTS.md); repeat for several.  "
                   "[default: settings, else CLAUDE.md]")
@click.option("--nested", multiple=True, metavar="GLOB",
              help="Also write a map of each matching directory into its own output file "
                   "(e.g. 'packages/*'; 'auto': workspace packages and large areas); repeatable.")
@click.option("--nested-budget", type=click.IntRange(min=100), default=None,
              help=f"Hard token budget of each nested map.  [default: {DEFAULT_DIRECTORY_BUDGET}]")
@click.option("--add-import", is_flag=True,
              help="When the map goes to another file (AGENTS.md), add a line @AGENTS.md to an existing "
                   "CLAUDE.md that lacks it, so Claude Code reads the map.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True, help="json prints every fact with file:line evidence (implies --stdout).")
@click.option("--max-file-bytes", type=click.IntRange(min=1), default=None,
              help="Skip source files larger than this.  [default: settings, else 1000000]")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .claude-map/cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Parser processes (0: one per CPU, used only for large uncached work).")
@click.option("--quiet", "-q", is_flag=True, help="No status line on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def map_command(path: Path, check: bool, to_stdout: bool, budget: int | str | None, server: str | None,
                outputs: tuple[str, ...],
                nested: tuple[str, ...], nested_budget: int | None, add_import: bool,
                output_format: str, max_file_bytes: int | None, no_cache: bool, jobs: int, quiet: bool,
                debug: bool) -> None:
    """Map the repository at PATH (default: the current directory).

    Settings come from PATH/.claude-map.toml or [tool.claude-map] in PATH/pyproject.toml;
    the options given here override them.
    """
    if budget == "auto":
        from mapper.stack.commands import resolve_auto_budget

        budget = resolve_auto_budget(path, server, quiet)
    flags = MapFlags(budget, None, max_file_bytes, use_cache=not no_cache, jobs=jobs,
                     progress=None if quiet else _progress_printer(), outputs=outputs, nested=nested,
                     nested_budget=nested_budget)
    sys.exit(_guarded(lambda: _run(path, flags, check, to_stdout, output_format, quiet, add_import), debug))


def _run(path: Path, flags: MapFlags, check: bool, to_stdout: bool, output_format: str, quiet: bool,
         add_import: bool = False) -> int:
    config = map_config(path, flags)
    if output_format == "json":
        click.echo(facts_as_json(build_analysis(path, config)), nl=False)
        return 0
    if to_stdout:
        click.echo(produce_block(path, config).block)
        return 0
    if check:
        return _check_all(path, config, quiet)
    report = write_maps(path, config, add_import)
    for item in report.files:
        verb = "wrote" if item.changed else "unchanged:"
        _status(quiet, f"{verb} {item.name} ({item.tokens} tokens, {item.files} files mapped)")
    for name in report.imports_added:
        _status(quiet, f"added @{config.output} to {name}")
    _notices(report, config)
    return 0


def _check_all(path: Path, config: MapConfig, quiet: bool) -> int:
    report = check_maps(path, config)
    stale = [item for item in report.files if item.changed]
    for item in report.files:
        if item.changed:
            click.echo(item.diff, nl=False)
        else:
            _status(quiet, f"{item.name} is up to date ({item.tokens} tokens)")
    for item in stale:
        _status(quiet, f"{item.name} is stale: run `claude-map {path}` and commit it")
    _notices(report, config)
    return EXIT_STALE if stale else 0


def _notices(report: MapsReport, config: MapConfig) -> None:
    """Warnings, shown even with --quiet: each asks the user to act."""
    for name in report.orphans:
        _status(False, f"{name} holds an orphaned map block: no nested pattern matches its directory "
                       "any more (left as it is; delete the block or the file by hand)")
    for name in report.missing_imports:
        _status(False, f"{name} does not import {config.output}, so Claude Code will not see the map: "
                       f"add a line @{config.output} (or rerun with --add-import)")


@main.command("explain")
@click.argument("target")
@click.option("--root", default=".", show_default=True, type=click.Path(path_type=Path, file_okay=False),
              help="Repository root that TARGET is relative to.")
@click.option("--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown",
              show_default=True)
@click.option("--budget", type=click.IntRange(min=100), default=DEFAULT_DIRECTORY_BUDGET, show_default=True,
              help="Hard token budget of a directory's map.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def explain_command(target: str, root: Path, output_format: str, budget: int, debug: bool) -> None:
    """Why a file (PATH or PATH:SYMBOL) has its role, its edges, effects and entry points;
    for a directory (DIR/), the map of that directory."""
    sys.exit(_guarded(lambda: _explain(target, root, output_format, budget), debug))


def _explain(target: str, root: Path, output_format: str, budget: int = DEFAULT_DIRECTORY_BUDGET) -> int:
    from mapper.explain import explain_directory, explain_path
    from mapper.render import render_template

    path, _, symbol = target.partition(":")
    relative = _relative_to(root, path)
    if not symbol and (path.endswith("/") or path in (".", "") or (root / relative).is_dir()):
        build = build_analysis(root, map_config(root, MapFlags()))
        click.echo(explain_directory(build, relative, budget, as_json=output_format == "json"), nl=False)
        return 0
    build = build_analysis(root, map_config(root, MapFlags()))
    explanation = explain_path(build, relative, symbol)
    if output_format == "json":
        click.echo(json.dumps(asdict(explanation), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(render_template("explain.md.j2", x=explanation), nl=False)
    return 0


def _relative_to(root: Path, path: str) -> str:
    from mapper.explain import ExplainError

    candidate = Path(path)
    # A relative path names a file of the repository first (``explain --root R src/``),
    # and one seen from the working directory only when the repository has none.
    if not candidate.is_absolute() and (root / candidate).exists():
        return candidate.as_posix().removeprefix("./")
    if candidate.is_absolute() or candidate.exists():
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise ExplainError(f"{path} is outside the repository {root}") from None
    return candidate.as_posix().removeprefix("./")


@main.command("drift")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--update-baseline", is_flag=True, help="Record the current architecture as the baseline.")
@click.option("--since", metavar="REV", help="Report only what changed since this git revision.")
@click.option("--baseline", "baseline_path", metavar="FILE",
              help="Baseline file relative to PATH.  [default: settings, else .claude-map-baseline.txt]")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True)
@click.option("--no-cache", is_flag=True, help="Neither read nor write .claude-map/cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Parser processes (0: one per CPU, used only for large uncached work).")
@click.option("--quiet", "-q", is_flag=True, help="No status line on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def drift_command(path: Path, update_baseline: bool, since: str | None, baseline_path: str | None,
                  output_format: str, no_cache: bool, jobs: int, quiet: bool, debug: bool) -> None:
    """Compare the architecture with the committed baseline and the declared rules.

    Exit 0 clean, 1 new findings or stale baseline entries, 2 usage or config error.
    Rules live in [tool.claude-map.drift] (pyproject.toml) or [drift] (.claude-map.toml).
    """
    from mapper.drift import DriftRequest

    request = DriftRequest(MapFlags(use_cache=not no_cache, jobs=jobs), baseline_path, since)
    action = _update_baseline if update_baseline else _drift
    sys.exit(_guarded(lambda: action(path, request, output_format, quiet), debug))


def _drift(path: Path, request: "DriftRequest", output_format: str, quiet: bool) -> int:
    import os

    from mapper.drift import check_drift
    from mapper.drift import report as drift_report

    result = check_drift(path, request)
    renderers = {"text": drift_report.render_text, "json": drift_report.render_json,
                 "sarif": drift_report.render_sarif}
    if output_format != "text" or not quiet or not result.clean:
        click.echo(renderers[output_format](result), nl=False)
    if output_format == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(drift_report.render_annotations(result), nl=False)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as stream:
                stream.write(drift_report.render_summary(result))
    return 0 if result.clean else EXIT_STALE


def _update_baseline(path: Path, request: "DriftRequest", output_format: str, quiet: bool) -> int:
    from mapper.drift import update_baseline

    relative, count, changed = update_baseline(path, request)
    _status(quiet, f"{'wrote' if changed else 'unchanged:'} {relative} ({count} facts)")
    return 0


@main.command("init")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--write", "write_files", is_flag=True, help="Write the changes (without it they are only printed).")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def init_command(path: Path, write_files: bool, debug: bool) -> None:
    """Add a Claude Code SessionStart hook and the pre-commit hooks (printed; written with --write)."""
    sys.exit(_guarded(lambda: _init(path, write_files), debug))


def _init(path: Path, write_files: bool) -> int:
    import difflib

    from mapper.init import plan_init, write_plan

    plan = plan_init(path)
    for item in plan:
        click.echo(f"{item.path}: {item.note}")
        if item.changes and not write_files:
            before = (item.before or "").splitlines(keepends=True)
            diff = difflib.unified_diff(before, (item.after or "").splitlines(keepends=True),
                                        "/dev/null" if item.before is None else f"a/{item.path}", f"b/{item.path}")
            click.echo("".join(diff), nl=False)
    if write_files:
        written = write_plan(path, plan)
        click.echo(f"claude-map: wrote {', '.join(written)}" if written else "claude-map: nothing to change")
    elif any(item.changes for item in plan):
        click.echo("claude-map: nothing written; rerun with --write to apply")
    return 0


@main.group("cache")
def cache_group() -> None:
    """Manage the parse cache in PATH/.claude-map/cache."""


@cache_group.command("clear")
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False))
def cache_clear(path: Path) -> None:
    """Delete the facts cache of the repository at PATH."""
    removed = _guarded(lambda: clear_cache(path), debug=False)
    click.echo(f"claude-map: {'cleared' if removed is True else 'no'} cache in {path}", err=True)


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

