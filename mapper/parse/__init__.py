"""Stage 2, parse/extract: every source file of a snapshot -> ``FileFacts``."""

from __future__ import annotations

from typing import Callable

from mapper.languages.registry import LanguageRegistry
from mapper.model import FileFacts, RepoSnapshot
from mapper.parse.extract import extract_facts, missing_grammar_facts
from mapper.parse.grammars import GrammarLoader

__all__ = ["parse_sources", "ReadBytes"]

ReadBytes = Callable[[str], bytes]


def parse_sources(
    snapshot: RepoSnapshot, registry: LanguageRegistry, read_bytes: ReadBytes
) -> tuple[FileFacts, ...]:
    loader = GrammarLoader()
    facts = []
    for source in snapshot.sources:
        language = registry.get(source.language)
        try:
            data = read_bytes(source.path)
        except OSError:
            # Vanished or became unreadable since discover: keep the file, flag no facts.
            facts.append(missing_grammar_facts(source.path, source.language, b""))
            continue
        facts.append(extract_facts(source.path, data, language, loader))
    return tuple(facts)
