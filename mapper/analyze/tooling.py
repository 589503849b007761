"""Language-neutral tooling: Makefile, justfile, Dockerfile, Procfile, CI workflows.

Commands are composed from target names the files define (``make test``), never
copied from recipe bodies: recipe text is repository content and the map is read as
trusted instructions. The only text taken verbatim is a CI ``run:`` line or Docker
``CMD`` that starts with a well-known tool and uses a plain character set.
"""

from __future__ import annotations

import json
import re

from mapper.languages._shared import command, command_kind, dir_of, line_of
from mapper.model import Command, EntryPoint, Evidence, ManifestFile, RepoSnapshot

__all__ = ["read_tooling_commands", "read_tooling_entry_points"]

_MAKE_TARGET = re.compile(r"^([A-Za-z0-9][\w.\-/]*)\s*:(?![=:])", re.MULTILINE)
_JUST_RECIPE = re.compile(r"^@?([A-Za-z][\w-]*)(?:\s+[^:=\n]*)?:(?!=)", re.MULTILINE)
_TASK_NAME = re.compile(r"[A-Za-z0-9][\w.\-/:]{0,60}")
_DOCKER_RUN = re.compile(r"^\s*(CMD|ENTRYPOINT)\s+(.+)$", re.MULTILINE | re.IGNORECASE)
_PROCFILE_LINE = re.compile(r"^([\w-]+):\s*(.+)$", re.MULTILINE)
_CI_RUN = re.compile(r"^\s*(?:-\s*)?run:\s*(.+)$", re.MULTILINE)
# A verbatim command must start with a known tool and contain nothing exotic.
_KNOWN_TOOL = re.compile(
    r"^(python -m pytest|pytest|tox|nox|ruff|mypy|black|flake8|pre-commit|make|just|"
    r"npm|pnpm|yarn|bun|npx|go|cargo|mvn|gradle|\./gradlew|dotnet|bundle|rake|uv|poetry|hatch)"
    r"( [\w.:/=@,+\-' \[\]]*)?$"
)
_SAFE_COMMAND = re.compile(r"[\w.:/=@,+\-' \[\]\"$]{1,120}")


def read_tooling_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    for manifest in snapshot.manifests:
        name = manifest.path.rsplit("/", 1)[-1]
        if name in ("Makefile", "GNUmakefile", "makefile"):
            found.extend(_named_tasks(manifest, _MAKE_TARGET, "make"))
        elif name in ("justfile", "Justfile", ".justfile"):
            found.extend(_named_tasks(manifest, _JUST_RECIPE, "just"))
        elif name.startswith("Dockerfile") and "/" not in manifest.path:
            found.append(command("build", "docker build .", manifest, "FROM"))
        elif name == ".pre-commit-config.yaml":
            found.append(command("lint", "pre-commit run --all-files", manifest, "repos:"))
        elif manifest.path.startswith(".github/workflows/") or name == ".gitlab-ci.yml":
            found.extend(_ci_commands(manifest))
    return found


def read_tooling_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    for manifest in snapshot.manifests:
        name = manifest.path.rsplit("/", 1)[-1]
        if name.startswith("Dockerfile"):
            found.extend(_docker_entries(manifest))
        elif name == "Procfile":
            found.extend(_procfile_entries(manifest))
        elif manifest.path.startswith(".github/workflows/"):
            found.extend(_workflow_entries(manifest))
    return found


_CRON = re.compile(r"^\s*-?\s*cron:\s*['\"]?([0-9*/,\- ]{9,40}?)['\"]?\s*(?:#.*)?$", re.MULTILINE)
_TOP_KEY = re.compile(r"^(?:on|true|jobs|[A-Za-z_][\w-]*):", re.MULTILINE)
_JOB_ID = re.compile(r"^  ([A-Za-z_][\w-]{0,60}):\s*(?:#.*)?$", re.MULTILINE)


def _workflow_entries(manifest: ManifestFile) -> list[EntryPoint]:
    """A GitHub Actions workflow starts its jobs on events; a ``schedule`` trigger
    (``cron: '0 3 * * *'``) makes them scheduled jobs."""
    workflow = manifest.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    text = manifest.text
    found = []
    for match in _CRON.finditer(text):
        expression = " ".join(match.group(1).split())
        found.append(EntryPoint("entry.scheduled", workflow, f"cron {expression}",
                                Evidence(manifest.path, text.count("\n", 0, match.start(1)) + 1,
                                         "schedule trigger of a CI workflow")))
    jobs = re.search(r"^jobs:\s*$", text, re.MULTILINE)
    if jobs is None:
        return found
    following = _TOP_KEY.search(text, jobs.end())
    block_end = following.start() if following else len(text)
    for match in _JOB_ID.finditer(text, jobs.end(), block_end):
        found.append(EntryPoint("entry.ci_job", match.group(1), f"{workflow} workflow",
                                Evidence(manifest.path, text.count("\n", 0, match.start(1)) + 1,
                                         "job of a CI workflow")))
    return found


def _named_tasks(manifest: ManifestFile, pattern: re.Pattern[str], tool: str) -> list[Command]:
    directory = dir_of(manifest.path)
    prefix = f"{tool} -C {directory} " if directory and tool == "make" else (
        f"cd {directory} && {tool} " if directory else f"{tool} "
    )
    seen: set[str] = set()
    found = []
    for match in pattern.finditer(manifest.text):
        target = match.group(1)
        if target in seen or target.startswith(".") or not _TASK_NAME.fullmatch(target):
            continue
        seen.add(target)
        line = manifest.text.count("\n", 0, match.start()) + 1
        found.append(Command(command_kind(target), prefix + target,
                             Evidence(manifest.path, line, "defined here")))
    return found


def _ci_commands(manifest: ManifestFile) -> list[Command]:
    found = []
    for match in _CI_RUN.finditer(manifest.text):
        text = match.group(1).strip().strip("'\"").strip()
        if text in ("|", ">", "|-", ">-") or not _KNOWN_TOOL.match(text):
            continue
        kind = _ci_kind(text)
        # From the command itself: ``^\s*`` may start on a blank line above it.
        line = manifest.text.count("\n", 0, match.start(1)) + 1
        found.append(Command(kind, text, Evidence(manifest.path, line, "run in CI")))
    return found


def _ci_kind(text: str) -> str:
    return command_kind(text)


def _docker_entries(manifest: ManifestFile) -> list[EntryPoint]:
    last: dict[str, EntryPoint] = {}
    for match in _DOCKER_RUN.finditer(manifest.text):
        instruction, raw = match.group(1).upper(), match.group(2).strip()
        text = _docker_command(raw)
        if text is None:
            continue
        line = manifest.text.count("\n", 0, match.start(1)) + 1
        # Only the last CMD and the last ENTRYPOINT take effect.
        last[instruction] = EntryPoint(f"entry.docker_{instruction.lower()}", manifest.path, text,
                                       Evidence(manifest.path, line, f"Dockerfile {instruction}"))
    return [last[key] for key in sorted(last)]


def _docker_command(raw: str) -> str | None:
    if raw.startswith("["):
        try:
            parts = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(parts, list):
            return None
        raw = " ".join(str(p) for p in parts)
    return raw if _SAFE_COMMAND.fullmatch(raw) else None


def _procfile_entries(manifest: ManifestFile) -> list[EntryPoint]:
    found = []
    for match in _PROCFILE_LINE.finditer(manifest.text):
        text = match.group(2).strip()
        if not _SAFE_COMMAND.fullmatch(text):
            continue
        found.append(EntryPoint("entry.procfile", match.group(1), text,
                                Evidence(manifest.path, line_of(manifest.text, match.group(0)),
                                         "Procfile process")))
    return found
