"""Grammars load offline; a missing grammar is said loudly, never a silently empty map."""

from __future__ import annotations

from dataclasses import replace

from mapper.app import MapConfig, build_map
from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.languages.spec import GrammarRef
from mapper.parse.grammars import GrammarLoader


def test_every_registered_grammar_loads_and_its_queries_compile():
    loader = GrammarLoader()
    for language in load_languages().languages:
        for ref in language.spec.grammars.values():
            assert loader.bundle(ref, language.query_source) is not None, language.spec.name


def _without_python_grammar(monkeypatch) -> None:
    """The map's registry, with Python's grammar pointing at a wheel that is not installed."""
    broken = []
    for language in load_languages().languages:
        if language.spec.name == "python":
            spec = replace(language.spec, grammars={"": GrammarRef("tree_sitter_nonexistent_grammar")})
            language = replace(language, spec=spec)
        broken.append(language)
    monkeypatch.setattr("mapper.app.load_languages", lambda: LanguageRegistry(tuple(broken)))


def test_missing_grammar_gives_a_visible_partial_line(repo_copy, monkeypatch):
    _without_python_grammar(monkeypatch)
    _, document = build_map(repo_copy("python-cli"), MapConfig())
    assert "partial: no grammar for python, 10 files not parsed (pip install tree-sitter-nonexistent-grammar)" in document.block


def test_missing_grammar_stays_visible_on_a_cached_run(repo_copy, monkeypatch):
    """Facts of a file whose grammar is missing are not cached: cached, they came back
    without the flag and the second run's map stopped saying the grammar was missing."""
    _without_python_grammar(monkeypatch)
    root = repo_copy("python-cli")
    for _ in range(2):
        _, document = build_map(root, MapConfig(use_cache=True))
        assert "partial: no grammar for python, 10 files not parsed" in document.block
