"""Entry points and commands that Python projects declare in their manifests."""

from __future__ import annotations

import configparser
import functools
import re

from mapper.languages._shared import (
    command, command_kind, entry, imports_package, in_manifest_dir, line_of, load_toml, manifests_named,
)
from mapper.languages.python.resolve import module_name
from mapper.model import Command, EntryPoint, FileFacts, ManifestFile, RepoSnapshot

__all__ = ["read_entry_points", "read_commands", "file_entry_points", "read_project_name", "locate_entry"]

_SETUP_PY_SCRIPTS = re.compile(r"""['"]console_scripts['"]\s*:\s*\[([^\]]*)\]""", re.DOTALL)
_SETUP_PY_ITEM = re.compile(r"""['"]\s*([\w.\-]+)\s*=\s*([\w.]+\s*:\s*[\w.]+)\s*['"]""")
_NOX_SESSION = re.compile(r"@nox\.session[^\n]*\n(?:\s*@[^\n]*\n)*\s*def\s+(\w+)")


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    for manifest in manifests_named(snapshot, "pyproject.toml"):
        found.extend(_pyproject_scripts(manifest))
    for manifest in manifests_named(snapshot, "setup.cfg"):
        found.extend(_setup_cfg_scripts(manifest))
    for manifest in manifests_named(snapshot, "setup.py"):
        found.extend(_setup_py_scripts(manifest))
    python_paths = frozenset(s.path for s in snapshot.sources if s.language == "python")
    for path in sorted(python_paths):
        if path.endswith("/__main__.py"):
            package = module_name(path, python_paths).removesuffix(".__main__")
            found.append(entry("entry.python_module", f"python -m {package}", path, path, 1,
                               "__main__.py runs with python -m"))
    return found


def locate_entry(entry: EntryPoint, source_paths: frozenset[str]) -> tuple[str, str] | None:
    """``pkg.cli:main`` -> (the file of module pkg.cli, 'main')."""
    module, _, function = entry.target.partition(":")
    if not module or " " in module:
        return None
    path = _files_by_module(source_paths).get(module)
    if path is None:
        return None
    return path, function.split(".")[-1] if function else ""


@functools.lru_cache(maxsize=2)
def _files_by_module(source_paths: frozenset[str]) -> dict[str, str]:
    """Module name -> its file (the first by path when several claim one), built once
    per run: every entry point asks, and a monorepo has hundreds of them."""
    python_paths = frozenset(p for p in source_paths if p.endswith((".py", ".pyi")))
    by_module: dict[str, str] = {}
    for path in sorted(python_paths):
        by_module.setdefault(module_name(path, python_paths), path)
    return by_module


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    manifest = snapshot.manifest("pyproject.toml")
    if manifest is not None:
        data = load_toml(manifest)
        name = data.get("project", {}).get("name") or data.get("tool", {}).get("poetry", {}).get("name")
        if isinstance(name, str) and name:
            return name
    manifest = snapshot.manifest("setup.cfg")
    if manifest is not None:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(manifest.text)
            return parser.get("metadata", "name", fallback=None) or None
        except configparser.Error:
            return None
    return None


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    found = [
        entry("entry.main_guard", facts.path, f"python {facts.path}", facts.path, marker.line,
              'if __name__ == "__main__" block')
        for marker in facts.markers
        if marker.kind == "main_guard" and not facts.path.endswith("__main__.py")
    ]
    # Background work a worker runs: @app.task / @shared_task, in files that use Celery.
    if imports_package(facts, ("celery",)):
        found.extend(
            entry("entry.celery_task", marker.name, f"{facts.path}:{marker.name}", facts.path, marker.line,
                  "Celery task decorator")
            for marker in facts.markers if marker.kind == "celery_task" and marker.name
        )
    return found


def _pyproject_scripts(manifest: ManifestFile) -> list[EntryPoint]:
    data = load_toml(manifest)
    tables = [
        ("entry.console_script", data.get("project", {}).get("scripts", {})),
        ("entry.gui_script", data.get("project", {}).get("gui-scripts", {})),
        ("entry.console_script", data.get("tool", {}).get("poetry", {}).get("scripts", {})),
    ]
    found = []
    for kind, table in tables:
        if not isinstance(table, dict):
            continue
        for name, target in sorted(table.items()):
            if isinstance(target, dict):  # poetry's {reference = ..., type = ...} form
                target = target.get("reference", "")
            if isinstance(target, str):
                line = line_of(manifest.text, f"{name} =", f'"{name}" =', f"{name}=")
                found.append(entry(kind, name, target.strip(), manifest.path, line,
                                   "declared in pyproject.toml"))
    return found


def _setup_cfg_scripts(manifest: ManifestFile) -> list[EntryPoint]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(manifest.text)
        raw = parser.get("options.entry_points", "console_scripts", fallback="")
    except configparser.Error:
        return []
    found = []
    for item in raw.splitlines():
        if "=" in item:
            name, target = (part.strip() for part in item.split("=", 1))
            found.append(entry("entry.console_script", name, target, manifest.path,
                               line_of(manifest.text, item.strip()), "declared in setup.cfg"))
    return found


def _setup_py_scripts(manifest: ManifestFile) -> list[EntryPoint]:
    found = []
    for block in _SETUP_PY_SCRIPTS.finditer(manifest.text):
        for item in _SETUP_PY_ITEM.finditer(block.group(1)):
            name, target = item.group(1), re.sub(r"\s+", "", item.group(2))
            found.append(entry("entry.console_script", name, target, manifest.path,
                               line_of(manifest.text, item.group(0)), "declared in setup.py"))
    return found


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    for manifest in manifests_named(snapshot, "pyproject.toml"):
        found.extend(_pyproject_commands(manifest))
    for manifest in manifests_named(snapshot, "requirements.txt", "requirements-dev.txt"):
        found.append(command("install", f"pip install -r {manifest.path}", manifest))
    for manifest in manifests_named(snapshot, "tox.ini"):
        found.extend(_tox_commands(manifest))
    for manifest in manifests_named(snapshot, "noxfile.py"):
        for match in _NOX_SESSION.finditer(manifest.text):
            kind = command_kind(match.group(1))
            found.append(command("test" if kind == "other" else kind, f"nox -s {match.group(1)}", manifest,
                                 f"def {match.group(1)}"))
    for manifest in manifests_named(snapshot, "pytest.ini"):
        found.append(command("test", in_manifest_dir(manifest, "pytest"), manifest, "[pytest]"))
    return found



def _pyproject_commands(manifest: ManifestFile) -> list[Command]:
    data = load_toml(manifest)
    if not data:
        return []
    tool = data.get("tool", {}) if isinstance(data.get("tool"), dict) else {}
    found: list[Command] = []
    if "poetry" in tool:
        found.append(command("install", in_manifest_dir(manifest, "poetry install"), manifest, "[tool.poetry"))
    elif "project" in data or "build-system" in data:
        extras = data.get("project", {}).get("optional-dependencies", {})
        wanted = next((e for e in ("test", "tests", "dev", "testing") if e in extras), None)
        target = f"'.[{wanted}]'" if wanted else "."
        found.append(command("install", in_manifest_dir(manifest, f"pip install -e {target}"), manifest,
                             "[project]", "[build-system]"))
    if "pytest" in tool:
        found.append(command("test", in_manifest_dir(manifest, "pytest"), manifest, "[tool.pytest"))
    linters = (("ruff", "ruff check ."), ("mypy", "mypy"), ("black", "black --check ."),
               ("pylint", "pylint"), ("isort", "isort --check ."))
    for name, text in linters:
        if name in tool:
            found.append(command("lint", in_manifest_dir(manifest, text), manifest, f"[tool.{name}"))
    for name in sorted(_table(tool, "poe", "tasks")):
        found.append(command(command_kind(name), in_manifest_dir(manifest, f"poe {name}"), manifest, f"{name} ="))
    for name in sorted(_table(tool, "pdm", "scripts")):
        found.append(command(command_kind(name), in_manifest_dir(manifest, f"pdm run {name}"), manifest, f"{name} ="))
    envs = _table(tool, "hatch", "envs")
    for env_name in sorted(envs):
        scripts = envs[env_name].get("scripts", {}) if isinstance(envs[env_name], dict) else {}
        for name in sorted(scripts):
            prefix = "" if env_name == "default" else f"{env_name}:"
            found.append(command(command_kind(name), in_manifest_dir(manifest, f"hatch run {prefix}{name}"),
                                 manifest, f"{name} ="))
    return found


def _table(tool: dict, *keys: str) -> dict:
    value: object = tool
    for key in keys:
        value = value.get(key, {}) if isinstance(value, dict) else {}
    return value if isinstance(value, dict) else {}


def _tox_commands(manifest: ManifestFile) -> list[Command]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(manifest.text)
    except configparser.Error:
        return []
    found = [command("test", in_manifest_dir(manifest, "tox"), manifest, "[tox]")] if parser.has_section("tox") else []
    for section in parser.sections():
        if section.startswith("testenv:"):
            name = section.split(":", 1)[1]
            # A tox environment is a test run unless its name says otherwise (lint, docs).
            kind = command_kind(name)
            found.append(command("test" if kind == "other" else kind, in_manifest_dir(manifest, f"tox -e {name}"),
                                 manifest, f"[{section}]"))
    if parser.has_section("pytest") or parser.has_section("tool:pytest"):
        found.append(command("test", in_manifest_dir(manifest, "pytest"), manifest, "pytest]"))
    return found
