"""JavaScript and TypeScript import resolution (shared by both language folders).

Specifiers are tried in the order Node and tsc use: relative paths; package.json
``imports`` (``#name``); the nearest tsconfig/jsconfig's ``paths`` and then ``baseUrl``;
workspace packages by name; anything else bare is an external package. A path is
completed the way bundlers and tsc complete it: ``.ts``/``.js``-family suffixes,
``/index.*``, and ``./x.js`` written for ``x.ts`` on disk.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mapper.languages._shared import dir_of, join, load_json, manifests_named
from mapper.languages.javascript.packages import (
    PackageJson, conditional_target, expand_wildcard, exports_target, read_packages,
    plain_specifier, workspace_members,
)
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import ImportSite, ManifestFile, RepoSnapshot

__all__ = [
    "SOURCE_SUFFIXES", "ModuleResolver", "PathConfig", "external_package", "load_path_configs",
    "make_resolver", "normalise",
]

_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_JS_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs")
SOURCE_SUFFIXES = _TS_SUFFIXES + _JS_SUFFIXES
# A TypeScript importer prefers TypeScript when both x.ts and a compiled x.js exist.
_TS_FIRST = _TS_SUFFIXES + (".d.ts",) + _JS_SUFFIXES
_JS_FIRST = _JS_SUFFIXES + _TS_SUFFIXES + (".d.ts",)
# ESM TypeScript imports name the compiled file: './x.js' means x.ts (or x.d.ts) on disk.
_WRITTEN_AS = {
    ".js": (".ts", ".tsx", ".d.ts"), ".jsx": (".tsx",), ".mjs": (".mts", ".d.mts"),
    ".cjs": (".cts", ".d.cts"),
}
# Declared entry points often name build output that is not committed; the source
# usually sits at the same place under src/, sometimes without the module-format folder
# (dist/cjs/index.js -> src/index.ts).
_BUILD_DIRS = ("dist/", "lib/", "build/", "out/")
_FORMAT_DIRS = ("cjs/", "esm/", "mjs/", "es/", "umd/", "node/", "browser/", "types/")
_CONFIG_NAMES = ("tsconfig.json", "jsconfig.json")
_PACKAGE_NAME = re.compile(r"(@[A-Za-z0-9_][\w.~-]*/)?[A-Za-z0-9_][\w.~-]*")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://|^data:", re.IGNORECASE)


def normalise(path: str) -> str | None:
    """Collapse ``.`` and ``..``; None when the path climbs out of the repository."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def external_package(specifier: str) -> str | None:
    """The npm package a bare specifier names (``@scope/name`` or its first segment)."""
    bare = plain_specifier(specifier)
    parts = bare.split("/")
    name = "/".join(parts[:2]) if bare.startswith("@") else parts[0]
    return name if _PACKAGE_NAME.fullmatch(name) else None


# --- files ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileLookup:
    """Completes a written path to a source file of the repository."""

    paths: frozenset[str]

    def find(self, written: str | None, importer: str) -> str | None:
        if written is None:
            return None
        order = _TS_FIRST if importer.endswith(_TS_SUFFIXES) else _JS_FIRST
        return next((c for c in _completions(written, order) if c in self.paths), None)

    def find_declared(self, package_dir: str, written: str, importer: str) -> str | None:
        """A path a package.json declares; build output falls back to its src/ twin."""
        relative = normalise(written.strip())
        if relative is None:
            return None
        for candidate in (relative, *_source_twins(relative)):
            found = self.find(join(package_dir, candidate), importer)
            if found:
                return found
        return None


def _completions(written: str, order: tuple[str, ...]) -> Iterator[str]:
    yield written
    if written.endswith(".d.ts"):
        stem = written[: -len(".d.ts")]
        yield from (stem + suffix for suffix in order)
    stem, suffix = posixpath.splitext(written)
    yield from (stem + actual for actual in _WRITTEN_AS.get(suffix, ()))
    yield from (written + suffix for suffix in order)
    yield from (join(written, "index") + suffix for suffix in order)


def _source_twins(relative: str) -> list[str]:
    """Where the source of a declared build path may be: ``dist/esm/cli.js`` ->
    ``src/cli.js``, ``src/cli`` (any extension); a root ``index.cjs`` -> ``src/index``."""
    stem = _without_js_extension(relative)
    for build in _BUILD_DIRS:
        if relative.startswith(build):
            rests = [relative[len(build):], stem[len(build):]]
            rests += [r[len(fmt):] for r in list(rests) for fmt in _FORMAT_DIRS if r.startswith(fmt)]
            return ["src/" + r for r in dict.fromkeys(rests)]
    return [] if relative.startswith("src/") else ["src/" + stem]


_JS_EXTENSIONS = (".d.cts", ".d.mts", ".d.ts", ".cjs", ".mjs", ".cts", ".mts", ".js", ".jsx")


def _without_js_extension(path: str) -> str:
    return next((path[: -len(e)] for e in _JS_EXTENSIONS if path.endswith(e)), path)


# --- tsconfig / jsconfig -------------------------------------------------------------------


@dataclass(frozen=True)
class PathConfig:
    """Module-resolution settings of one tsconfig/jsconfig, with ``extends`` applied."""

    base_url: str | None  # repo-relative directory
    paths: tuple[tuple[str, tuple[str, ...]], ...]
    paths_base: str  # the directory ``paths`` targets are relative to

    def candidates(self, specifier: str) -> list[str]:
        """Repo paths that ``paths`` and then ``baseUrl`` map ``specifier`` to."""
        found: list[str] = []
        table = dict(self.paths)
        matched = expand_wildcard(table, specifier)
        if matched:
            pattern, star = matched
            for target in table[pattern]:
                path = normalise(join(self.paths_base, target.replace("*", star)))
                if path is not None:
                    found.append(path)
        if self.base_url is not None:
            path = normalise(join(self.base_url, specifier))
            if path is not None:
                found.append(path)
        return found


def load_path_configs(snapshot: RepoSnapshot) -> dict[str, PathConfig]:
    """Directory -> the config that governs files below it (tsconfig over jsconfig)."""
    by_path = {m.path: m for m in snapshot.manifests}
    configs: dict[str, PathConfig] = {}
    for name in reversed(_CONFIG_NAMES):
        for manifest in manifests_named(snapshot, name):
            config = _path_config(manifest.path, by_path)
            if config is not None:
                configs[dir_of(manifest.path)] = config
    return configs


def _path_config(path: str, by_path: dict[str, ManifestFile]) -> PathConfig | None:
    base_url: str | None = None
    paths: dict[str, Any] = {}
    paths_dir = dir_of(path)
    for directory, options in _option_chain(path, by_path, frozenset()):
        if isinstance(options.get("baseUrl"), str):
            base_url = normalise(join(directory, options["baseUrl"]))
        if isinstance(options.get("paths"), dict):
            paths, paths_dir = options["paths"], directory
    table = tuple(
        (pattern, tuple(t for t in targets if isinstance(t, str)))
        for pattern, targets in sorted(paths.items())
        if isinstance(targets, list)
    )
    if base_url is None and not table:
        return None
    return PathConfig(base_url, table, base_url if base_url is not None else paths_dir)


def _option_chain(
    path: str, by_path: dict[str, ManifestFile], seen: frozenset[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(config directory, compilerOptions) pairs from the furthest base to ``path``."""
    manifest = by_path.get(path)
    if manifest is None or path in seen:
        return []
    data = load_json(manifest, allow_comments=True)
    extends = data.get("extends")
    parents = [extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []
    chain: list[tuple[str, dict[str, Any]]] = []
    for parent in parents:
        # Only relative bases live in the repository; '@tsconfig/node20' is in node_modules.
        if isinstance(parent, str) and parent.startswith("."):
            parent_path = normalise(join(dir_of(path), parent))
            if parent_path is not None:
                if not parent_path.endswith(".json"):
                    parent_path += ".json"
                chain.extend(_option_chain(parent_path, by_path, seen | {path}))
    options = data.get("compilerOptions")
    chain.append((dir_of(path), options if isinstance(options, dict) else {}))
    return chain


# --- the resolver ---------------------------------------------------------------------


@dataclass
class ModuleResolver:
    files: FileLookup
    configs: dict[str, PathConfig]
    workspaces: dict[str, PackageJson]  # package name -> its package.json
    packages_by_dir: dict[str, PackageJson]
    _nearest_config: dict[str, PathConfig | None] = field(default_factory=dict)
    # A bare specifier resolves the same way from every file that shares a tsconfig and
    # a TS/JS flavour (theia imports '@theia/core/...' 20,000 times).
    _bare_answers: dict[tuple[int, bool, str], ImportTarget] = field(default_factory=dict)

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        specifier = site.source.strip()
        if not specifier or _URL.match(specifier) or specifier.startswith("/"):
            return ImportTarget()
        if _is_relative(specifier):
            # Bundler queries ('./worker.js?worker', './logo.svg?url') are not part of the path.
            path = normalise(join(dir_of(importer), specifier.split("?", 1)[0]))
            return _target(self.files.find(path, importer))
        if specifier.startswith("#"):
            found = self._package_import(importer, specifier)
            if found.targets or found.external:
                return found
        return self._bare(importer, specifier)

    def _bare(self, importer: str, specifier: str) -> ImportTarget:
        config = self._config_for(dir_of(importer))
        key = (id(config), importer.endswith(_TS_SUFFIXES), specifier)
        answer = self._bare_answers.get(key)
        if answer is None:
            answer = self._bare_answers[key] = self._bare_uncached(config, importer, specifier)
        return answer

    def _bare_uncached(self, config: PathConfig | None, importer: str, specifier: str) -> ImportTarget:
        for candidate in config.candidates(specifier) if config else ():
            found = self.files.find(candidate, importer)
            if found:
                return ImportTarget(targets=(found,))
        found = self._workspace_module(importer, specifier)
        if found:
            return ImportTarget(targets=(found,))
        return ImportTarget(external=external_package(specifier))

    def _config_for(self, directory: str) -> PathConfig | None:
        if directory not in self._nearest_config:
            config = self.configs.get(directory)
            if config is None and directory:
                config = self._config_for(dir_of(directory))
            self._nearest_config[directory] = config
        return self._nearest_config[directory]

    def _workspace_module(self, importer: str, specifier: str) -> str | None:
        name = external_package(specifier)
        package = self.workspaces.get(name) if name else None
        if name is None or package is None:
            return None
        subpath = plain_specifier(specifier)[len(name):].lstrip("/")
        if not subpath:
            return self._package_entry(package, importer)
        exported = exports_target(package.field("exports"), f"./{subpath}")
        if exported:
            found = self.files.find_declared(package.directory, exported, importer)
            if found:
                return found
        # Without an "exports" entry a deep import names a file of the package (or, for
        # a package that publishes its build output, the same file under src/).
        return self.files.find(join(package.directory, subpath), importer) or self.files.find(
            join(package.directory, f"src/{subpath}"), importer
        )

    def _package_entry(self, package: PackageJson, importer: str) -> str | None:
        declared = [package.field(key) for key in ("source", "module", "main")]
        declared.append(exports_target(package.field("exports"), "."))
        for written in declared:
            if isinstance(written, str) and written.strip():
                found = self.files.find_declared(package.directory, written, importer)
                if found:
                    return found
        for fallback in ("src/index", "index"):
            found = self.files.find(join(package.directory, fallback), importer)
            if found:
                return found
        return None

    def _package_import(self, importer: str, specifier: str) -> ImportTarget:
        package = self._nearest_package(dir_of(importer))
        imports = package.field("imports") if package else None
        if package is None or not isinstance(imports, dict):
            return ImportTarget()
        matched = expand_wildcard(imports, specifier)
        if matched is None:
            return ImportTarget()
        pattern, star = matched
        target = (conditional_target(imports[pattern]) or "").replace("*", star)
        if not target:
            return ImportTarget()
        if _is_relative(target):
            return _target(self.files.find_declared(package.directory, target, importer))
        return self._bare(importer, target)  # "#dep": "some-package" maps to a dependency

    def _nearest_package(self, directory: str) -> PackageJson | None:
        while True:
            if directory in self.packages_by_dir:
                return self.packages_by_dir[directory]
            if not directory:
                return None
            directory = dir_of(directory)


def _is_relative(specifier: str) -> bool:
    return specifier in (".", "..") or specifier.startswith(("./", "../"))


def _target(path: str | None) -> ImportTarget:
    return ImportTarget(targets=(path,)) if path else ImportTarget()


def make_resolver(context: ResolveContext) -> ModuleResolver:
    snapshot = context.snapshot
    packages = read_packages(snapshot)
    workspaces: dict[str, PackageJson] = {}
    for member in workspace_members(snapshot, packages):
        workspaces.setdefault(member.name, member)
    return ModuleResolver(
        files=FileLookup(frozenset(p for p in context.source_paths if p.endswith(SOURCE_SUFFIXES))),
        configs=load_path_configs(snapshot),
        workspaces=workspaces,
        packages_by_dir={p.directory: p for p in packages},
    )
