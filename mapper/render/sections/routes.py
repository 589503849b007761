"""Routes (under the entry points): web path -> handler, by file, the project's own first."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from mapper.analyze.examples import ProjectScope
from mapper.model import Analysis, Route
from mapper.render.sanitize import safe_name, safe_path, safe_route_path
from mapper.render.sections.common import SectionVariants, caps, dedupe

__all__ = ["route_section", "route_texts"]

ROUTES_PER_FILE = (None, 8, 4, 2, 1)  # routes named per file, richest first
MAX_ROUTE_FILES = 40
MINOR_ROUTE_FILES = 1  # example, doc and script files named at most, after the project's own


@dataclass(frozen=True)
class RouteFile:
    path: str
    routes: tuple[str, ...]  # 'GET,POST /login -> login'
    more: int = 0  # routes of this file not named


@dataclass(frozen=True)
class RoutesView:
    files: tuple[RouteFile, ...]
    total: int  # routes in the map's files, named or not
    more_files: int = 0
    more_routes: int = 0
    standalone: bool = False  # no entry point is listed: the routes open the Entry points section


def route_texts(routes: list[Route], handlers: bool = True) -> tuple[str, ...]:
    """One text per (path, handler), methods merged: ``GET,POST /login -> login``;
    routes whose path or handler is not plain text are left out."""
    merged: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
    for route in routes:
        path = safe_route_path(route.path)
        method = route.method if route.method.isalpha() and route.method.isupper() else None
        if path is None or method is None:
            continue
        handler = _handler_text(route) if handlers else ""
        methods = merged.setdefault((path, handler), [])
        if method not in methods:
            methods.append(method)
    return tuple(f"{','.join(m)} {p}" + (f" -> {h}" if h else "") for (p, h), m in merged.items())


def _handler_text(route: Route) -> str:
    """The handler, without its class when the file is named after it
    (``OrderController.java``: ``OrderController.list`` -> ``list``)."""
    if not route.handler or not safe_name(route.handler.replace("#", ".")):
        return ""
    stem = route.file.rsplit("/", 1)[-1].split(".", 1)[0]
    return route.handler.removeprefix(f"{stem}.") or route.handler


def route_section(analysis: Analysis, scope: ProjectScope, has_entries: bool) -> SectionVariants:
    # The project's own route files first; scripts, examples and docs after them.
    by_file: OrderedDict[str, list[Route]] = OrderedDict()
    for route in analysis.routes:
        if safe_path(route.file):
            by_file.setdefault(route.file, []).append(route)

    def is_minor(path: str) -> bool:
        return not scope.is_own(path)

    order = sorted(by_file, key=lambda p: (is_minor(p), p))
    files = [(path, route_texts(by_file[path]), route_texts(by_file[path], handlers=False)) for path in order]
    files = [f for f in files if f[1]]
    # A framework's repository has dozens of example apps: a few of them say enough.
    own = [f for f in files if not is_minor(f[0])]
    files = own + [f for f in files if is_minor(f[0])]
    named_files = min(len(files), len(own) + MINOR_ROUTE_FILES, MAX_ROUTE_FILES)
    if not files:
        return SectionVariants("routes", (RoutesView((), 0),))
    total = sum(len(f[2]) for f in files)
    variants: list[RoutesView] = []

    def view(per_file: int | None, with_handlers: bool, cap: int) -> RoutesView:
        shown = []
        for path, rich, bare in files[:cap]:
            texts = rich if with_handlers else bare
            named = texts if per_file is None else texts[:per_file]
            shown.append(RouteFile(path, named, len(texts) - len(named)))
        hidden = files[cap:]
        return RoutesView(tuple(shown), total, len(hidden), sum(len(f[2]) for f in hidden), not has_entries)

    full = named_files
    for per_file in ROUTES_PER_FILE:
        variants.append(view(per_file, True, full))
    variants.append(view(1, False, full))
    for cap in caps(full, limit=MAX_ROUTE_FILES)[1:] + [0]:
        variants.append(view(1, False, cap))
    return SectionVariants("routes", tuple(dedupe(variants)))


