"""axum and actix-web routes: ``.route("/path", get(handler).post(other))`` and
``.route("/path", web::get().to(handler))``, read from the ``route`` markers that
facts.scm leaves on each ``.route(...)`` call, in files that use either framework.

Routes inside a ``mod tests`` are left out. ``.nest("/api", router)`` prefixes and
attribute macros (``#[get("/")]``) are not read.
"""

from __future__ import annotations

import re

from mapper.languages._shared import imports_package
from mapper.model import FileFacts, RepoSnapshot, Route

__all__ = ["read_routes"]

_FRAMEWORKS = ("axum", "actix_web")
_PATH = re.compile(r'\(\s*"((?:[^"\\]|\\.)*)"\s*,')
# get(handler), routing::post(module::handler), web::get().to(handler), any(h)
_METHOD = re.compile(
    r"\b(get|post|put|delete|patch|head|options|trace|any)\s*\(\s*([A-Za-z_][\w:]*)?\s*\)"
    r"(?:\s*\.\s*to\s*\(\s*([A-Za-z_][\w:]*))?"
)


def read_routes(snapshot: RepoSnapshot, facts: tuple[FileFacts, ...]) -> list[Route]:
    routes = []
    for file_facts in facts:
        if not imports_package(file_facts, _FRAMEWORKS):
            continue
        # Unit tests live inside the source file (``#[cfg(test)] mod tests``); the
        # routers they build are fixtures, not the application's routes.
        test_spans = [(d.line, d.end_line) for d in file_facts.definitions
                      if d.kind == "module" and d.name in ("test", "tests")]
        for marker in file_facts.markers:
            if marker.kind == "route" and not any(a <= marker.line <= b for a, b in test_spans):
                routes.extend(_routes_of(file_facts.path, marker.line, marker.name))
    return routes


def _routes_of(path: str, line: int, arguments: str) -> list[Route]:
    found = _PATH.match(arguments)
    if found is None:
        return []
    rest = arguments[found.end():]
    routes = []
    for match in _METHOD.finditer(rest):
        method = "ANY" if match.group(1) == "any" else match.group(1).upper()
        handler = (match.group(2) or match.group(3) or "").replace("::", ".")
        routes.append(Route(method, found.group(1), path, line, handler))
    return routes
