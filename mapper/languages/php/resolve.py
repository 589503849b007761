"""PHP resolution: ``use`` through composer autoload maps, ``require`` through paths.

A class name is looked up (1) through the PSR-4 and PSR-0 prefixes of every
composer.json in the repository (``autoload`` and ``autoload-dev``; ``App\\`` ->
``app/`` makes ``App\\Models\\User`` ``app/Models/User.php``), then (2) among the
classes, interfaces, traits, enums and functions the repository's files declare under
their ``namespace`` (which covers classmap autoloading and projects without
composer). A name under a prefix the project autoloads that reaches no file stays
unresolved; any other is an external package named by its leading namespace
segments, as written: ``GuzzleHttp\\Client`` -> ``GuzzleHttp``,
``Illuminate\\Support\\Facades\\DB`` -> ``Illuminate\\Support``,
``Symfony\\Component\\Console\\Application`` -> ``Symfony\\Component\\Console``. A name
in the global namespace (``use PDO;``, ``use function count;``) is PHP's or an
extension's and names no package.

``require``/``include`` paths are tried beside the including file, then from the
repository root; ``__DIR__ . '/x.php'`` and ``dirname(__DIR__) . '/x.php'`` from the
file's directory and its parent.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from mapper.languages._shared import dir_of, join, load_json, manifests_named
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import FileFacts, ImportSite, RepoSnapshot

__all__ = ["PhpResolver", "make_resolver", "class_name", "package_name", "read_autoload"]

COMPOSER = "composer.json"
_SEPARATOR = "\\"
_SUFFIX = ".php"
_DECLARING_KINDS = frozenset({"class", "interface", "trait", "enum", "function"})
_REQUIRE_KINDS = frozenset({"require", "require_dir", "require_parent"})
# Vendors whose second segment only groups packages: the package is the third.
_UMBRELLAS = frozenset({"Component", "Bundle", "Bridge", "Contracts"})


def class_name(site: ImportSite) -> str:
    """The fully qualified name a ``use`` imports, without a leading backslash."""
    parts = [site.source, site.name] if site.name else [site.source]
    return _SEPARATOR.join(p.strip().strip(_SEPARATOR) for p in parts if p.strip())


def package_name(name: str) -> str:
    """The external package a class name points at: its leading namespace segments."""
    segments = [s for s in name.split(_SEPARATOR) if s]
    if len(segments) <= 1:
        return name
    namespace = segments[:-1]
    keep = 3 if len(namespace) > 2 and namespace[1] in _UMBRELLAS else 2
    return _SEPARATOR.join(namespace[:keep])


@dataclass(frozen=True)
class AutoloadRule:
    """A composer autoload prefix and the directory it maps to (PSR-4 or PSR-0)."""

    prefix: str  # 'App\\' ('' for a fallback directory)
    directory: str  # repository-relative
    psr0: bool = False


def read_autoload(snapshot: RepoSnapshot) -> tuple[AutoloadRule, ...]:
    rules: list[AutoloadRule] = []
    for manifest in manifests_named(snapshot, COMPOSER):
        data = load_json(manifest)
        here = dir_of(manifest.path)
        for section in ("autoload", "autoload-dev"):
            table = data.get(section)
            if not isinstance(table, dict):
                continue
            rules.extend(_rules(table.get("psr-4"), here, psr0=False))
            rules.extend(_rules(table.get("psr-0"), here, psr0=True))
    # The longest prefix is the most specific mapping.
    return tuple(sorted(rules, key=lambda r: (-len(r.prefix), r.prefix, r.directory)))


def _rules(mapping: object, here: str, psr0: bool) -> list[AutoloadRule]:
    if not isinstance(mapping, dict):
        return []
    rules = []
    for prefix, directories in mapping.items():
        for directory in directories if isinstance(directories, list) else [directories]:
            if isinstance(prefix, str) and isinstance(directory, str):
                path = posixpath.normpath(join(here, directory.strip("/"))) if directory.strip("/") else here
                rules.append(AutoloadRule(prefix.lstrip(_SEPARATOR), "" if path == "." else path, psr0))
    return rules


@dataclass(frozen=True)
class PhpResolver:
    source_paths: frozenset[str]
    autoload: tuple[AutoloadRule, ...]
    declared: dict[str, str]  # lower-cased fully qualified name -> declaring file

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        if site.kind in _REQUIRE_KINDS:
            found = self._required_file(importer, site)
            return ImportTarget(targets=(found,)) if found else ImportTarget()
        name = class_name(site)
        if not name:
            return ImportTarget()
        found = self._autoloaded(name) or self.declared.get(name.lower())
        if found:
            return ImportTarget(targets=(found,))
        if self._is_own_namespace(name) or _SEPARATOR not in name:
            # A name in the global namespace (`use Closure;`, `use function count;`)
            # is PHP's own or an extension's: no package to name.
            return ImportTarget()
        return ImportTarget(external=package_name(name))

    def _autoloaded(self, name: str) -> str | None:
        for rule in self.autoload:
            if not name.startswith(rule.prefix):
                continue
            relative = name if rule.psr0 else name[len(rule.prefix):]
            if rule.psr0:
                namespace, _, short = relative.rpartition(_SEPARATOR)
                relative = join(namespace.replace(_SEPARATOR, "/"), short.replace("_", "/"))
            candidate = join(rule.directory, relative.replace(_SEPARATOR, "/") + _SUFFIX)
            if candidate in self.source_paths:
                return candidate
        return None

    def _is_own_namespace(self, name: str) -> bool:
        return any(rule.prefix and name.startswith(rule.prefix) for rule in self.autoload)

    def _required_file(self, importer: str, site: ImportSite) -> str | None:
        path = site.source.strip()
        here = dir_of(importer)
        if site.kind == "require_dir":
            bases = [here]
        elif site.kind == "require_parent":
            bases = [dir_of(here)] if here else []
        else:
            bases = [here, ""]
        for base in bases:
            candidate = posixpath.normpath(join(base, path.lstrip("/")))
            if candidate in self.source_paths:
                return candidate
        return None


def _declared_names(facts_by_path: dict[str, FileFacts]) -> dict[str, str]:
    """Fully qualified names of the top-level declarations in each PHP file."""
    declared: dict[str, list[str]] = defaultdict(list)
    for path in sorted(facts_by_path):
        facts = facts_by_path[path]
        if not path.endswith(_SUFFIX):
            continue
        namespaces = sorted((m.line, m.name) for m in facts.markers if m.kind == "package")
        for definition in facts.definitions:
            if definition.kind in _DECLARING_KINDS and definition.qualname == definition.name:
                namespace = next((n for line, n in reversed(namespaces) if line <= definition.line), "")
                qualified = _SEPARATOR.join(p for p in (namespace, definition.name) if p)
                declared[qualified.lower()].append(path)
    return {name: paths[0] for name, paths in declared.items()}


def make_resolver(context: ResolveContext) -> PhpResolver:
    php_paths = frozenset(p for p in context.source_paths if p.endswith(_SUFFIX))
    return PhpResolver(php_paths, read_autoload(context.snapshot), _declared_names(context.facts_by_path))
