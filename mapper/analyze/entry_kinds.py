"""The entry-kind vocabulary: labels, implied roles and listing order, declared once.

Each language folder declares the kinds it produces (``LanguageSpec.entry_kinds``);
the kinds that core readers produce for every language (CI workflows, Dockerfiles,
Procfiles, framework application objects named in ``knowledge.toml``) are declared
here. Nothing else names an entry kind's label or role.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mapper.languages.registry import LanguageRegistry
from mapper.model import EntryKind, EntryPoint

__all__ = ["CORE_ENTRY_KINDS", "EntryVocabulary", "entry_vocabulary"]

CORE_ENTRY_KINDS = (
    EntryKind("entry.web_app", "web app", "role.http", 8),
    EntryKind("entry.worker", "worker", "", 9),
    EntryKind("entry.docker_entrypoint", "Docker ENTRYPOINT", "", 10),
    EntryKind("entry.docker_cmd", "Docker CMD", "", 11),
    EntryKind("entry.procfile", "Procfile", "", 12),
    EntryKind("entry.ci_job", "CI job", "", 14),
    EntryKind("entry.scheduled", "scheduled (cron)", "", 14),
)
_UNKNOWN_ORDER = 99


@dataclass(frozen=True)
class EntryVocabulary:
    kinds: dict[str, EntryKind]

    def label(self, kind: str) -> str:
        known = self.kinds.get(kind)
        return known.label if known else kind.removeprefix("entry.").replace("_", " ")

    def role(self, kind: str) -> str:
        known = self.kinds.get(kind)
        return known.role if known else ""

    def order(self, kind: str) -> int:
        known = self.kinds.get(kind)
        return known.order if known else _UNKNOWN_ORDER

    def labelled(self, entry: EntryPoint) -> EntryPoint:
        return replace(entry, label=self.label(entry.kind))


def entry_vocabulary(registry: LanguageRegistry) -> EntryVocabulary:
    kinds = {k.kind: k for k in CORE_ENTRY_KINDS}
    for language in registry.languages:
        for kind in language.spec.entry_kinds:
            kinds.setdefault(kind.kind, kind)
    return EntryVocabulary(kinds)
