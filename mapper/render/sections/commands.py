"""Commands: how to install, test, lint, build and run, as the manifests define them."""

from __future__ import annotations

from mapper.model import Analysis
from mapper.render.sanitize import safe_command, safe_path
from mapper.render.sections.common import Row, RowsView, SectionVariants, caps, dedupe_marking

__all__ = ["command_section"]

NESTED_COMMANDS = 6  # commands of nested projects listed at most
COMMANDS_PER_KIND = 4  # install/test/lint/... commands listed per kind at most


def command_section(analysis: Analysis) -> SectionVariants:
    # Nested manifests (docs/Makefile, examples/*/package.json) add their real
    # install/test/lint/build/run commands, not every helper target they define.
    # The file, not the line, is named: a line number churns with every edit above it
    # (the line is in --format json).
    rows = [
        Row(c.kind, c.command, c.evidence.path)
        for c in analysis.commands
        if safe_path(c.evidence.path) and safe_command(c.command)
        and not (c.kind == "other" and "/" in c.evidence.path)
    ]
    # Root and CI commands all; nested projects (examples/*, packages/*) a few, since
    # a monorepo or an examples folder can define dozens of near-identical ones.
    # Within a kind, the root manifests' own commands come before CI's variants.
    ci_rows = [r for r in rows if r.where.startswith(".github/")]
    root_rows = [r for r in rows if "/" not in r.where] + ci_rows
    nested_rows = [r for r in rows if r not in root_rows]
    rows = root_rows + nested_rows[:NESTED_COMMANDS]
    variants: list[RowsView] = []
    # CI files repeat one tool with many flags (tokio's CI runs `cargo test` eleven
    # ways): a few per kind say how to run things; the rest are counted.
    primary = 0
    for per_kind in (COMMANDS_PER_KIND, 2, 1):
        if per_kind == 2:
            primary = len(variants)
        kept: list[Row] = []
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.label] = counts.get(row.label, 0) + 1
            if counts[row.label] <= per_kind:
                kept.append(row)
        for cap in caps(len(kept)):
            variants.append(RowsView(tuple(kept[:cap]), len(root_rows) + len(nested_rows) - min(cap, len(kept))))
    deduped, primary = dedupe_marking(variants, primary)
    return SectionVariants("commands", tuple(deduped), primary)
