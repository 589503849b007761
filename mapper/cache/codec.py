"""FileFacts <-> plain JSON lists. JSON, not pickle: the cache lives inside a
repository someone else may have written, and loading it must never run code."""

from __future__ import annotations

from mapper.model import CallSite, Definition, FileFacts, ImportSite, Marker

__all__ = ["encode_facts", "decode_facts"]


# Calls are most of the cache (two thirds of Django's): each stores its scope as an
# index into the file's definitions (-1: module level) and its form as a small code,
# instead of repeating the enclosing qualified name on every row.
_FORMS = ("call", "subscript", "write", "bare")


def encode_facts(facts: FileFacts) -> list:
    scope_index = {"": -1}
    for index, definition in enumerate(facts.definitions):
        scope_index.setdefault(definition.qualname, index)
    return [
        facts.language,
        facts.lines,
        [[s.line, s.source, s.name, s.alias, s.kind] for s in facts.imports],
        [[d.name, d.qualname, d.kind, d.line, d.end_line, d.public] for d in facts.definitions],
        [[c.line, c.callee, scope_index[c.scope], c.arg, _FORMS.index(c.form)] for c in facts.calls],
        [[m.kind, m.line, m.name] for m in facts.markers],
        facts.summary,
        facts.error_count,
    ]


def decode_facts(path: str, data: list) -> FileFacts:
    """Rebuild facts for ``path``; raises ValueError/TypeError on malformed data."""
    language, lines, imports, definitions, calls, markers, summary, errors = data
    decoded_definitions = tuple(
        Definition(str(a), str(b), str(c), int(d), int(e), bool(f)) for a, b, c, d, e, f in definitions
    )
    scopes = [d.qualname for d in decoded_definitions]
    return FileFacts(
        path=path,
        language=str(language),
        lines=int(lines),
        imports=tuple(ImportSite(int(a), str(b), c, d, str(e)) for a, b, c, d, e in imports),
        definitions=decoded_definitions,
        calls=tuple(_call_site(row, scopes) for row in calls),
        markers=tuple(Marker(str(a), int(b), str(c)) for a, b, c in markers),
        summary=summary if summary is None else str(summary),
        error_count=int(errors),
    )


def _call_site(row: list, scopes: list[str]) -> CallSite:
    line, callee, scope, arg, form = row
    if type(line) is not int or type(callee) is not str or type(scope) is not int or type(form) is not int:
        raise TypeError("malformed call site")
    if arg is not None and type(arg) is not str:
        raise TypeError("malformed call site")
    # An index out of range raises IndexError, which the cache treats as a miss.
    return CallSite(line, callee, scopes[scope] if scope >= 0 else "", arg, _FORMS[form])
