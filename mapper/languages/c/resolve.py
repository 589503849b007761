"""C and C++ include resolution, shared by both language folders.

``#include "x.h"`` is looked up next to the including file, then on the include path;
``#include <x.h>`` on the include path only, as compilers do. The include path is
what the build files declare (CMake ``include_directories`` /
``target_include_directories``, meson ``include_directories``, Makefile ``-I``), then
the conventional places: top-level ``include/``, ``inc/``, ``src/``, the repository
root and every other directory named ``include``. A quoted include still not found
is matched by its path ending (``"net/socket.h"`` -> ``lib/net/socket.h``), since
build systems add directories this reader cannot see.

What stays unfound is external, named by the header path as written (``stdio.h``,
``curl/curl.h``), the way a compiler falls back to the system headers; except a quoted
path that starts with ``.`` or with one of the repository's top-level folders
(``"src/version.h"``, generated at build time): that one is the project's own and stays
unresolved.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from mapper.languages._shared import dir_of, shared_directories
from mapper.languages.c.build import declared_include_dirs, normalise_path
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import ImportSite, RepoSnapshot

__all__ = ["IncludeResolver", "make_resolver", "header_path", "INCLUDE_KINDS"]

INCLUDE_KINDS = frozenset({"local", "system"})
_CONVENTIONAL_DIRS = ("include", "inc", "src", "")
_INCLUDE_DIR_NAME = "include"


def header_path(site: ImportSite) -> str:
    """The header as written, without the ``<>`` of a system include."""
    source = site.source.strip()
    if source.startswith("<") and source.endswith(">"):
        return source[1:-1].strip()
    return source


@dataclass(frozen=True)
class IncludeResolver:
    source_paths: frozenset[str]
    include_dirs: tuple[str, ...]  # search order; '' is the repository root
    by_name: dict[str, tuple[str, ...]]  # file name -> repository paths ending in it
    top_directories: frozenset[str]  # the repository's top-level folders

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        if site.kind not in INCLUDE_KINDS:
            return ImportTarget()  # `using` declarations and namespace aliases name no file
        header = header_path(site)
        if not header:
            return ImportTarget()
        found = self._on_include_path(importer, header, site.kind == "local")
        if found is None and site.kind == "local":
            found = self._by_ending(importer, header)
        if found is not None:
            return ImportTarget(targets=(found,))
        if site.kind == "local" and self._is_own(header):
            return ImportTarget()
        return ImportTarget(external=header)

    def _is_own(self, header: str) -> bool:
        """A quoted path into one of the repository's folders (``src/version.h``, generated
        or not a source) or relative to the includer (``./x.h``) is the project's own."""
        first = header.split("/", 1)[0]
        return header.startswith(".") or ("/" in header and first in self.top_directories)

    def _on_include_path(self, importer: str, header: str, beside_importer: bool) -> str | None:
        directories = ((dir_of(importer),) if beside_importer else ()) + self.include_dirs
        for directory in directories:
            candidate = normalise_path(posixpath.join(directory, header))
            if candidate is not None and candidate in self.source_paths:
                return candidate
        return None

    def _by_ending(self, importer: str, header: str) -> str | None:
        name = header.rsplit("/", 1)[-1]
        suffix = "/" + header.lstrip("./")
        matches = [p for p in self.by_name.get(name, ()) if ("/" + p).endswith(suffix)]
        if not matches:
            return None
        # Several copies (per-platform headers, say): the one nearest the importer.
        return max(matches, key=lambda p: (shared_directories(p, importer), -len(p), p))


def _include_directories(source_paths: frozenset[str], declared: tuple[str, ...]) -> tuple[str, ...]:
    present = {dir_of(p) for p in source_paths}
    ancestors = {"/".join(d.split("/")[:n]) for d in present for n in range(1, d.count("/") + 2)}
    anywhere = sorted(
        d for d in ancestors if d.rsplit("/", 1)[-1] == _INCLUDE_DIR_NAME and d != _INCLUDE_DIR_NAME
    )
    ordered = [d for d in declared if d in ancestors or d == ""]
    ordered.extend(d for d in _CONVENTIONAL_DIRS if d in ancestors or d == "")
    ordered.extend(anywhere)
    return tuple(dict.fromkeys(ordered))


def _index_by_name(source_paths: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for path in sorted(source_paths):
        index[path.rsplit("/", 1)[-1]].append(path)
    return {name: tuple(paths) for name, paths in index.items()}


def _top_directories(snapshot: RepoSnapshot) -> frozenset[str]:
    paths = [s.path for s in snapshot.sources] + list(snapshot.other_files) + [m.path for m in snapshot.manifests]
    return frozenset(p.split("/", 1)[0] for p in paths if "/" in p)


def make_resolver(context: ResolveContext) -> IncludeResolver:
    return IncludeResolver(
        source_paths=context.source_paths,
        include_dirs=_include_directories(context.source_paths, declared_include_dirs(context.snapshot)),
        by_name=_index_by_name(context.source_paths),
        top_directories=_top_directories(context.snapshot),
    )
