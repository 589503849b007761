"""FileFacts <-> plain JSON lists. JSON, not pickle: the cache lives inside a
repository someone else may have written, and loading it must never run code."""

from __future__ import annotations

from mapper.model import CallSite, Definition, FileFacts, ImportSite, Marker

__all__ = ["encode_facts", "decode_facts"]


def encode_facts(facts: FileFacts) -> list:
    return [
        facts.language,
        facts.lines,
        [[s.line, s.source, s.name, s.alias, s.kind] for s in facts.imports],
        [[d.name, d.qualname, d.kind, d.line, d.end_line, d.public] for d in facts.definitions],
        [[c.line, c.callee, c.scope, c.arg, c.form] for c in facts.calls],
        [[m.kind, m.line, m.name] for m in facts.markers],
        facts.summary,
        facts.error_count,
    ]


def _call_site(row: list) -> CallSite:
    line, callee, scope, arg, form = row
    if type(line) is not int or type(callee) is not str or type(scope) is not str or type(form) is not str:
        raise TypeError("malformed call site")
    if arg is not None and type(arg) is not str:
        raise TypeError("malformed call site")
    return CallSite(line, callee, scope, arg, form)


def decode_facts(path: str, data: list) -> FileFacts:
    """Rebuild facts for ``path``; raises ValueError/TypeError on malformed data."""
    language, lines, imports, definitions, calls, markers, summary, errors = data
    return FileFacts(
        path=path,
        language=str(language),
        lines=int(lines),
        imports=tuple(ImportSite(int(a), str(b), c, d, str(e)) for a, b, c, d, e in imports),
        definitions=tuple(Definition(str(a), str(b), str(c), int(d), int(e), bool(f)) for a, b, c, d, e, f in definitions),
        calls=tuple(map(_call_site, calls)),
        markers=tuple(Marker(str(a), int(b), str(c)) for a, b, c in markers),
        summary=summary if summary is None else str(summary),
        error_count=int(errors),
    )
