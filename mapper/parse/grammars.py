"""Load tree-sitter grammars without ever touching the network.

Official per-language wheels (``tree-sitter-python`` ...) are dependencies and always
work offline. ``tree-sitter-language-pack`` is only consulted for languages without a
wheel, and only in its 0.x line, which bundles its grammars: 1.x downloads grammars
on first use, which would hang or fail offline and in pre-commit sandboxes.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib import metadata

import tree_sitter

from mapper.languages.spec import GrammarRef

__all__ = ["GrammarLoader", "ParserBundle"]


@dataclass
class ParserBundle:
    """A loaded grammar with its parser and compiled query (built once, reused)."""

    language: tree_sitter.Language
    parser: tree_sitter.Parser
    query: tree_sitter.Query
    dispatch: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # pattern -> handlers


@dataclass
class GrammarLoader:
    """Caches one ``ParserBundle`` per (grammar, query); missing grammars map to None."""

    _bundles: dict[tuple[str, str, str], ParserBundle | None] = field(default_factory=dict)

    def bundle(self, ref: GrammarRef, query_source: str) -> ParserBundle | None:
        key = (ref.module, ref.function, query_source)
        if key not in self._bundles:
            self._bundles[key] = _build(ref, query_source)
        return self._bundles[key]


def _build(ref: GrammarRef, query_source: str) -> ParserBundle | None:
    language = _load_language(ref)
    if language is None:
        return None
    return ParserBundle(
        language=language,
        parser=tree_sitter.Parser(language),
        query=tree_sitter.Query(language, query_source),
    )


def _load_language(ref: GrammarRef) -> tree_sitter.Language | None:
    try:
        module = importlib.import_module(ref.module)
        return tree_sitter.Language(getattr(module, ref.function)())
    except (ImportError, AttributeError, ValueError, TypeError):
        pass
    if ref.pack_name and _bundled_language_pack():
        try:
            pack = importlib.import_module("tree_sitter_language_pack")
            return pack.get_language(ref.pack_name)
        except Exception:  # noqa: BLE001 - any failure here means "no grammar"
            return None
    return None


def _bundled_language_pack() -> bool:
    try:
        version = metadata.version("tree-sitter-language-pack")
    except metadata.PackageNotFoundError:
        return False
    return version.startswith("0.")
