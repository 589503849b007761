"""Entry points and commands of Go modules: ``package main`` files, go.mod, golangci-lint."""

from __future__ import annotations

from mapper.languages._shared import command, dir_of, entry, in_manifest_dir, manifests_named
from mapper.languages.go.resolve import read_modules
from mapper.model import Command, EntryPoint, FileFacts, RepoSnapshot

__all__ = ["read_commands", "file_entry_points", "read_project_name"]

_GOLANGCI_CONFIGS = (".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json")


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    """A ``package main`` file with ``func main`` makes its directory a program."""
    if facts.path.endswith("_test.go"):
        return []
    is_main_package = any(m.kind == "package" and m.name == "main" for m in facts.markers)
    mains = [m for m in facts.markers if m.kind == "main_func"]
    if not is_main_package or not mains:
        return []
    directory = dir_of(facts.path)
    name = directory or "."
    target = f"go run ./{directory}" if directory else "go run ."
    return [entry("entry.go_main", name, target, facts.path, mains[0].line, "package main with func main")]


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    """The root module's path (``example.com/bookshelf``): what Go users call it."""
    return next((m.path for m in read_modules(snapshot) if not m.directory), None)


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    for manifest in manifests_named(snapshot, "go.mod"):
        found.append(command("build", in_manifest_dir(manifest, "go build ./..."), manifest, "module "))
        found.append(command("test", in_manifest_dir(manifest, "go test ./..."), manifest, "module "))
    found.extend(_golangci_commands(snapshot))
    return found



def _golangci_commands(snapshot: RepoSnapshot) -> list[Command]:
    # Only a config file or a CI step says the project really uses golangci-lint.
    configs = [m for m in manifests_named(snapshot, *_GOLANGCI_CONFIGS) if "/" not in m.path]
    if configs:
        return [command("lint", "golangci-lint run", configs[0])]
    for manifest in snapshot.manifests:
        if _is_ci(manifest.path) and "golangci" in manifest.text:
            return [command("lint", "golangci-lint run", manifest, "golangci")]
    return []


def _is_ci(path: str) -> bool:
    return path.startswith(".github/workflows/") or path == ".gitlab-ci.yml"
