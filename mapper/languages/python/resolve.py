"""Python import resolution: packages, relative imports, ``src/`` layouts, scripts.

A file's module name is taken from its nearest *root*: the first directory above it
without an ``__init__.py``. That covers flat layouts, ``src/`` layouts and monorepos
with several projects, without configuration.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mapper.languages._shared import dir_of, join, shared_directories
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import ImportSite

__all__ = ["PythonResolver", "module_name", "make_resolver"]

_SUFFIXES = (".py", ".pyi")


def _strip_suffix(path: str) -> str:
    for suffix in _SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def module_name(path: str, python_paths: frozenset[str]) -> str:
    """Dotted module name of ``path`` relative to its nearest root."""
    parts = _strip_suffix(path).split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    directories = path.split("/")[:-1]
    start = len(directories)
    while start > 0 and "/".join(directories[:start]) + "/__init__.py" in python_paths:
        start -= 1
    return ".".join(parts[start:])


@dataclass
class PythonResolver:
    python_paths: frozenset[str]
    modules: dict[str, list[str]]

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        if site.source.startswith("."):
            return self._resolve_relative(importer, site)
        candidates = []
        if site.name:
            candidates.append(f"{site.source}.{site.name}")
        dotted = site.source.split(".")
        candidates.extend(".".join(dotted[:n]) for n in range(len(dotted), 0, -1))
        for candidate in candidates:
            target = self._pick(candidate, importer)
            if target:
                return ImportTarget(targets=(target,))
        sibling = self._sibling(importer, dotted[0])
        if sibling:
            return ImportTarget(targets=(sibling,))
        return ImportTarget(external=dotted[0])

    def _resolve_relative(self, importer: str, site: ImportSite) -> ImportTarget:
        level = len(site.source) - len(site.source.lstrip("."))
        rest = site.source[level:]
        package = dir_of(importer).split("/") if dir_of(importer) else []
        if level > 1:
            package = package[: len(package) - (level - 1)]
        base = "/".join(package + (rest.split(".") if rest else []))
        candidates = []
        if site.name:
            candidates.append(join(base, site.name))
        candidates.append(base)
        for candidate in candidates:
            target = self._file_for(candidate)
            if target:
                return ImportTarget(targets=(target,))
        return ImportTarget(external=None)

    def _file_for(self, stem: str) -> str | None:
        options = [f"{stem}.py", f"{stem}/__init__.py", f"{stem}.pyi", f"{stem}/__init__.pyi"]
        return next((o for o in options if o in self.python_paths), None)

    def _pick(self, module: str, importer: str) -> str | None:
        paths = self.modules.get(module)
        if not paths:
            return None
        # Several projects in one repo may define the same module: prefer the one
        # that shares the longest directory prefix with the importer.
        return max(paths, key=lambda p: (shared_directories(p, importer), -len(p), p))

    def _sibling(self, importer: str, first: str) -> str | None:
        # Scripts and pytest's rootdir insertion make a file's own folder importable.
        return self._file_for(join(dir_of(importer), first))


def make_resolver(context: ResolveContext) -> PythonResolver:
    python_paths = frozenset(p for p in context.source_paths if p.endswith(_SUFFIXES))
    modules: dict[str, list[str]] = defaultdict(list)
    for path in sorted(python_paths):
        name = module_name(path, python_paths)
        if name:
            modules[name].append(path)
    return PythonResolver(python_paths, dict(modules))
