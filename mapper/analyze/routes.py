"""Route tables: which web paths a repository serves, and which code handles each.

Routes are derived from facts the extractor already has; nothing here names a
language or a framework:

- **Registration calls** (``app.get("/x", handler)``, ``@app.route("/x")``,
  ``path("users/<int:id>/", views.user_detail)``, ``mux.HandleFunc("GET /x", h)``):
  a call whose callee the language's ``[routes]`` table in ``knowledge.toml`` maps to
  an HTTP method, with the path as its first string argument (``CallSite.arg``). The
  handler is the ``handler`` marker on the same line (the decorated function, or the
  handler argument). A callee resolved through an import to an external package
  (``django.urls.path``) is trusted as it is; one matched only by method name on a
  local object (``app.get``) counts only when the line also passes a handler, so
  that ``client.get("/x")`` is not read as a route.
- **Annotations** (``@GetMapping("/{id}")``, ``[HttpPost]``): ``annotation`` markers
  whose name the table maps to a method, with the ``route`` marker of the same line
  as the path. The annotated method is the handler; an annotation on a class
  (``@RequestMapping("/orders")``, ``[Route("api/orders")]``) is the prefix of the
  routes of its methods. A file that imports a declarative HTTP client's annotations
  (the table's ``[route_clients]``: Retrofit, Feign...) declares calls, not routes.
- **Language hooks** (``LanguageSpec.read_routes``) for what no call names:
  file-based routing and DSLs that expand to several routes.

A methods marker (``methods=["GET", "POST"]``) on the line overrides the method the
callee implies. Prefixes: a ``group`` marker names a router variable and a ``prefix``
marker on the same line its path (``v1 := r.Group("/v1")``, ``bp = Blueprint(...,
url_prefix="/auth")``): routes registered on that variable in the file get the
prefix. A call of the table's ``MOUNT`` kind (``app.use("/api/notes", notesRouter)``)
puts the routes of the router it passes under its path: a router of the same file,
or one imported from another file (one level; a chain of mounts is not followed). A
``mount`` marker does the same with a ``prefix`` marker on its line
(``app.include_router(users.router, prefix="/users")``); a mount's path goes in front
of the router's own prefix (``APIRouter(prefix="/items")`` included under ``/api``
serves ``/api/items/...``). Test files are left out: test suites register throw-away
routes by the hundred. Paths are untrusted text; the render stage sanitises them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mapper.analyze.roles import test_reason
from mapper.languages._shared import route_path
from mapper.languages.registry import Knowledge, LanguageRegistry
from mapper.model import Definition, FileFacts, Marker, RepoSnapshot, Route
from mapper.resolve.names import NameResolver, NameResolvers

__all__ = ["find_routes", "ANY_METHOD", "HTTP_METHODS", "handler_name", "split_method"]

ANY_METHOD = "ANY"
MOUNT_KIND = "MOUNT"  # knowledge kind of a call that mounts a router under a path
GROUP_MARKER = "group"
MOUNT_MARKER = "mount"  # a router passed to a call that includes it under a prefix
PREFIX_MARKER = "prefix"
_ANY_RECEIVER = "*"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
HANDLER_MARKER = "handler"
METHODS_MARKER = "methods"
ANNOTATION_MARKER = "annotation"
ROUTE_MARKER = "route"
MAX_PATH_CHARS = 200
MAX_HANDLER_CHARS = 80
_HANDLER_KINDS = frozenset({"function", "method"})
_PREFIX_KINDS = frozenset({"class", "object", "interface", "record", "struct"})
# Words a handler expression is written with that are not part of its name
# (``[TicketController::class, 'index']``).
_HANDLER_NOISE = frozenset({"class", "new", "function", "async", "await"})
_HANDLER_WORD = re.compile(r"[A-Za-z_$][\w$]*(?:#[A-Za-z_]\w*)?")
_METHOD_WORD = re.compile(r"\b(" + "|".join(HTTP_METHODS) + r")\b", re.IGNORECASE)
# Go 1.22 patterns and the like put the method in the path: "GET /books".
_METHOD_IN_PATH = re.compile(r"(" + "|".join(HTTP_METHODS) + r")\s+(\S*)")
_PLAIN = re.compile(r"\S{0,%d}" % MAX_PATH_CHARS)
# A string built at run time is no path template: f"{self.prefix}/x", `${base}/x`, "#{x}".
_INTERPOLATED = re.compile(r"[$#]\{|\{[^}]*[.(\[+\s][^}]*\}")


def find_routes(
    snapshot: RepoSnapshot,
    facts: tuple[FileFacts, ...],
    names_by_path: NameResolvers,
    registry: LanguageRegistry,
) -> tuple[Route, ...]:
    found: list[Route] = []
    by_language: dict[str, list[FileFacts]] = {}
    with_tables: list[tuple[FileFacts, NameResolver, Knowledge]] = []
    for file_facts in facts:
        knowledge = registry.get(file_facts.language).knowledge
        if test_reason(file_facts.path, knowledge.test_paths):
            continue
        by_language.setdefault(file_facts.language, []).append(file_facts)
        if knowledge.routes.rows:
            with_tables.append((file_facts, names_by_path.get(file_facts.path) or NameResolver({}), knowledge))
    prefixes = _Prefixes()
    for file_facts, names, knowledge in with_tables:
        _add_prefixes(prefixes, file_facts, names, knowledge)
    for file_facts, names, knowledge in with_tables:
        found.extend(_call_routes(file_facts, names, knowledge, prefixes))
        found.extend(_annotation_routes(file_facts, knowledge))
    for language in registry.languages:
        own = tuple(by_language.get(language.spec.name, ()))
        if own:
            found.extend(language.spec.read_routes(snapshot, own))
    unique = {
        (r.file, r.line, r.method, r.path, r.handler): r
        for r in found
        if _PLAIN.fullmatch(r.path) and not _INTERPOLATED.search(r.path) and r.method
    }
    return tuple(sorted(unique.values(), key=lambda r: (r.file, r.line, r.path, r.method, r.handler)))


def handler_name(text: str) -> str:
    """A handler as written -> a dotted name: ``s.listBooks``, ``'orders#show'`` ->
    ``orders#show``, ``[TicketController::class, 'index']`` -> ``TicketController.index``."""
    words = [w for w in _HANDLER_WORD.findall(text) if w not in _HANDLER_NOISE]
    return ".".join(words)[:MAX_HANDLER_CHARS]


def split_method(method: str, path: str) -> tuple[str, str]:
    """``("ANY", "GET /books")`` -> ``("GET", "/books")``; otherwise unchanged."""
    found = _METHOD_IN_PATH.fullmatch(path.strip())
    if found:
        return found.group(1), found.group(2)
    return method, path


def _line_markers(markers: tuple[Marker, ...], kind: str) -> dict[int, str]:
    """Marker names by line; a named marker wins over an anonymous one."""
    by_line: dict[int, str] = {}
    for marker in markers:
        if marker.kind == kind and (marker.line not in by_line or not by_line[marker.line]):
            by_line[marker.line] = marker.name
    return by_line


def _methods_named(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.upper() for m in _METHOD_WORD.findall(text)))


def _registrations(file_facts: FileFacts, names: NameResolver, knowledge: Knowledge):
    """(call, method) for each call that registers a route or mounts a router."""
    handlers = _line_markers(file_facts.markers, HANDLER_MARKER)
    for call in file_facts.calls:
        if call.form == "subscript" or call.arg is None:
            continue
        name = names.resolve(call.callee)
        # An import of an outside package names the framework; a repo object (an app
        # defined in another file) is as local as a variable: only its method name counts.
        external = name.resolved and not name.targets
        method = knowledge.route_method(name.name if name.resolved else call.callee, external)
        if method is None or (not external and call.line not in handlers):
            continue
        if not external and "." in call.callee and not _looks_like_path(method, call.arg):
            # ``session.post("Profiler.enable", cb)`` is a method call that happens to
            # share a verb's name; a route on a local router starts with a slash.
            continue
        yield call, method, handlers.get(call.line, "")


def _looks_like_path(method: str, arg: str) -> bool:
    return split_method(method, arg)[1].startswith(("/", "*"))


@dataclass
class _Prefixes:
    """(file, router variable or registering function) -> path prefixes: a router's
    own (``APIRouter(prefix="/items")``, ``r.Group("/v1")``) and those it is mounted
    under from elsewhere (``app.include_router(items.router, prefix="/api")``,
    ``app.use("/api", router)``), which go in front of its own."""

    own: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    mounted: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def under(self, path: str, receivers: tuple[str, ...]) -> list[str]:
        """Every full prefix for routes registered on the first receiver that has one."""
        own = next((self.own[(path, r)] for r in receivers if (path, r) in self.own), [""])
        mounted = next((self.mounted[(path, r)] for r in receivers if (path, r) in self.mounted), [""])
        return list(dict.fromkeys(route_path(outer, inner) if outer or inner else ""
                                  for outer in mounted for inner in own))


def _add_prefixes(prefixes: _Prefixes, file_facts: FileFacts, names: NameResolver, knowledge: Knowledge) -> None:
    """Record the prefixes each router of this file declares or mounts others under."""
    groups = _line_markers(file_facts.markers, GROUP_MARKER)
    mounts = _line_markers(file_facts.markers, MOUNT_MARKER)
    for marker in file_facts.markers:
        if marker.kind != PREFIX_MARKER:
            continue
        prefix = marker.name.strip("\"'`")
        if groups.get(marker.line):
            _attach(prefixes.own, file_facts.path, names, groups[marker.line], prefix)
        elif mounts.get(marker.line):
            _attach(prefixes.mounted, file_facts.path, names, mounts[marker.line], prefix)
    for call, method, handler in _registrations(file_facts, names, knowledge):
        if method == MOUNT_KIND and handler and _HANDLER_WORD.fullmatch(handler):
            _attach(prefixes.mounted, file_facts.path, names, handler, call.arg)


def _attach(prefixes, path: str, names: NameResolver, router: str, prefix: str) -> None:
    """``router`` (a variable of this file, or an import) serves its routes under ``prefix``."""
    name = names.resolve(router)
    if not name.resolved:
        prefixes.setdefault((path, router), []).append(route_path("", prefix))
        return
    # An imported router: the name it is imported by is the receiver (or the
    # registering function) of its routes there; when none there has that name (a
    # default import), it stands for the file's one router.
    exported = name.name.rsplit(".", 1)[-1]
    for target in name.targets:
        for receiver in (exported, _ANY_RECEIVER):
            prefixes.setdefault((target, receiver), []).append(route_path("", prefix))


def _call_routes(file_facts: FileFacts, names: NameResolver, knowledge: Knowledge, prefixes) -> list[Route]:
    listed = _line_markers(file_facts.markers, METHODS_MARKER)
    registrations = [r for r in _registrations(file_facts, names, knowledge) if r[1] != MOUNT_KIND]
    receivers = {call.callee.split(".", 1)[0] for call, _, _ in registrations}
    routes = []
    for call, method, handler in registrations:
        method, path = split_method(method, call.arg)
        methods = _methods_named(listed[call.line]) if call.line in listed else ()
        receiver = call.callee.split(".", 1)[0] if "." in call.callee else ""
        candidates = (receiver, call.scope.split(".")[0], *((_ANY_RECEIVER,) if len(receivers) == 1 else ()))
        for prefix in prefixes.under(file_facts.path, candidates):
            for each in methods or (method,):
                routes.append(Route(each, route_path(prefix, path), file_facts.path, call.line,
                                    handler_name(handler)))
    return routes


@dataclass
class _Annotated:
    definition: Definition
    line: int
    methods: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def _annotation_routes(file_facts: FileFacts, knowledge: Knowledge) -> list[Route]:
    """Annotated methods, with the path of their class's annotation as a prefix."""
    if any(knowledge.declares_remote_api(site.source) for site in file_facts.imports):
        return []  # annotations of a declarative HTTP client describe calls it makes
    paths = _line_markers(file_facts.markers, ROUTE_MARKER)
    groups: dict[str, _Annotated] = {}
    for marker in file_facts.markers:
        if marker.kind != ANNOTATION_MARKER:
            continue
        method = knowledge.route_method(marker.name, True)
        owner = _innermost(file_facts.definitions, marker.line) if method else None
        if owner is None:
            continue
        group = groups.setdefault(owner.qualname, _Annotated(owner, marker.line))
        if method != ANY_METHOD:
            group.methods.append(method)
        if marker.line in paths:
            group.paths.append(paths[marker.line])
    prefixes = {
        qualname: (group.paths or [""])[0]
        for qualname, group in groups.items()
        if group.definition.kind in _PREFIX_KINDS
    }
    routes = []
    for qualname, group in groups.items():
        if group.definition.kind not in _HANDLER_KINDS:
            continue
        owner = qualname.rsplit(".", 1)[0] if "." in qualname else ""
        prefix = prefixes.get(owner, "")
        for path in group.paths or [""]:
            for method in dict.fromkeys(group.methods or [ANY_METHOD]):
                routes.append(Route(method, route_path(prefix, path), file_facts.path, group.line, qualname))
    return routes


def _innermost(definitions: tuple[Definition, ...], line: int) -> Definition | None:
    """The innermost definition whose lines include ``line`` (the annotated one:
    annotations are part of the declaration they annotate)."""
    best = None
    for definition in definitions:
        if definition.line <= line <= definition.end_line:
            if best is None or definition.line >= best.line:
                best = definition
    return best
