"""Side-effect sites: calls whose canonical name a language's knowledge table names.

Names are resolved through the file's import bindings first, so aliases
(``import subprocess as sp``) and from-imports (``from os import environ``) count,
and a local function that happens to be called ``run`` does not. A call that resolves
to the repository's own code (``httpx.Client`` inside httpx) is not an effect of the
caller: the code it reaches has its own sites. A file open whose arguments name a
writing mode (``open(p, "w")``, facts form ``write``) is a filesystem write. A random
generator built with no arguments (``new Random()``, facts form ``bare``) seeds itself
from outside and is randomness; a seeded one is not.
"""

from __future__ import annotations

import re

from mapper.resolve.names import NameResolver, NameResolvers
from mapper.languages.registry import LanguageRegistry
from mapper.graph.import_graph import ImportGraph
from mapper.model import RECEIVER_NAMES, EffectSite, FileFacts

__all__ = ["find_effects", "without_demo_effects", "ENV_KIND"]

ENV_KIND = "effect.env"
FS_READ_KIND = "effect.fs"
FS_WRITE_KIND = "effect.fs.write"
WRITE_FORM = "write"  # a call whose arguments open something for writing
FS_KINDS = (FS_READ_KIND, FS_WRITE_KIND)
BARE_FORM = "bare"  # a call with no arguments
RANDOM_KIND = "effect.random"
# Only identifier-like names are reported for environment reads: the map carries
# variable names, never values, and nothing else a string argument might hold.
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,80}")


def find_effects(
    facts: tuple[FileFacts, ...], names_by_path: NameResolvers, registry: LanguageRegistry
) -> tuple[EffectSite, ...]:
    sites: list[EffectSite] = []
    for file_facts in facts:
        knowledge = registry.get(file_facts.language).knowledge
        names = names_by_path.get(file_facts.path) or NameResolver({})
        # A file calls the same callee many times (a hundred thousand calls on Django,
        # far fewer distinct callees): each is classified once.
        kinds: dict[str, tuple[str | None, str]] = {}
        imports = tuple(site.source for site in file_facts.imports)
        own_methods = _own_method_names(file_facts)
        for call in file_facts.calls:
            if _calls_own_method(call.callee, own_methods):
                continue  # rich's self.write_text is its console's method, not pathlib's
            known = kinds.get(call.callee)
            if known is None:
                known = kinds[call.callee] = _classify(call.callee, names, knowledge)
            site = _site_of(file_facts.path, call, *known, knowledge)
            if site is not None and knowledge.shadowed_in(site.detail, imports):
                continue  # Qt's connect() in a file that includes Qt
            if site is not None:
                sites.append(site)
    return tuple(sorted(set(sites), key=lambda s: (s.path, s.line, s.kind, s.detail)))


def without_demo_effects(
    effects: tuple[EffectSite, ...], facts: tuple[FileFacts, ...], graph: ImportGraph
) -> tuple[EffectSite, ...]:
    """Leaves out what the main block of a module other files import does: that block is
    a demo (rich's live.py sleeps in one, 9 of its 11 "time" files), not what the
    module does when used. A script's main block is what the script does, and stays."""
    demo_from = {f.path: line for f in facts
                 if (line := f.main_block_line) is not None and graph.count_importers(f.path)}
    return tuple(s for s in effects if s.path not in demo_from or s.line < demo_from[s.path])


def _own_method_names(file_facts: FileFacts) -> frozenset[str]:
    """Names of the methods the file's own types define."""
    return frozenset(d.name for d in file_facts.definitions
                     if d.kind == "method" or (d.kind == "function" and "." in d.qualname))


def _calls_own_method(callee: str, own_methods: frozenset[str]) -> bool:
    """``self.write_text(...)`` where the file defines a ``write_text`` method: the
    object's own method, whose body has its own effect sites, whatever a receiver-blind
    pattern (``.write_text``) says."""
    receiver, _, method = callee.partition(".")
    return receiver in RECEIVER_NAMES and method in own_methods


def _classify(callee: str, names: NameResolver, knowledge) -> tuple[str | None, str]:
    """(effect kind or None, canonical name) of a callee as written in one file."""
    name = names.resolve(callee)
    if name.targets:
        return None, name.name  # the repository's own code: its effects are listed where they happen
    return knowledge.effect_kind(name.name, name.resolved), name.name


def _site_of(path: str, call, kind: str | None, canonical: str, knowledge) -> EffectSite | None:
    if kind is None:
        if call.form == BARE_FORM and knowledge.unseeded(canonical):
            # ``new Random()`` seeds itself from the clock or the OS; ``new Random(42)`` does not.
            return EffectSite(RANDOM_KIND, path, call.line, call.scope, canonical)
        return None
    if kind in FS_KINDS and knowledge.names_no_file(call.arg):
        return None  # fopen('php://temp'): a stream in memory, not a file
    return _effect_site(path, call, kind, canonical)


def _effect_site(path: str, call, kind: str, canonical: str) -> EffectSite | None:
    if call.form == "subscript" and kind != ENV_KIND:
        return None  # a keyed read is only an effect when it reads the environment
    if kind == FS_READ_KIND and call.form == WRITE_FORM:
        kind = FS_WRITE_KIND
    detail = canonical
    if kind == ENV_KIND and call.arg is not None and _ENV_NAME.fullmatch(call.arg):
        detail = call.arg
    return EffectSite(kind=kind, path=path, line=call.line, symbol=call.scope, detail=detail)
