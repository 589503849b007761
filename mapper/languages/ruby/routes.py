"""Rails ``resources :orders`` in config/routes.rb: the seven REST routes it stands for.

``only:`` and ``except:`` narrow them. Nesting (``resources :a do resources :b end``),
``namespace``/``scope`` prefixes and the singular ``resource`` are not read.
"""

from __future__ import annotations

import re

from mapper.model import FileFacts, RepoSnapshot, Route

__all__ = ["read_routes"]

# (action, method, path after /name), in Rails' own order.
_ACTIONS = (
    ("index", "GET", ""), ("create", "POST", ""), ("new", "GET", "/new"),
    ("show", "GET", "/:id"), ("edit", "GET", "/:id/edit"), ("update", "PATCH", "/:id"),
    ("destroy", "DELETE", "/:id"),
)
_WORD = re.compile(r"\w+")


def read_routes(snapshot: RepoSnapshot, facts: tuple[FileFacts, ...]) -> list[Route]:
    routes = []
    for file_facts in facts:
        only = {m.line: set(_WORD.findall(m.name)) for m in file_facts.markers if m.kind == "resources_only"}
        excluded = {m.line: set(_WORD.findall(m.name)) for m in file_facts.markers if m.kind == "resources_except"}
        for marker in file_facts.markers:
            if marker.kind != "resources":
                continue
            name = marker.name.lstrip(":")
            for action, method, tail in _ACTIONS:
                if marker.line in only and action not in only[marker.line]:
                    continue
                if action in excluded.get(marker.line, ()):
                    continue
                routes.append(Route(method, f"/{name}{tail}", file_facts.path, marker.line, f"{name}#{action}"))
    return routes
