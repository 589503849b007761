"""Next.js file-based routes: the path of a page or route handler is its file's path.

Read only under a project whose package.json depends on ``next``:

- ``pages/**`` (or ``src/pages/**``): a page is ``GET /dir/name`` (``index`` is the
  directory itself), ``pages/api/**`` an API route of any method; ``_app``,
  ``_document`` and other ``_`` files are not routes.
- ``app/**/page.*`` (or ``src/app/``): ``GET`` of its directory; ``app/**/route.*``:
  one route per exported ``GET``/``POST``/... function. Route groups ``(name)`` leave
  the path, private ``_folders`` and parallel ``@slots`` are not routes.

Dynamic segments stay as written (``/users/[id]``). Known gaps: ``basePath``,
rewrites and i18n from next.config.js are not read.
"""

from __future__ import annotations

from mapper.languages.javascript.packages import read_packages
from mapper.model import FileFacts, RepoSnapshot, Route

__all__ = ["read_routes"]

_PAGE_EXTENSIONS = (".js", ".jsx", ".ts", ".tsx", ".mjs")
_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_DEPENDENCY_FIELDS = ("dependencies", "devDependencies", "peerDependencies")


def read_routes(snapshot: RepoSnapshot, facts: tuple[FileFacts, ...]) -> list[Route]:
    projects = _next_projects(snapshot)
    if not projects:
        return []
    routes: list[Route] = []
    for file_facts in facts:
        project = max((p for p in projects if p == "" or file_facts.path.startswith(p + "/")), key=len, default=None)
        if project is None or not file_facts.path.endswith(_PAGE_EXTENSIONS):
            continue
        inside = file_facts.path[len(project) + 1 :] if project else file_facts.path
        inside = inside.removeprefix("src/")
        if inside.startswith("pages/"):
            routes.extend(_page_route(file_facts, inside.removeprefix("pages/")))
        elif inside.startswith("app/"):
            routes.extend(_app_routes(file_facts, inside.removeprefix("app/")))
    return routes


def _next_projects(snapshot: RepoSnapshot) -> list[str]:
    found = []
    for package in read_packages(snapshot):
        for key in _DEPENDENCY_FIELDS:
            listed = package.field(key)
            if isinstance(listed, dict) and "next" in listed:
                found.append(package.directory if package.directory != "." else "")
                break
    return found


def _page_route(file_facts: FileFacts, rest: str) -> list[Route]:
    parts = rest.rsplit(".", 1)[0].split("/")
    if any(p.startswith("_") for p in parts):
        return []
    if parts[-1] == "index":
        parts = parts[:-1]
    method = "ANY" if parts[:1] == ["api"] else "GET"
    return [Route(method, "/" + "/".join(parts), file_facts.path, 1, "")]


def _app_routes(file_facts: FileFacts, rest: str) -> list[Route]:
    parts = rest.split("/")
    name = parts[-1].rsplit(".", 1)[0]
    folders = parts[:-1]
    if any(p.startswith(("_", "@")) for p in folders):
        return []
    path = "/" + "/".join(p for p in folders if not (p.startswith("(") and p.endswith(")")))
    if name == "page":
        return [Route("GET", path, file_facts.path, 1, "")]
    if name == "route":
        return [
            Route(d.name, path, file_facts.path, d.line, d.name)
            for d in file_facts.definitions
            if d.name in _HTTP_METHODS and d.public and d.qualname == d.name
        ]
    return []
