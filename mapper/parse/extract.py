"""Stage 2, parse/extract: source bytes + a language's queries -> ``FileFacts``.

The extractor maps capture names generically (see ``mapper/languages/spec.py``); it
knows no language's node types. Trees are dropped as soon as facts are extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace, field

import tree_sitter

from mapper.languages.registry import Language
from mapper.model import RECEIVER_NAMES, CallSite, Definition, FileFacts, ImportSite, Marker
from mapper.parse.grammars import GrammarLoader

__all__ = ["extract_facts", "missing_grammar_facts"]

_DOTTED = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_TRAILING_NAME = re.compile(r"\.([A-Za-z_$][\w$]*)$")
_QUOTES = "\"'`"
_SUMMARY_CHARS = 400
# Definitions whose nested functions are methods (a function inside a function or a
# module block stays a function).
_TYPE_KINDS = frozenset({"class", "struct", "interface", "impl", "trait", "enum", "type", "object"})


def extract_facts(
    path: str, source: bytes, language: Language, loader: GrammarLoader
) -> FileFacts:
    """Parse ``source`` and return its facts; a missing grammar gives empty facts, flagged."""
    ref = language.spec.grammar_for(path)
    bundle = loader.bundle(ref, language.query_source)
    if bundle is None:
        return missing_grammar_facts(path, language.spec.name, source)
    # Query predicates (`#match?`) decode node text as UTF-8 and raise on anything
    # else: a Latin-1 comment would abort the whole run. Replacing the bad bytes keeps
    # every line where it was.
    source = _as_utf8(source)
    tree = bundle.parser.parse(source)
    collector = _Collector(source, language)
    dispatch = bundle.dispatch
    for pattern, captures in tree_sitter.QueryCursor(bundle.query).matches(tree.root_node):
        handlers = dispatch.get(pattern)
        if handlers is None:
            # Which fact kinds a pattern yields depends only on the pattern: work it
            # out on its first match and reuse it for every later one.
            handlers = dispatch[pattern] = _handlers_for(captures)
        collector.add(handlers, captures)
    return collector.facts(path, language.spec.name, tree.root_node.has_error)


def _handlers_for(captures: dict[str, list[tree_sitter.Node]]) -> tuple[tuple[str, str], ...]:
    handlers = []
    for name in sorted(captures):
        if name in ("import", "call", "access", "summary"):
            handlers.append((name, name))
        elif name.startswith("definition.") and name != "definition.receiver":
            handlers.append(("definition", name))
        elif name.startswith("marker.") and name != "marker.name":
            handlers.append(("marker", name))
    return tuple(handlers)


def _as_utf8(source: bytes) -> bytes:
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return source.decode("utf-8", errors="replace").encode("utf-8")
    return source


def missing_grammar_facts(path: str, language: str, source: bytes) -> FileFacts:
    return FileFacts(
        path=path, language=language, lines=_count_lines(source), imports=(),
        definitions=(), calls=(), markers=(), summary=None, grammar_missing=True,
    )


def _count_lines(source: bytes) -> int:
    if not source:
        return 0
    return source.count(b"\n") + (0 if source.endswith(b"\n") else 1)


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def _line(node: tree_sitter.Node) -> int:
    return node.start_point[0] + 1


def _unquote(text: str) -> str:
    text = text.strip()
    # Python string prefixes (r, b, f, u): strip them only in front of a quote.
    unprefixed = text.lstrip("rbfuRBFU")
    if unprefixed and unprefixed[0] in _QUOTES and len(text) - len(unprefixed) <= 2:
        text = unprefixed
    for quote in ('"""', "'''", '"', "'", "`"):
        if len(text) >= 2 * len(quote) and text.startswith(quote) and text.endswith(quote):
            return text[len(quote) : -len(quote)]
    return text


@dataclass
class _PendingDefinition:
    name: str
    kind: str
    start: int
    end: int
    line: int
    end_line: int
    public: bool
    owner: str = ""  # a type named outside the definition (a Go receiver)
    marked_private: bool = False  # its name or line says private (spec.private_method_*)


@dataclass
class _PendingCall:
    start: int
    line: int
    callee: str
    arg: str | None
    form: str


@dataclass
class _Collector:
    source: bytes
    language: Language
    imports: dict[tuple[int, int, str], ImportSite] = field(default_factory=dict)
    definitions: dict[tuple[int, int], _PendingDefinition] = field(default_factory=dict)
    calls: dict[tuple[int, int], _PendingCall] = field(default_factory=dict)
    markers: dict[tuple[str, int, str], Marker] = field(default_factory=dict)
    summary_nodes: list[tree_sitter.Node] = field(default_factory=list)

    def add(self, handlers: tuple[tuple[str, str], ...], captures: dict[str, list[tree_sitter.Node]]) -> None:
        for handler, capture in handlers:
            if handler == "import":
                self._add_import(captures)
            elif handler == "definition":
                self._add_definition(capture.split(".", 1)[1], captures)
            elif handler == "call":
                self._add_call(captures)
            elif handler == "access":
                self._add_access(captures)
            elif handler == "marker":
                self._add_marker(capture, captures)
            elif handler == "summary":
                self.summary_nodes.extend(captures["summary"])

    def _add_import(self, captures: dict[str, list[tree_sitter.Node]]) -> None:
        node = captures["import"][0]
        source_nodes = captures.get("import.source")
        if not source_nodes:
            return
        kind = next((c.split(".", 2)[2] for c in captures if c.startswith("import.kind.")), "import")
        name_node = captures.get("import.name", [None])[0]
        alias_node = captures.get("import.alias", [None])[0]
        site = ImportSite(
            line=_line(node),
            source=_unquote(_text(source_nodes[0])),
            name=_text(name_node) if name_node is not None else None,
            alias=_text(alias_node) if alias_node is not None else None,
            kind=kind,
        )
        key = (node.start_byte, name_node.start_byte if name_node else -1, site.source)
        self.imports.setdefault(key, site)

    def _add_definition(self, kind: str, captures: dict[str, list[tree_sitter.Node]]) -> None:
        node = captures[f"definition.{kind}"][0]
        name_nodes = captures.get("name")
        if not name_nodes:
            return
        name = _text(name_nodes[0])
        receivers = captures.get("definition.receiver")
        # Go methods: ``func (s *Store) Add`` is qualified as ``Store.Add``.
        owner = _text(receivers[0]).lstrip("*&").split("[", 1)[0].strip() if receivers else ""
        line_text = self._line_text(node)
        self.definitions.setdefault(
            (node.start_byte, node.end_byte),
            _PendingDefinition(
                name=name, kind=kind, start=node.start_byte, end=node.end_byte,
                line=_line(node), end_line=node.end_point[0] + 1,
                public=self.language.spec.is_public(name, line_text),
                owner=owner,
                marked_private=self._marked_private(name, line_text),
            ),
        )

    def _marked_private(self, name: str, line_text: str) -> bool:
        spec = self.language.spec
        if spec.private_method_prefixes is None:
            return False  # the language's is_public already decides for methods
        words = line_text.split(maxsplit=1)
        return name.startswith(spec.private_method_prefixes) or bool(
            words and words[0] in spec.private_method_words)

    def _add_call(self, captures: dict[str, list[tree_sitter.Node]]) -> None:
        node = captures["call"][0]
        callee_nodes = captures.get("call.callee")
        if not callee_nodes:
            return
        text = _text(callee_nodes[0])
        receivers = captures.get("call.receiver")
        if receivers:
            # Java's ``a.b.m()`` has no node spanning ``a.b.m``: the receiver comes apart.
            text = f"{_text(receivers[0])}.{text}"
        callee = self._normalise_callee(text)
        if callee is None:
            return
        arg_nodes = captures.get("call.arg")
        arg = _unquote(_text(arg_nodes[0])) if arg_nodes else None
        key = (node.start_byte, node.end_byte)
        existing = self.calls.get(key)
        # Several patterns match one call: the one that saw a string argument or a
        # writing mode (``open(p, "w")``, @call.write) adds what the others missed.
        form = "call"
        for marked in ("write", "bare"):  # a writing mode; no arguments at all (``new Random()``)
            if f"call.{marked}" in captures or (existing and existing.form == marked):
                form = marked
        if existing is not None and arg is None:
            arg = existing.arg
        if existing is None or existing.arg != arg or existing.form != form:
            self.calls[key] = _PendingCall(node.start_byte, _line(node), callee, arg, form)

    def _add_access(self, captures: dict[str, list[tree_sitter.Node]]) -> None:
        node = captures["access"][0]
        objects = captures.get("access.object")
        keys = captures.get("access.key")
        if not objects or not keys or _is_assigned(node):
            return
        target = self._normalise_callee(_text(objects[0]))
        if target is None:
            return
        self.calls.setdefault(
            (node.start_byte, node.end_byte),
            _PendingCall(node.start_byte, _line(node), target, _unquote(_text(keys[0])), "subscript"),
        )

    def _add_marker(self, capture: str, captures: dict[str, list[tree_sitter.Node]]) -> None:
        node = captures[capture][0]
        name_nodes = captures.get("marker.name")
        name = _text(name_nodes[0]) if name_nodes else ""
        marker = Marker(kind=capture.split(".", 1)[1], line=_line(node), name=name)
        self.markers.setdefault((marker.kind, marker.line, marker.name), marker)

    def _summary(self) -> str | None:
        """The first summary node, joined with the comment lines right after it."""
        nodes = sorted({(n.start_byte, n.end_byte): n for n in self.summary_nodes}.values(),
                       key=lambda n: n.start_byte)
        if not nodes:
            return None
        run = [nodes[0]]
        for node in nodes[1:]:
            if node.start_point[0] != run[-1].end_point[0] + 1:
                break
            run.append(node)
        summary = _clean_summary("\n".join(_text(n) for n in run))
        if len(summary.split()) <= _LABEL_WORDS and self._imports_follow(run[-1]):
            return None  # a label over the imports ("Module dependencies."), not the file's doc
        return summary or None

    def _imports_follow(self, node: tree_sitter.Node) -> bool:
        """Whether the first non-blank line after ``node`` holds an import."""
        line = node.end_point[0] + 2  # 1-based number of the line after the node
        rest = self.source[node.end_byte : node.end_byte + 1000].split(b"\n")[1:]
        for text in rest[:_LABEL_GAP_LINES]:
            if text.strip():
                break
            line += 1
        return any(site.line == line for site in self.imports.values())

    def _relevant_calls(self, defined: set[str]) -> list[_PendingCall]:
        """Only calls a later stage can use, which is most of the cost saved downstream.

        A call matters when its head is a name an import binds, a definition of this
        file or the object itself (``self``/``this``): those resolve; or when the
        language's tables know it as written (``open``, ``fetch``, a method name, a
        route registration with its path literal, a call that listens).
        Every other call resolves to nothing anywhere, so dropping it loses no fact.
        """
        spec, knowledge = self.language.spec, self.language.knowledge
        bound = {b.local for site in self.imports.values() if (b := spec.bind_import(site)) is not None}
        keep_heads = bound | defined | RECEIVER_NAMES
        kept = []
        for call in self.calls.values():
            head = call.callee.split(".", 1)[0]
            if head in keep_heads:
                kept.append(call)
            elif knowledge.effect_kind(call.callee, False) or knowledge.entry_kind(call.callee, False):
                kept.append(call)
            elif knowledge.listens(call.callee) or knowledge.role_for_call(call.callee) or knowledge.unseeded(call.callee):
                kept.append(call)  # srv.serve_forever(), document.querySelector(): what the file is (roles)
            elif call.arg is not None and knowledge.route_method(call.callee, False):
                kept.append(call)  # app.get("/x"): a route on a local app object
        return kept

    def _normalise_callee(self, text: str) -> str | None:
        compact = "".join(text.split())
        for separator in self.language.spec.separators:
            compact = compact.replace(separator, ".")
        # A leading separator names the global scope (``::exit``, ``\\strlen``).
        compact = compact.lstrip(".")
        if _DOTTED.fullmatch(compact):
            return compact
        # ``Path(p).write_text`` and the like: the receiver is an expression, keep only
        # the method name so method-name patterns can still recognise it.
        trailing = _TRAILING_NAME.search(compact)
        return f"?.{trailing.group(1)}" if trailing else None

    def _line_text(self, node: tree_sitter.Node) -> str:
        start = self.source.rfind(b"\n", 0, node.start_byte) + 1
        end = self.source.find(b"\n", node.start_byte)
        return self.source[start : end if end != -1 else len(self.source)].decode(
            "utf-8", errors="replace"
        )

    def facts(self, path: str, language: str, has_error: bool) -> FileFacts:
        definitions, spans = _qualify(sorted(self.definitions.values(), key=lambda d: (d.start, -d.end)),
                                      methods_follow_type=self.language.spec.private_method_prefixes is not None)
        definitions = _exported_by_list(definitions, {m.name for m in self.markers.values() if m.kind == "export"})
        definitions = _file_local(definitions, path, self.language.spec.file_local_kinds)
        relevant = self._relevant_calls({d.name for d in definitions})
        calls = _scope_calls(sorted(relevant, key=lambda c: c.start), spans)
        return FileFacts(
            path=path,
            language=language,
            lines=_count_lines(self.source),
            imports=tuple(sorted(self.imports.values(), key=lambda s: (s.line, s.source, s.name or ""))),
            definitions=definitions,
            calls=calls,
            markers=tuple(sorted(self.markers.values(), key=lambda m: (m.line, m.kind, m.name))),
            summary=self._summary(),
            error_count=1 if has_error else 0,
        )


def _file_local(definitions: tuple[Definition, ...], path: str,
                local_kinds: tuple[tuple[str, frozenset[str]], ...]) -> tuple[Definition, ...]:
    """Definitions of the kinds that the file's extension keeps to the file, made private."""
    kinds = next((k for extension, k in local_kinds if path.endswith(extension)), frozenset())
    if not kinds:
        return definitions
    return tuple(replace(d, public=False) if d.public and d.kind in kinds else d for d in definitions)


def _qualify(
    pending: list[_PendingDefinition], methods_follow_type: bool = False,
) -> tuple[tuple[Definition, ...], list[tuple[int, int, str]]]:
    """Give nested definitions dotted qualified names (``Class.method``)."""
    out: list[Definition] = []
    spans: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str, str, bool]] = []  # (end byte, qualname, kind, public)
    for item in pending:
        while stack and stack[-1][0] <= item.start:
            stack.pop()
        parent = stack[-1][1] if stack else item.owner
        qualname = f"{parent}.{item.name}" if parent else item.name
        in_type = bool(stack) and stack[-1][2] in _TYPE_KINDS
        kind = "method" if in_type and item.kind == "function" else item.kind
        public = item.public
        if kind == "method" and methods_follow_type:
            # A method of a class that is no definition here (an anonymous class
            # expression) follows nothing but its own name.
            owner_public = stack[-1][3] if stack else item.public
            public = owner_public and not item.marked_private
        out.append(Definition(item.name, qualname, kind, item.line, item.end_line, public))
        spans.append((item.start, item.end, qualname))
        stack.append((item.end, qualname, item.kind, public))
    return tuple(out), spans


def _exported_by_list(definitions: tuple[Definition, ...], exported: set[str]) -> tuple[Definition, ...]:
    """Top-level definitions that an ``export`` marker names (``export {a}``,
    ``module.exports = {a}``) are public, wherever they are defined."""
    if not exported:
        return definitions
    return tuple(
        replace(d, public=True) if not d.public and d.qualname == d.name and d.name in exported else d
        for d in definitions
    )


def _scope_calls(
    calls: list[_PendingCall], spans: list[tuple[int, int, str]]
) -> tuple[CallSite, ...]:
    """Attach each call to its innermost enclosing definition with one sweep."""
    out: list[CallSite] = []
    stack: list[tuple[int, str]] = []
    index = 0
    for call in calls:
        while index < len(spans) and spans[index][0] <= call.start:
            while stack and stack[-1][0] <= spans[index][0]:
                stack.pop()
            stack.append((spans[index][1], spans[index][2]))
            index += 1
        while stack and stack[-1][0] <= call.start:
            stack.pop()
        scope = stack[-1][1] if stack else ""
        out.append(CallSite(call.line, call.callee, scope, call.arg, call.form))
    return tuple(sorted(out, key=lambda c: (c.line, c.callee, c.form, c.arg or "")))


# Doc-comment markup, rendered to its plain text: Javadoc inline tags ({@link X label}
# -> label, {@code x} -> x), XML doc references (<see cref="X"/> -> X), Markdown and
# KDoc links ([text][ref], [text](url) -> text; [X] -> X), reST roles (:class:`~a.B` ->
# B) and literals (``x`` -> x). Block tags (@param, @api private) end the summary.
_DOC_MARKUP = (
    (re.compile(r"\{@(?:link|linkplain)\s+[^\s}]+\s+([^}]+)\}"), r"\1"),
    (re.compile(r"\{@(?:link|linkplain)\s+([^\s}]+)\s*\}"), lambda m: m.group(1).replace("#", ".").lstrip(".")),
    (re.compile(r"\{@(?:code|literal|value)\s+([^}]*)\}"), r"\1"),
    (re.compile(r"<(?:see|seealso)\s+(?:cref|href|langword)=\"(?:[A-Z]:)?([^\"]+)\"\s*/?>(?:</see>)?"), r"\1"),
    (re.compile(r"<(?:paramref|typeparamref)\s+name=\"([^\"]+)\"\s*/?>"), r"\1"),
    (re.compile(r"</?(?:c|code|b|i|em|strong|tt|p|para|br|summary|remarks)\s*/?>"), ""),
    (re.compile(r"(?<![\w\]])\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"(?<![\w\]])\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(?<![\w\]])\[([\w.#]+)\]"), lambda m: m.group(1).replace("#", ".")),
    (re.compile(r":[a-z]+(?::[a-z]+)?:`~?(?:[\w.]+\.)?([^`<]+?)(?:\s*<[^>]*>)?`"), r"\1"),
    (re.compile(r"``([^`]+)``"), r"\1"),
)
_BLOCK_TAG = re.compile(r"@[a-z]+\b")
# A licence or a section label is no summary: licence words anywhere, and a comment of a
# few words right above the imports ("Module dependencies.", "external dependencies").
_LICENCE = re.compile(r"[Cc]opyright|[Ll]icen[cs]ed?\b|Permission is hereby granted|All rights reserved|SPDX")
# "This code is based on https://..." says where the file came from, not what it does.
_PROVENANCE = re.compile(r"^(this (code|file|module) is )?(based on|adapted from|ported from|derived from|copied from)\b",
                         re.IGNORECASE)
# A keyword that CVS or Subversion expands on checkout: every file of tmux opens with one.
_VCS_KEYWORD = re.compile(r"\$[A-Za-z]+(:[^$]*)?\$")
_LABEL_WORDS = 4
_LABEL_GAP_LINES = 3  # blank lines allowed between such a label and the imports


def render_doc_markup(text: str) -> str:
    for pattern, replacement in _DOC_MARKUP:
        text = pattern.sub(replacement, text)
    return text


_PLAIN_ASSIGNMENTS = frozenset({"assignment", "assignment_expression"})


def _is_assigned(node: tree_sitter.Node) -> bool:
    """Whether ``node`` is what a plain assignment writes to (``os.environ["X"] = v``): a
    keyed write, not a read. ``ENV["X"] ||= v`` and a destructuring default read it."""
    parent = node.parent
    return (
        parent is not None and parent.type in _PLAIN_ASSIGNMENTS
        and (left := parent.child_by_field_name("left")) is not None and left.id == node.id
    )


def _clean_summary(text: str) -> str:
    text = _unquote(text)
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("/*#!-").strip().rstrip("*/").strip()
        if line.startswith("@") and _BLOCK_TAG.match(line):
            break  # @param, @return, @api: the description is over
        if _VCS_KEYWORD.fullmatch(line):
            continue  # $OpenBSD: tty.c,v 1.4 ... $: the version control system's stamp
        if not line:
            if lines:
                break  # the first paragraph is the summary
            continue
        lines.append(line)
    summary = " ".join(render_doc_markup(" ".join(lines)).split())
    return "" if _LICENCE.search(summary) or _PROVENANCE.match(summary) else summary[:_SUMMARY_CHARS]
