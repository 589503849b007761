"""Commands the repository's own files define: install, test, lint, build, run."""

from __future__ import annotations

from mapper.analyze.tooling import read_tooling_commands
from mapper.languages.registry import LanguageRegistry
from mapper.model import Command, RepoSnapshot

__all__ = ["find_commands", "KIND_ORDER"]

KIND_ORDER = ("install", "test", "lint", "build", "run", "other")
# The plain names of each kind: `make test`, `go test ./...` and `cargo build` come
# before `make ui-test` or `make check-generated-promql-functions` (prometheus).
_STANDARD_WORDS = {
    "install": frozenset({"install"}), "test": frozenset({"test", "check"}), "lint": frozenset({"lint"}),
    # Not `run`: every `npm run X` has it.
    "build": frozenset({"build"}), "run": frozenset({"start", "serve"}),
}


def find_commands(snapshot: RepoSnapshot, registry: LanguageRegistry) -> tuple[Command, ...]:
    found: list[Command] = []
    for language in registry.languages:
        found.extend(language.spec.read_commands(snapshot))
    found.extend(read_tooling_commands(snapshot))
    unique: dict[str, Command] = {}
    for item in sorted(found, key=_order):
        unique.setdefault(item.command, item)  # first source of truth wins
    return tuple(sorted(unique.values(), key=_order))


def _order(item: Command) -> tuple:
    rank = KIND_ORDER.index(item.kind) if item.kind in KIND_ORDER else len(KIND_ORDER)
    # Root manifests and CI first, whatever the kind: they are what a newcomer runs;
    # commands of nested projects (examples, sub-packages) follow.
    nested = "/" in item.evidence.path and not item.evidence.path.startswith(".github/")
    # Within a kind, a command that names the kind plainly comes first.
    standard = not _STANDARD_WORDS.get(item.kind, frozenset()).isdisjoint(item.command.split())
    return (nested, rank, not standard, item.evidence.path.count("/"), item.evidence.path, item.evidence.line,
            item.command)
