"""Ruby require resolution: ``require_relative`` beside the file, ``require`` on a load path.

The load path is what Ruby projects put on ``$LOAD_PATH``: every ``lib/`` directory
(the top-level one first, then those of gems and engines in the repository), the
repository root, Rails ``app/*`` directories, and ``spec/`` and ``test/`` (RSpec and
Rake's test task add them). Among several hits the one nearest the requiring file
wins. A ``require`` found nowhere is a gem, named by its first path segment
(``active_support/core_ext`` -> ``active_support``); ``net/...`` standard libraries keep
two segments (``net/http``), since ``net`` alone names nothing. ``require_relative``
and ``load`` name files of the project, so what they miss stays unresolved.

Rails autoloading (constants found by file name, with no require at all) is not
followed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from mapper.languages._shared import dir_of, shared_directories
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import ImportSite

__all__ = ["RubyResolver", "make_resolver", "gem_name"]

_SUFFIX = ".rb"
_LIB = "lib"
_APP = "app"
_TEST_DIRS = ("spec", "test")
_NAMESPACE_ONLY = frozenset({"net"})  # first segments that name no library by themselves


def gem_name(feature: str) -> str:
    """The gem a ``require`` names: its first path segment (two for ``net/...``)."""
    parts = [p for p in feature.removesuffix(_SUFFIX).split("/") if p]
    if not parts:
        return feature
    if parts[0] in _NAMESPACE_ONLY and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def _normalise(path: str) -> str | None:
    normal = posixpath.normpath(path) if path else ""
    if normal.startswith("..") or normal.startswith("/"):
        return None
    return "" if normal == "." else normal


def _with_suffix(path: str) -> str:
    return path if path.endswith(_SUFFIX) or path.endswith(".rake") else path + _SUFFIX


@dataclass(frozen=True)
class RubyResolver:
    source_paths: frozenset[str]
    load_path: tuple[str, ...]  # '' is the repository root

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        feature = site.source.strip()
        if not feature:
            return ImportTarget()
        if site.kind == "relative":
            return self._found(self._beside(importer, feature))
        if feature.startswith(("./", "../")) or site.kind == "load":
            # Relative to the working directory, which is the root when tasks run.
            return self._found(self._file(feature) or self._beside(importer, feature))
        found = self._on_load_path(importer, feature)
        if found is not None:
            return ImportTarget(targets=(found,))
        return ImportTarget(external=gem_name(feature))

    def _found(self, path: str | None) -> ImportTarget:
        return ImportTarget(targets=(path,)) if path else ImportTarget()

    def _file(self, path: str) -> str | None:
        normal = _normalise(path)
        if normal is None:
            return None
        candidate = _with_suffix(normal)
        return candidate if candidate in self.source_paths else None

    def _beside(self, importer: str, feature: str) -> str | None:
        return self._file(posixpath.join(dir_of(importer), feature))

    def _on_load_path(self, importer: str, feature: str) -> str | None:
        hits = [
            (index, path) for index, directory in enumerate(self.load_path)
            if (path := self._file(posixpath.join(directory, feature))) is not None
        ]
        if not hits:
            return None
        # A gem or engine in the repository requires its own files first.
        return max(hits, key=lambda hit: (shared_directories(hit[1], importer), -hit[0]))[1]



def _load_path(source_paths: frozenset[str]) -> tuple[str, ...]:
    directories = {d for p in source_paths for d in _ancestors(dir_of(p))}
    libs = sorted((d for d in directories if d.rsplit("/", 1)[-1] == _LIB), key=lambda d: (d != _LIB, d))
    app_dirs = sorted(d for d in directories if dir_of(d) == _APP)
    tests = [d for d in _TEST_DIRS if d in directories]
    return tuple(dict.fromkeys([*libs, "", *app_dirs, *tests]))


def _ancestors(directory: str) -> list[str]:
    parts = directory.split("/") if directory else []
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


def make_resolver(context: ResolveContext) -> RubyResolver:
    ruby_paths = frozenset(p for p in context.source_paths if p.endswith((_SUFFIX, ".rake")))
    return RubyResolver(ruby_paths, _load_path(ruby_paths))
