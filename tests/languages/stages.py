"""Helpers the language tests share: run the early stages on a tree, write a tree, load a
fixture with its hand-written expectations and put facts in the shape those use."""

from __future__ import annotations

import tomllib
from pathlib import Path

from mapper.discover import discover_files
from mapper.languages.registry import LanguageRegistry
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader
from mapper.resolve import resolve_imports
from mapper.resolve.names import canonical_name


def build_stages(root: Path, registry: LanguageRegistry):
    """discover -> extract -> resolve, directly, so a failure names the stage."""
    snapshot = discover_files(root, registry)
    loader = GrammarLoader()
    facts = tuple(
        extract_facts(s.path, (snapshot.root / s.path).read_bytes(), registry.get(s.language), loader)
        for s in snapshot.sources
    )
    return snapshot, facts, resolve_imports(snapshot, facts, registry)


def load_fixture(fixture: Path, registry: LanguageRegistry):
    """(expected.toml, snapshot, facts, resolved) of a fixture folder (``expected.toml`` + ``repo/``)."""
    expected = tomllib.loads((fixture / "expected.toml").read_text(encoding="utf-8"))
    return expected, *build_stages(fixture / "repo", registry)


def import_sets(resolved) -> tuple[set, set]:
    """Edges as (importer, line, target) and externals as (importer, package)."""
    edges = {(e.importer, e.line, e.target) for r in resolved for e in r.imports if e.target}
    externals = {(e.importer, e.external) for r in resolved for e in r.imports if e.external}
    return edges, externals


def expected_import_sets(expected: dict) -> tuple[set, set]:
    edges = {(i["importer"], i["line"], i["target"]) for i in expected["imports"]}
    externals = {(i["importer"], i["package"]) for i in expected["externals"]}
    return edges, externals


def effect_line_details(effect: dict, facts, resolved=None) -> set[tuple[str, str]]:
    """(scope, detail) of each call on an expected effect's line: the key read for an
    environment effect, else the callee, canonical through the file's import bindings
    when ``resolved`` is given."""
    bindings = {b.local: b for r in resolved or () if r.path == effect["path"] for b in r.bindings}
    on_line = [c for f in facts if f.path == effect["path"] for c in f.calls if c.line == effect["line"]]
    if effect["kind"] == "effect.env":
        return {(c.scope, c.arg) for c in on_line}
    return {(c.scope, canonical_name(c.callee, bindings).name if resolved is not None else c.callee) for c in on_line}


def entry_keys(entries) -> set[tuple[str, str, str, int]]:
    return {(e.kind, e.name, e.evidence.path, e.evidence.line) for e in entries}


def expected_entry_keys(expected: dict) -> set[tuple[str, str, str, int]]:
    return {(i["kind"], i["name"], i["path"], i["line"]) for i in expected["entry_points"]}
