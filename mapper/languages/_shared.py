"""Small helpers that language folders share for reading manifests."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from mapper.model import Command, EntryPoint, Evidence, FileFacts, ManifestFile, RepoSnapshot

__all__ = [
    "imports_package",
    "line_of", "load_toml", "load_json", "manifests_named", "command", "entry",
    "dir_of", "join", "command_kind", "shared_directories", "run_in", "in_manifest_dir", "topmost",
    "route_path",
]


def line_of(text: str, *needles: str) -> int:
    """1-based line of the first needle found (in order), else 1."""
    for needle in needles:
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return 1


def load_toml(manifest: ManifestFile) -> dict[str, Any]:
    try:
        return tomllib.loads(manifest.text)
    except (tomllib.TOMLDecodeError, ValueError):
        return {}


_JSON_COMMENTS = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMAS = re.compile(r",(\s*[}\]])")


def load_json(manifest: ManifestFile, *, allow_comments: bool = False) -> dict[str, Any]:
    """Parse JSON; with ``allow_comments``, JSONC as tsconfig files are written."""
    text = manifest.text
    if allow_comments:
        text = _JSON_COMMENTS.sub(lambda m: m.group(1) or "", text)
        text = _TRAILING_COMMAS.sub(r"\1", text)
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def manifests_named(snapshot: RepoSnapshot, *names: str) -> list[ManifestFile]:
    wanted = set(names)
    return [m for m in snapshot.manifests if m.path.rsplit("/", 1)[-1] in wanted]


def shared_directories(a: str, b: str) -> int:
    """How many leading path parts two repo paths share (to prefer the nearest match)."""
    count = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        count += 1
    return count


def run_in(directory: str, text: str) -> str:
    """A command as run from the repository root: ``cd DIR && text`` for a nested project."""
    return f"cd {directory} && {text}" if directory else text


def in_manifest_dir(manifest: ManifestFile, text: str) -> str:
    return run_in(dir_of(manifest.path), text)


def topmost(manifests: list[ManifestFile]) -> list[ManifestFile]:
    """Manifests with no other of the same kind in a folder above them (a nested project
    is built by its parent)."""
    directories = {dir_of(m.path) for m in manifests}
    return [m for m in manifests if not any(_is_above(d, dir_of(m.path)) for d in directories)]


def _is_above(directory: str, other: str) -> bool:
    return directory != other and (directory == "" or other.startswith(directory + "/"))


def dir_of(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def join(directory: str, name: str) -> str:
    return f"{directory}/{name}" if directory else name


def command(kind: str, text: str, manifest: ManifestFile, *needles: str) -> Command:
    return Command(kind, text, Evidence(manifest.path, line_of(manifest.text, *needles), "defined here"))


def entry(kind: str, name: str, target: str, path: str, line: int, reason: str) -> EntryPoint:
    return EntryPoint(kind, name, target, Evidence(path, line, reason))


# Lint words are checked first: "cargo fmt --check" and "tox -e lint" are linting.
_KIND_WORDS = (
    ("lint", ("lint", "fmt", "format", "style", "typecheck", "mypy", "ruff", "flake8", "precommit", "clippy", "vet",
              "black", "isort", "pylint", "prettier", "eslint", "golangci", "rubocop")),
    ("test", ("test", "tests", "pytest", "tox", "nox", "check", "coverage", "cov", "e2e", "unit")),
    ("build", ("build", "compile", "dist", "package", "wheel", "docs", "release")),
    ("install", ("install", "setup", "bootstrap")),
    ("run", ("run", "serve", "server", "start", "dev", "watch")),
)


def command_kind(name: str) -> str:
    """Classify a named task (``test``, ``lint:fix``, ``serve``) by its words."""
    words = set(re.split(r"[^a-z0-9]+", name.lower()))
    if {"pre", "commit"} <= words:
        words.add("precommit")  # pre-commit runs the linters; release:commit_version does not
    for kind, vocabulary in _KIND_WORDS:
        if words & set(vocabulary):
            return kind
    return "other"


def route_path(prefix: str, path: str) -> str:
    """A route's path under a prefix, with one leading '/': ``("/orders", "{id}")`` ->
    ``/orders/{id}``, ``("api/orders", "")`` -> ``/api/orders``, ``("", "x/")`` -> ``/x/``."""
    prefix, path = prefix.strip(), path.strip()
    if not prefix:
        joined = path
    elif not path or path == "/":
        joined = prefix
    else:
        joined = prefix.rstrip("/") + "/" + path.lstrip("/")
    return joined if joined.startswith("/") else "/" + joined


def imports_package(facts: FileFacts, packages: tuple[str, ...]) -> bool:
    """Whether the file imports one of ``packages`` or a module inside one
    (``click``, ``celery.schedules``, ``clap::Parser``, ``github.com/spf13/cobra``)."""
    for site in facts.imports:
        source = site.source.strip("\"'")
        for package in packages:
            if source == package or source.startswith((f"{package}.", f"{package}/", f"{package}::")):
                return True
    return False
