"""Find the language folders and load their declarative knowledge.

Each sub-package of ``mapper.languages`` that defines ``SPEC`` is a language. Nothing
here names a language: adding one is adding a folder.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib
import pkgutil
import tomllib
from dataclasses import dataclass
from importlib import resources

from mapper.languages.spec import LanguageSpec

__all__ = ["Knowledge", "Language", "LanguageRegistry", "load_languages"]


@dataclass(frozen=True)
class Knowledge:
    """A language's data tables (from ``knowledge.toml``), patterns in canonical form.

    A pattern is an fnmatch glob over canonical dotted callee names (``subprocess.*``),
    or ``.name`` to match a method by name on a receiver that cannot be resolved.
    """

    effects: tuple[tuple[str, tuple[str, ...]], ...]
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    entries: tuple[tuple[str, tuple[str, ...]], ...]
    test_paths: tuple[str, ...]

    def effect_kind(self, canonical: str, resolved: bool) -> str | None:
        return _first_match(self.effects, canonical, resolved)

    def entry_kind(self, canonical: str, resolved: bool) -> str | None:
        return _first_match(self.entries, canonical, resolved)

    def role_for_package(self, package: str) -> str | None:
        for role, packages in self.roles:
            for pattern in packages:
                if fnmatch.fnmatchcase(package, pattern):
                    return role
        return None


def _first_match(
    table: tuple[tuple[str, tuple[str, ...]], ...], canonical: str, resolved: bool
) -> str | None:
    last = canonical.rsplit(".", 1)[-1]
    for kind, patterns in table:
        for pattern in patterns:
            if pattern.startswith("."):
                # Method-name patterns only apply where the receiver is unknown, so a
                # resolved call (``mymodule.write_text``) is never mistaken for one.
                if not resolved and "." in canonical and last == pattern[1:]:
                    return kind
            elif fnmatch.fnmatchcase(canonical, pattern):
                return kind
    return None


@dataclass(frozen=True)
class Language:
    spec: LanguageSpec
    knowledge: Knowledge
    query_source: str
    query_hash: str


@dataclass(frozen=True)
class LanguageRegistry:
    languages: tuple[Language, ...]

    def for_path(self, path: str) -> Language | None:
        lowered = path.lower()
        best: Language | None = None
        best_len = 0
        for language in self.languages:
            for ext in language.spec.extensions:
                if lowered.endswith(ext) and len(ext) > best_len:
                    best, best_len = language, len(ext)
        return best

    def get(self, name: str) -> Language:
        for language in self.languages:
            if language.spec.name == name:
                return language
        raise KeyError(name)

    def manifest_names(self) -> frozenset[str]:
        names: set[str] = set()
        for language in self.languages:
            names.update(language.spec.manifest_names)
        return frozenset(names)


def load_languages() -> LanguageRegistry:
    import mapper.languages as package

    found: list[Language] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, LanguageSpec):
            found.append(_load(spec))
    return LanguageRegistry(tuple(found))


def _load(spec: LanguageSpec) -> Language:
    folder = resources.files(spec.package)
    query_source = folder.joinpath("facts.scm").read_text(encoding="utf-8")
    table = tomllib.loads(folder.joinpath("knowledge.toml").read_text(encoding="utf-8"))
    knowledge = Knowledge(
        effects=_pairs(table.get("effects", {})),
        roles=_pairs(table.get("roles", {})),
        entries=_pairs(table.get("entries", {})),
        test_paths=tuple(table.get("tests", {}).get("paths", ())),
    )
    digest = hashlib.sha256(query_source.encode() + repr(knowledge).encode()).hexdigest()
    return Language(spec, knowledge, query_source, digest[:16])


def _pairs(section: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    # TOML tables keep file order, which is the precedence order the author chose.
    return tuple((kind, tuple(patterns)) for kind, patterns in section.items())
