"""Helpers the language tests share: run the early stages on a tree, write a tree."""

from __future__ import annotations

from pathlib import Path

from mapper.discover import discover_files
from mapper.languages.registry import LanguageRegistry
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader
from mapper.resolve import resolve_imports


def build_stages(root: Path, registry: LanguageRegistry):
    """discover -> extract -> resolve, directly, so a failure names the stage."""
    snapshot = discover_files(root, registry)
    loader = GrammarLoader()
    facts = tuple(
        extract_facts(s.path, (snapshot.root / s.path).read_bytes(), registry.get(s.language), loader)
        for s in snapshot.sources
    )
    return snapshot, facts, resolve_imports(snapshot, facts, registry)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root
