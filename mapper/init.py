"""``claude-map init``: wire claude-map into a repository's tools, with the user's consent.

Two changes, planned here and written only with ``--write``:

- ``.claude/settings.json`` gets a Claude Code ``SessionStart`` hook that refreshes the
  map quietly (from the cache, so an unchanged tree costs a fraction of a second) before
  each session. The file is merged: every key already there is kept.
- An existing ``.pre-commit-config.yaml`` gets a local ``claude-map`` and
  ``claude-map-drift`` hook, inserted at the end of its ``repos:`` list; the rest of the
  file is kept byte for byte. A repository without one is left alone.

Either change is skipped when claude-map is already named there, so init can be rerun.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from mapper.errors import UserError
from mapper.write import WriteError, write_bytes_atomically

__all__ = ["PlannedFile", "plan_init", "write_plan", "SETTINGS_PATH", "PRE_COMMIT_PATH", "SESSION_COMMAND"]

SETTINGS_PATH = ".claude/settings.json"
PRE_COMMIT_PATH = ".pre-commit-config.yaml"
# stdout of a SessionStart hook goes into the agent's context: keep it empty, and never
# block a session on a failed refresh.
SESSION_COMMAND = 'claude-map --quiet "$CLAUDE_PROJECT_DIR" >/dev/null 2>&1 || true'
_SESSION_MATCHER = "startup|resume"
_SESSION_TIMEOUT_SECONDS = 60
_MARKER = "claude-map"
_PRE_COMMIT_HOOKS = (
    ("claude-map", "claude-map (CLAUDE.md map is fresh)", "claude-map --check --quiet"),
    ("claude-map-drift", "claude-map drift (architecture against baseline and rules)", "claude-map drift --quiet"),
)


class InitError(UserError):
    """A file init would merge into cannot be read as what it should be."""


@dataclass(frozen=True, slots=True)
class PlannedFile:
    path: str  # relative to the repository
    before: str | None  # None: the file does not exist
    after: str | None  # None: nothing to change
    note: str  # one line for the user

    @property
    def changes(self) -> bool:
        return self.after is not None and self.after != self.before


def plan_init(root: Path) -> tuple[PlannedFile, ...]:
    """What init would change under ``root``, in a fixed order.

    Raises:
        InitError: ``.claude/settings.json`` is not a JSON object, or a file cannot be read.
    """
    if not root.is_dir():
        raise InitError(f"no such directory: {root}")
    return (_plan_settings(root), _plan_pre_commit(root))


def write_plan(root: Path, plan: tuple[PlannedFile, ...]) -> tuple[str, ...]:
    """Write every planned change atomically; the paths written."""
    written = []
    for item in plan:
        if item.changes:
            _write_atomically(root / item.path, item.after or "")
            written.append(item.path)
    return tuple(written)


def _plan_settings(root: Path) -> PlannedFile:
    before = _read(root / SETTINGS_PATH)
    try:
        settings = json.loads(before) if before is not None and before.strip() else {}
    except json.JSONDecodeError as error:
        raise InitError(f"{SETTINGS_PATH}: not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(settings, dict):
        raise InitError(f"{SETTINGS_PATH}: expected a JSON object")
    hooks = settings.setdefault("hooks", {})
    if not isinstance(hooks, dict) or not isinstance(hooks.setdefault("SessionStart", []), list):
        raise InitError(f"{SETTINGS_PATH}: 'hooks' must be an object and 'hooks.SessionStart' a list")
    if _MARKER in json.dumps(hooks["SessionStart"]):
        return PlannedFile(SETTINGS_PATH, before, None, "SessionStart hook already runs claude-map")
    hooks["SessionStart"].append({
        "matcher": _SESSION_MATCHER,
        "hooks": [{"type": "command", "command": SESSION_COMMAND, "timeout": _SESSION_TIMEOUT_SECONDS}],
    })
    after = json.dumps(settings, indent=2, ensure_ascii=False) + "\n"
    return PlannedFile(SETTINGS_PATH, before, after, "add a SessionStart hook that refreshes the map")


def _plan_pre_commit(root: Path) -> PlannedFile:
    before = _read(root / PRE_COMMIT_PATH)
    if before is None:
        return PlannedFile(PRE_COMMIT_PATH, None, None,
                           "no .pre-commit-config.yaml: skipped (the README shows the hook entry)")
    if _MARKER in before:
        return PlannedFile(PRE_COMMIT_PATH, before, None, "pre-commit already runs claude-map")
    after = _insert_into_repos(before)
    if after is None:
        raise InitError(f"{PRE_COMMIT_PATH}: no top-level 'repos:' list to add the hooks to")
    return PlannedFile(PRE_COMMIT_PATH, before, after, "add the claude-map and claude-map-drift hooks")


_REPOS_KEY = re.compile(r"^repos:[ \t]*(?:#.*)?$")
_TOP_LEVEL = re.compile(r"^[^\s#-]")


def _insert_into_repos(text: str) -> str | None:
    """``text`` with a local repo entry appended to its block-style ``repos:`` list."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _REPOS_KEY.match(line.rstrip("\r\n"))), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL.match(lines[i])), len(lines))
    items = [line for line in lines[start + 1:end] if line.lstrip().startswith("- ")]
    indent = (len(items[0]) - len(items[0].lstrip())) if items else 2
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines that separate the next key
    newline = "\r\n" if lines[start].endswith("\r\n") else "\n"
    if end > 0 and not lines[end - 1].endswith(("\n", "\r")):
        lines[end - 1] += newline
    return "".join(lines[:end]) + _local_repo(" " * indent, newline) + "".join(lines[end:])


def _local_repo(pad: str, newline: str) -> str:
    out = [f"{pad}- repo: local", f"{pad}  hooks:"]
    for hook_id, name, entry in _PRE_COMMIT_HOOKS:
        out += [f"{pad}    - id: {hook_id}", f"{pad}      name: {name}", f"{pad}      entry: {entry}",
                f"{pad}      language: system", f"{pad}      pass_filenames: false", f"{pad}      always_run: true"]
    return "".join(line + newline for line in out)


def _read(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            return stream.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise InitError(f"{path.name}: cannot read: {error}") from None


def _write_atomically(path: Path, text: str) -> None:
    """Through the write stage's atomic replace: same folder temp file, mode kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, text.encode("utf-8"))
    except (OSError, WriteError) as error:
        raise InitError(f"{path.name}: cannot write: {error}") from None
