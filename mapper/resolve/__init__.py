"""Stage 3, resolve: imports -> repo files or external packages, plus local name bindings.

The per-language resolvers do the real work; this stage only builds each resolver
once and applies it to every file of that language.
"""

from __future__ import annotations

from mapper.languages.registry import LanguageRegistry
from mapper.languages.spec import ResolveContext
from mapper.model import Binding, FileFacts, RepoSnapshot, ResolvedFile, ResolvedImport

__all__ = ["resolve_imports"]


def resolve_imports(
    snapshot: RepoSnapshot, facts: tuple[FileFacts, ...], registry: LanguageRegistry
) -> tuple[ResolvedFile, ...]:
    context = ResolveContext(
        snapshot=snapshot,
        source_paths=frozenset(f.path for f in facts),
        facts_by_path={f.path: f for f in facts},
    )
    resolvers = {}
    resolved: list[ResolvedFile] = []
    for file_facts in facts:
        spec = registry.get(file_facts.language).spec
        if spec.name not in resolvers:
            resolvers[spec.name] = spec.make_resolver(context)
        resolver = resolvers[spec.name]
        imports: list[ResolvedImport] = []
        bindings: dict[str, Binding] = {}
        for site in file_facts.imports:
            outcome = resolver.resolve(file_facts.path, site)
            targets = tuple(t for t in outcome.targets if t != file_facts.path)
            for target in targets:
                imports.append(ResolvedImport(file_facts.path, site.line, site.source, target=target))
            if not targets and outcome.external:
                imports.append(ResolvedImport(file_facts.path, site.line, site.source, external=outcome.external))
            binding = spec.bind_import(site)
            if binding is not None:
                # Later imports rebind a name, as they do at run time.
                bindings[binding.local] = Binding(binding.local, binding.qualified, targets)
        resolved.append(
            ResolvedFile(
                path=file_facts.path,
                imports=tuple(sorted(set(imports), key=_import_key)),
                bindings=tuple(sorted(bindings.values(), key=lambda b: b.local)),
            )
        )
    return tuple(resolved)


def _import_key(item: ResolvedImport) -> tuple:
    return (item.line, item.source, item.target or "", item.external or "")
