"""Stage 5, analyze: facts + graphs -> ``Analysis`` (entry points, roles, effects, ranks)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from mapper.analyze.commands import find_commands
from mapper.analyze.effects import find_effects, without_demo_effects
from mapper.analyze.entry_kinds import entry_vocabulary
from mapper.analyze.entry_points import find_entry_points, order_by_reach
from mapper.analyze.examples import find_example_areas
from mapper.analyze.modules import rank_modules
from mapper.analyze.reach import entry_reaches, locate_entries
from mapper.analyze.roles import assign_roles
from mapper.analyze.routes import find_routes
from mapper.analyze.subcommands import find_subcommands
from mapper.analyze.units import mark_package_units
from mapper.graph.areas import area_of, condense_areas, find_area_cycles
from mapper.graph.call_graph import CallGraph
from mapper.graph.import_graph import ImportGraph
from mapper.graph.ranking import rank_bucket
from mapper.languages.registry import LanguageRegistry
from mapper.resolve.names import NameResolvers
from mapper.model import (
    Analysis, Area, FileFacts, ModuleInfo, RepoSnapshot, ResolvedFile, RoleAssignment,
)

__all__ = ["analyze_repo", "ordered_modules", "dominant_role", "partial_notes", "project_dirs", "CENTRAL_PER_AREA"]

CENTRAL_PER_AREA = 3
_SKIPPED_AREA_REASONS = ("vendored", "build", "generated", "fixtures")


def analyze_repo(
    snapshot: RepoSnapshot,
    facts: tuple[FileFacts, ...],
    resolved: tuple[ResolvedFile, ...],
    names: NameResolvers,
    graph: ImportGraph,
    calls: CallGraph,
    registry: LanguageRegistry,
) -> Analysis:
    effects = without_demo_effects(find_effects(facts, names, registry), facts, graph)
    vocabulary = entry_vocabulary(registry)
    entries = find_entry_points(snapshot, facts, names, registry, vocabulary)
    entries = entry_reaches(locate_entries(entries, facts, registry), effects, calls)
    entries = order_by_reach(entries, graph, vocabulary)
    projects = project_dirs(snapshot, registry)
    libraries = frozenset(d for language in registry.languages for d in language.spec.read_library_projects(snapshot))
    routes = find_routes(snapshot, facts, names, registry)
    roles = assign_roles(facts, resolved, effects, entries, registry, vocabulary, projects, libraries, routes)
    constructors = {language.spec.name: frozenset(language.spec.constructor_names) for language in registry.languages}
    modules = mark_package_units(ordered_modules(rank_modules(facts, resolved, names, graph, calls, constructors)),
                                 graph)
    modules = mark_declarations(modules, registry)
    tests = frozenset(r.path for r in roles if r.role == "role.tests")
    area_edges = condense_areas(graph, tests)
    return Analysis(
        name=_project_name(snapshot, facts, registry),
        languages=_language_counts(facts),
        commands=find_commands(snapshot, registry),
        entry_points=entries,
        areas=_areas(snapshot, roles, modules, graph, tests),
        roles=roles,
        effects=effects,
        modules=modules,
        area_edges=area_edges,
        cycles=find_area_cycles(area_edges),
        partial=partial_notes(facts, registry),
        routes=routes,
        subcommands=find_subcommands(facts, registry),
        example_areas=find_example_areas(graph, roles, entries, projects),
    )


def mark_declarations(modules: tuple[ModuleInfo, ...], registry: LanguageRegistry) -> tuple[ModuleInfo, ...]:
    """``modules`` with ``declares`` set on each declaration file whose source is
    there too (``_make.pyi`` beside ``_make.py``; ``index.d.ts`` beside ``index.js``)."""
    paths = frozenset(m.path for m in modules)
    out = []
    for module in modules:
        spec = registry.get(module.language).spec
        source = next((twin for extension, sources in spec.declaration_extensions if module.path.endswith(extension)
                       for suffix in sources if (twin := module.path[: -len(extension)] + suffix) in paths), "")
        out.append(replace(module, declares=source) if source else module)
    return tuple(out)


def ordered_modules(modules: tuple[ModuleInfo, ...]) -> tuple[ModuleInfo, ...]:
    """Most central first; ranks are bucketed and ties broken by path for stability."""
    positive = [m.rank for m in modules if m.rank > 0]
    smallest = min(positive) if positive else 0.0
    return tuple(sorted(modules, key=lambda m: (-rank_bucket(m.rank, smallest), -m.fan_in, m.path)))


def _project_name(snapshot: RepoSnapshot, facts: tuple[FileFacts, ...], registry: LanguageRegistry) -> str:
    """The name the root manifest declares, most-used language first; else the folder name."""
    for language, _ in _language_counts(facts):
        name = registry.get(language).spec.read_project_name(snapshot)
        if name:
            return name
    for language in registry.languages:
        name = language.spec.read_project_name(snapshot)
        if name:
            return name
    return snapshot.name


def project_dirs(snapshot: RepoSnapshot, registry: LanguageRegistry) -> frozenset[str]:
    names = {name for language in registry.languages for name in language.spec.project_manifests}
    return frozenset(
        m.path.rsplit("/", 1)[0] for m in snapshot.manifests if "/" in m.path and m.path.rsplit("/", 1)[-1] in names
    )


def _language_counts(facts: tuple[FileFacts, ...]) -> tuple[tuple[str, int], ...]:
    counts = Counter(f.language for f in facts)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _areas(
    snapshot: RepoSnapshot, roles: tuple[RoleAssignment, ...], modules: tuple[ModuleInfo, ...], graph: ImportGraph,
    tests: frozenset[str],
) -> tuple[Area, ...]:
    """``tests``: the test files, which are none of an area's central files."""
    roles_by_area: dict[str, Counter[str]] = {}
    serving: dict[str, Counter[str]] = {}  # helpers that only their own area uses
    for assignment in roles:
        area = area_of(assignment.path)
        roles_by_area.setdefault(area, Counter())[assignment.role] += 1
        if serves_only(assignment, area, graph, area_of):
            serving.setdefault(area, Counter())[assignment.role] += 1
    central: dict[str, list[str]] = {}
    for module in modules:  # already most-central first
        bucket = central.setdefault(area_of(module.path), [])
        if len(bucket) < CENTRAL_PER_AREA and module.fan_in > 0 and module.path not in tests:
            bucket.append(module.path)
    areas = [
        Area(path=name, files=sum(counts.values()), role=area_role(counts, serving.get(name)),
             central=tuple(central.get(name, ())))
        for name, counts in roles_by_area.items()
    ]
    areas.extend(_skipped_areas(snapshot))
    return tuple(sorted(areas, key=lambda a: (a.kind != "source", a.path)))


# Ties between an area's roles follow the map's role order, except that a CLI comes
# last of the code's roles: a main is often incidental (Catch2's extras/ holds the
# amalgamated library, whose source has a main), a web framework's import is not.
_TIE_ORDER = (
    "role.http", "role.ui", "role.core", "role.data", "role.integration", "role.config", "role.util",
    "role.cli", "role.tests", "role.scripts",
)
_ACCESSORY_ROLES = frozenset({"role.scripts"})  # a module's build file, beside its code or its tests


# Helpers serve the code beside them: used only inside their area, they say
# what the area holds no more than its imports do (vue's server-renderer/ has ten
# ssr helpers under src/helpers/ for its six renderer files: it is a renderer).
_SERVING_ROLES = frozenset({"role.util"})


def serves_only(assignment: RoleAssignment, area: str, graph: ImportGraph,
                area_of_path: Callable[[str], str | None]) -> bool:
    """A helper (``_SERVING_ROLES``) that something imports and only its own ``area`` does."""
    importers = graph.find_importers(assignment.path)
    return assignment.role in _SERVING_ROLES and bool(importers) and all(area_of_path(i) == area for i in importers)


def area_role(counts: Counter[str], serving: Counter[str] | None) -> str:
    """An area's label: the dominant role of the files that vote (``_voting``)."""
    return dominant_role(_voting(counts, serving))


def _voting(counts: Counter[str], serving: Counter[str] | None) -> Counter[str]:
    """The roles that label an area: its helpers that only it uses stay out, unless
    no code but them is left (tests and build files are no code to label by)."""
    if not serving:
        return counts
    rest = counts - serving
    return rest if any(role != "role.tests" and role not in _ACCESSORY_ROLES for role in rest) else counts


def dominant_role(counts: Counter[str]) -> str:
    """The role most of an area's code has. Tests count only where the rest is
    accessories: a package's tests outnumbering its sources still leave it a package
    of its role, while a folder of ten tests and a build file (mockk's
    modules/mockk-android/) is tests."""
    tests = counts.get("role.tests", 0)
    rest = {role: n for role, n in counts.items() if role != "role.tests" and n}
    if tests and (not rest or (set(rest) <= _ACCESSORY_ROLES and tests >= sum(rest.values()))):
        return "role.tests"
    return min(rest, key=lambda role: (-rest[role], _TIE_ORDER.index(role)))


def _skipped_areas(snapshot: RepoSnapshot) -> list[Area]:
    """Vendored/build directories once each; generated files grouped by directory."""
    grouped: Counter[tuple[str, str]] = Counter()
    for item in snapshot.skipped:
        if item.reason not in _SKIPPED_AREA_REASONS:
            continue
        if item.reason == "generated":
            directory = item.path.rsplit("/", 1)[0] if "/" in item.path else "."
            grouped[(directory, "generated")] += 1
        else:
            grouped[(item.path, item.reason)] += 0
    return [Area(path=path, files=count, role="", kind=reason) for (path, reason), count in sorted(grouped.items())]


def partial_notes(facts: tuple[FileFacts, ...], registry: LanguageRegistry) -> tuple[str, ...]:
    notes = []
    missing = Counter(f.language for f in facts if f.grammar_missing)
    for language, count in sorted(missing.items()):
        module = registry.get(language).spec.grammars[""].module.replace("_", "-")
        notes.append(f"partial: no grammar for {language}, {count} files not parsed (pip install {module})")
    errors = sum(1 for f in facts if f.error_count)
    if errors:
        notes.append(f"partial: {errors} files have syntax errors; their facts may be incomplete")
    return tuple(notes)
