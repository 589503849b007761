"""Fixtures the language tests share: one language registry for the session, facts of a
source text in a test module's language (its ``LANGUAGE`` and ``DEFAULT_PATH``), and a
fixture folder run through the early stages once."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mapper.languages.registry import LanguageRegistry, load_languages
from mapper.model import FileFacts
from mapper.parse.extract import extract_facts
from mapper.parse.grammars import GrammarLoader

from repos import FIXTURES
from stages import load_fixture


@pytest.fixture(scope="session")
def registry() -> LanguageRegistry:
    return load_languages()


@pytest.fixture(scope="session")
def extract(registry) -> Callable[[str, str, str], FileFacts]:
    """``extract(language, source, path)``: the facts of one source text."""
    loader = GrammarLoader()

    def facts(language: str, source: str, path: str) -> FileFacts:
        return extract_facts(path, source.encode(), registry.get(language), loader)

    return facts


@pytest.fixture(scope="module")
def language(request, registry):
    """The language a test module is about: its ``LANGUAGE`` name."""
    return registry.get(request.module.LANGUAGE)


@pytest.fixture
def source_facts(request, extract) -> Callable[..., FileFacts]:
    """``source_facts(source, path=DEFAULT_PATH)``: the facts of a source text in the
    test module's ``LANGUAGE``, at a path (default: the module's ``DEFAULT_PATH``)."""
    module = request.module
    return lambda source, path=module.DEFAULT_PATH: extract(module.LANGUAGE, source, path)


@pytest.fixture(scope="session")
def fixture_stages(registry):
    """``fixture_stages(name)``: (expected, snapshot, facts, resolved) of ``fixtures/<name>``,
    built once per session (discover -> extract -> resolve, so a failure names the stage)."""
    built: dict[str, tuple] = {}

    def stages(name: str):
        if name not in built:
            built[name] = load_fixture(FIXTURES / name, registry)
        return built[name]

    return stages
