"""Drift reports: readable text, JSON, SARIF 2.1.0, GitHub Actions annotations and job summary.

Pure functions from a ``DriftReport`` to text; the command line decides where it goes.
"""

from __future__ import annotations

import json

from mapper import __version__
from mapper.drift.model import DriftReport, Finding

__all__ = ["render_text", "render_json", "render_sarif", "render_annotations", "render_summary"]

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_STALE_RULE = "stale-baseline"


def render_text(report: DriftReport) -> str:
    lines = [_headline(report)]
    for finding in report.new:
        lines.append(f"{finding.path}:{finding.line}: {finding.rule}: {finding.message}")
        lines.extend(f"    {link.importer}:{link.line} imports {link.imported}" for link in finding.chain)
    for entry in report.stale:
        lines.append(f"{entry.path}:{entry.line}: stale: `{entry.text}` matches nothing now; remove it "
                     f"(claude-map drift --update-baseline)")
    if report.new and report.has_baseline:
        lines.append(f"accept them with `claude-map drift --update-baseline` and commit {report.baseline}, "
                     f"or fix them")
    elif not report.has_baseline:
        lines.append(f"no baseline at {report.baseline}: only declared rules are checked; "
                     f"`claude-map drift --update-baseline` records the architecture to track")
    return "\n".join(lines) + "\n"


def _headline(report: DriftReport) -> str:
    scope = f" since {report.since}" if report.since else ""
    if report.clean:
        return f"claude-map drift: clean{scope} ({report.known} baselined)"
    return (f"claude-map drift: {len(report.new)} new, {len(report.stale)} stale{scope} "
            f"({report.known} baselined)")


def render_json(report: DriftReport) -> str:
    payload = {
        "schema": "claude-map/drift/1",
        "clean": report.clean,
        "baseline": report.baseline,
        "has_baseline": report.has_baseline,
        "since": report.since or None,
        "known": report.known,
        "new": [_finding_json(f) for f in report.new],
        "stale": [{"text": s.text, "path": s.path, "line": s.line} for s in report.stale],
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _finding_json(finding: Finding) -> dict:
    return {
        "rule": finding.rule, "key": finding.key, "baseline_line": finding.baseline_line,
        "message": finding.message, "path": finding.path, "line": finding.line,
        "chain": [{"importer": l.importer, "imported": l.imported, "line": l.line} for l in finding.chain],
    }


def render_sarif(report: DriftReport) -> str:
    rule_ids = sorted({f.rule for f in report.new} | ({_STALE_RULE} if report.stale else set()))
    results = [_sarif_result(f.rule, f.message, f.path, f.line) for f in report.new]
    results += [_sarif_result(_STALE_RULE, f"stale baseline entry: {s.text}", s.path, s.line) for s in report.stale]
    sarif = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claude-map", "version": __version__,
                "rules": [{"id": rule, "name": rule, "shortDescription": {"text": f"claude-map drift: {rule}"}}
                          for rule in rule_ids],
            }},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _sarif_result(rule: str, message: str, path: str, line: int) -> dict:
    return {
        "ruleId": rule, "level": "error", "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": path}, "region": {"startLine": max(line, 1)},
        }}],
    }


def render_annotations(report: DriftReport) -> str:
    """GitHub Actions workflow commands, one ``::error`` per finding."""
    lines = [_annotation(f.path, f.line, f"claude-map drift: {f.rule}", f.message) for f in report.new]
    lines += [_annotation(s.path, s.line, "claude-map drift: stale baseline entry", s.text) for s in report.stale]
    return "".join(line + "\n" for line in lines)


def _annotation(path: str, line: int, title: str, message: str) -> str:
    return (f"::error file={_property(path)},line={max(line, 1)},title={_property(title)}::"
            f"{_data(message)}")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_summary(report: DriftReport) -> str:
    """A Markdown job summary."""
    lines = ["## claude-map drift", "", _headline(report).removeprefix("claude-map drift: ").capitalize(), ""]
    if report.new:
        lines += ["| where | rule | finding |", "|---|---|---|"]
        lines += [f"| `{f.path}:{f.line}` | {f.rule} | {_cell(f.message)} |" for f in report.new]
        lines.append("")
    if report.stale:
        lines += ["Stale baseline entries (remove them with `claude-map drift --update-baseline`):", ""]
        lines += [f"- `{s.path}:{s.line}` `{_cell(s.text)}`" for s in report.stale]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


