"""Go import resolution: go.mod module paths map import paths onto package directories.

An import path inside a module of the repository reaches every non-test ``.go`` file
of one directory (a Go package is a directory), so one import can give several
targets. Standard-library paths (no dot in the first element) are external under
their full path; other paths are external under the module that provides them.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from mapper.languages._shared import dir_of, join, manifests_named
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import ImportSite, RepoSnapshot

__all__ = ["GoModule", "GoResolver", "make_resolver", "read_modules", "is_standard_library"]

_MODULE_LINE = re.compile(r"^\s*module\s+\"?([^\s\"]+)\"?", re.MULTILINE)
_REQUIRE_BLOCK = re.compile(r"^\s*require\s*\((.*?)\)", re.MULTILINE | re.DOTALL)
_REQUIRE_LINE = re.compile(r"^\s*require\s+\"?([^\s\"(]+)\"?\s", re.MULTILINE)
_BLOCK_ITEM = re.compile(r"^\s*\"?([^\s\"/][^\s\"]*)\"?\s+v", re.MULTILINE)
# Hosts whose module paths are host/owner/repository, so that a sub-package import
# without a go.mod `require` still names its module.
_THREE_ELEMENT_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "golang.org")


@dataclass(frozen=True)
class GoModule:
    """One go.mod: its module path, where it lives, and the modules it requires."""

    path: str
    directory: str
    requires: tuple[str, ...]


def read_modules(snapshot: RepoSnapshot) -> tuple[GoModule, ...]:
    modules = []
    for manifest in manifests_named(snapshot, "go.mod"):
        match = _MODULE_LINE.search(manifest.text)
        if match:
            modules.append(
                GoModule(match.group(1), dir_of(manifest.path), _requirements(manifest.text))
            )
    return tuple(modules)


def _requirements(text: str) -> tuple[str, ...]:
    found = [m.group(1) for m in _REQUIRE_LINE.finditer(text)]
    for block in _REQUIRE_BLOCK.finditer(text):
        found.extend(m.group(1) for m in _BLOCK_ITEM.finditer(block.group(1)))
    return tuple(sorted(set(found)))


def is_standard_library(import_path: str) -> bool:
    return "." not in import_path.split("/", 1)[0]


@dataclass(frozen=True)
class GoResolver:
    modules: tuple[GoModule, ...]
    packages: dict[str, tuple[str, ...]]  # directory -> its non-test .go files
    requirements: tuple[str, ...]  # every required module path, longest first

    @functools.cached_property
    def _required(self) -> frozenset[str]:
        return frozenset(self.requirements)

    @functools.cached_property
    def _modules_by_path(self) -> dict[str, tuple[GoModule, ...]]:
        by_path: dict[str, list[GoModule]] = defaultdict(list)
        for module in self.modules:
            by_path[module.path].append(module)
        return {path: tuple(modules) for path, modules in by_path.items()}

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        import_path = site.source
        module = self._module_for(import_path, importer)
        if module is not None:
            rest = import_path[len(module.path) :].lstrip("/")
            # A directory with no parsed files (only generated code, say) stays
            # unresolved rather than being mislabelled as an external package.
            return ImportTarget(targets=self.packages.get(join(module.directory, rest), ()))
        if is_standard_library(import_path):
            return ImportTarget(external=import_path)
        return ImportTarget(external=self._providing_module(import_path))

    def _module_for(self, import_path: str, importer: str) -> GoModule | None:
        # Looked up by the import path's own prefixes, not by testing every module: a
        # Go monorepo has many go.mod files and every import asks.
        by_path = self._modules_by_path
        matches = [m for prefix in _prefixes(import_path) for m in by_path.get(prefix, ())]
        if not matches:
            return None
        # Copies of one module path in a repo: prefer the module holding the importer.
        return max(matches, key=lambda m: (len(m.path), _contains(m.directory, importer), m.directory))

    def _providing_module(self, import_path: str) -> str:
        # Longest first, so a nested module (x/tools/gopls) wins over its parent.
        for prefix in _prefixes(import_path):
            if prefix in self._required:
                return prefix
        parts = import_path.split("/")
        if parts[0] in _THREE_ELEMENT_HOSTS and len(parts) > 3:
            return "/".join(parts[:3])
        return import_path


def _prefixes(import_path: str) -> list[str]:
    """``a/b/c`` -> ``a/b/c``, ``a/b``, ``a``: the module paths it may lie in, longest first."""
    parts = import_path.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]


def _contains(directory: str, path: str) -> bool:
    return not directory or path.startswith(directory + "/")


def _package_directories(source_paths: frozenset[str]) -> dict[str, tuple[str, ...]]:
    packages: dict[str, list[str]] = defaultdict(list)
    for path in sorted(source_paths):
        if path.endswith(".go") and not path.endswith("_test.go"):
            packages[dir_of(path)].append(path)
    return {directory: tuple(files) for directory, files in packages.items()}


def make_resolver(context: ResolveContext) -> GoResolver:
    modules = read_modules(context.snapshot)
    requirements = sorted({r for m in modules for r in m.requires}, key=lambda r: (-len(r), r))
    return GoResolver(modules, _package_directories(context.source_paths), tuple(requirements))
