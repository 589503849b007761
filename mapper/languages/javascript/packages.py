"""package.json files and npm workspaces, shared by the resolver and the manifest readers."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mapper.languages._shared import dir_of, load_json, manifests_named
from mapper.model import ManifestFile, RepoSnapshot

__all__ = [
    "PackageJson", "read_packages", "workspace_members", "conditional_target",
    "plain_specifier", "expand_wildcard", "exports_target",
]

# Condition names tried in package.json "exports"/"imports" objects. "source" is the
# convention monorepos use to point at untranspiled code; "types" is the last resort
# because it usually names a .d.ts file.
_CONDITIONS = ("source", "import", "module", "default", "require", "node", "browser", "types")
_REGISTRY_PREFIXES = ("npm:", "jsr:")
_PNPM_ITEM = re.compile(r"""^\s*-\s*['"]?([^'"#\s]+)['"]?""")


@dataclass(frozen=True)
class PackageJson:
    """One package.json: where it is, its parsed fields, and its text for line numbers."""

    manifest: ManifestFile
    data: dict[str, Any]

    @property
    def path(self) -> str:
        return self.manifest.path

    @property
    def directory(self) -> str:
        return dir_of(self.manifest.path)

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else ""

    def field(self, key: str) -> Any:
        return self.data.get(key)


def read_packages(snapshot: RepoSnapshot) -> tuple[PackageJson, ...]:
    """Every parseable package.json in the repository, sorted by path."""
    found = [PackageJson(m, load_json(m)) for m in manifests_named(snapshot, "package.json")]
    return tuple(sorted((p for p in found if p.data), key=lambda p: p.path))


def plain_specifier(specifier: str) -> str:
    """The module a specifier names, without a built-in or registry prefix.

    ``node:fs`` and ``fs`` are the same module; Deno's ``npm:chalk@5/x`` and
    ``jsr:@std/assert@1`` name the packages ``chalk`` and ``@std/assert`` (version dropped).
    """
    if specifier.startswith("node:"):
        return specifier[len("node:"):]
    for prefix in _REGISTRY_PREFIXES:
        if specifier.startswith(prefix):
            parts = specifier[len(prefix):].lstrip("/").split("/")
            name = 1 if parts[0].startswith("@") and len(parts) > 1 else 0
            parts[name] = _without_version(parts[name])
            return "/".join(parts)
    return specifier


def _without_version(segment: str) -> str:
    # 'chalk@5' -> 'chalk'; the first character is skipped so '@scope' keeps its '@'.
    return segment[:1] + segment[1:].partition("@")[0]


def workspace_members(
    snapshot: RepoSnapshot, packages: tuple[PackageJson, ...]
) -> tuple[PackageJson, ...]:
    """Named packages that an npm/yarn/bun ``workspaces`` field or pnpm-workspace.yaml lists."""
    members: dict[str, PackageJson] = {}
    for root, patterns in _workspace_declarations(snapshot, packages):
        for package in packages:
            if not package.name or package.directory == root:
                continue
            if _listed(package.directory, root, patterns):
                members.setdefault(package.path, package)
    return tuple(sorted(members.values(), key=lambda p: p.path))


def _workspace_declarations(
    snapshot: RepoSnapshot, packages: tuple[PackageJson, ...]
) -> list[tuple[str, list[str]]]:
    declared = []
    for package in packages:
        field = package.field("workspaces")
        if isinstance(field, dict):  # yarn's {"packages": [...], "nohoist": [...]}
            field = field.get("packages")
        if isinstance(field, list):
            declared.append((package.directory, [p for p in field if isinstance(p, str)]))
    for manifest in manifests_named(snapshot, "pnpm-workspace.yaml"):
        declared.append((dir_of(manifest.path), _pnpm_patterns(manifest.text)))
    return declared


def _pnpm_patterns(text: str) -> list[str]:
    # Just enough YAML for the one list pnpm reads: the items under "packages:".
    patterns: list[str] = []
    inside = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace() and not line.startswith("-"):
            inside = line.split(":", 1)[0].strip() == "packages"
            continue
        item = _PNPM_ITEM.match(line)
        if inside and item:
            patterns.append(item.group(1))
    return patterns


def _listed(directory: str, root: str, patterns: list[str]) -> bool:
    if root and not directory.startswith(root + "/"):
        return False
    relative = directory[len(root) + 1:] if root else directory
    included = False
    for pattern in patterns:  # later patterns win, as negations come after inclusions
        negated = pattern.startswith("!")
        if _glob_matches(pattern.lstrip("!"), relative):
            included = not negated
    return included


def _glob_matches(pattern: str, path: str) -> bool:
    """Segment-wise glob: ``*`` stays inside one directory, ``**`` spans any number."""
    pattern_parts = [p for p in pattern.strip().removeprefix("./").strip("/").split("/") if p]
    path_parts = [p for p in path.split("/") if p]
    return _match_parts(pattern_parts, path_parts)


def _match_parts(pattern: list[str], path: list[str]) -> bool:
    if not pattern:
        return not path
    if pattern[0] == "**":
        return any(_match_parts(pattern[1:], path[i:]) for i in range(len(path) + 1))
    if not path or not fnmatch.fnmatchcase(path[0], pattern[0]):
        return False
    return _match_parts(pattern[1:], path[1:])


def conditional_target(value: Any) -> str | None:
    """The path an "exports"/"imports" value leads to, whatever conditions wrap it."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((t for t in map(conditional_target, value) if t), None)
    if isinstance(value, dict):
        for condition in _CONDITIONS:
            if condition in value:
                target = conditional_target(value[condition])
                if target:
                    return target
        return next((t for t in map(conditional_target, value.values()) if t), None)
    return None


def expand_wildcard(patterns: Iterable[str], key: str) -> tuple[str, str] | None:
    """The pattern that ``key`` matches and the text its ``*`` stands for.

    An exact pattern wins; otherwise the one with the longest text before ``*``, as tsc
    and Node both choose.
    """
    best: tuple[str, str] | None = None
    for pattern in patterns:
        if pattern == key:
            return pattern, ""
        prefix, star, suffix = pattern.partition("*")
        if not star or not key.startswith(prefix) or not key.endswith(suffix):
            continue
        if len(key) < len(prefix) + len(suffix):
            continue
        if best is None or len(prefix) > len(best[0].partition("*")[0]):
            best = (pattern, key[len(prefix): len(key) - len(suffix)])
    return best


def exports_target(exports: Any, subpath: str) -> str | None:
    """What package.json ``exports`` gives for ``subpath`` ('.' or './x')."""
    if exports is None:
        return None
    keyed = isinstance(exports, dict) and any(k.startswith(".") for k in exports)
    if not keyed:  # a string, array or bare conditions object: only the main entry
        return conditional_target(exports) if subpath == "." else None
    matched = expand_wildcard(exports, subpath)
    if not matched:
        return None
    target = conditional_target(exports[matched[0]])
    return target.replace("*", matched[1]) if target else None
