"""Rust import resolution: crate module trees built by following ``mod`` declarations.

Every crate root Cargo knows (library, binaries, tests, examples, benches, build
script) starts a tree. ``mod foo;`` in a root or a ``mod.rs`` looks for ``foo.rs`` or
``foo/mod.rs`` beside it; in any other file ``bar.rs`` it looks in ``bar/``. A ``use``
path then resolves to the longest prefix of it that is a module file: ``use
crate::config::Config`` reaches ``src/config.rs``. Paths may start with ``crate``,
``self``, ``super``, a child module (2018 uniform paths), a root module (2015
edition), or a crate name: a library crate of the repository resolves into its tree,
anything else is external under the crate name.

Inline ``mod x { ... }`` blocks are not files, but their spans (definitions of kind
``module``) tell which module a ``use`` or ``mod`` inside them belongs to, so that the
ubiquitous ``mod tests { use super::*; }`` stays inside its file.
"""

from __future__ import annotations

import functools
import posixpath
from collections import deque
from dataclasses import dataclass, field

from mapper.languages._shared import dir_of, join, shared_directories
from mapper.languages.rust.cargo import Package, read_packages, rust_paths
from mapper.languages.spec import ImportTarget, ResolveContext
from mapper.model import Definition, FileFacts, ImportSite

__all__ = ["ModLocator", "ModuleRef", "RustResolver", "make_resolver", "use_path"]

_SYSROOT_CRATES = frozenset({"std", "core", "alloc", "proc_macro", "test"})
_ROOT_FILE_NAMES = ("lib.rs", "main.rs")

ModulePath = tuple[str, ...]


@dataclass(frozen=True)
class ModuleRef:
    """A module: the crate root file it belongs to and its path inside that crate."""

    crate: str
    path: ModulePath


def use_path(site: ImportSite) -> list[str]:
    """The path a ``use``/``extern crate`` site names, as segments (absolute: leading '')."""
    segments = site.source.split("::")
    if site.name and site.name != "self":
        segments.extend(site.name.split("::"))
    return [s.strip() for s in segments]


def _inline_modules(facts: FileFacts | None, line: int) -> list[Definition]:
    """Inline ``mod`` blocks enclosing ``line``, outermost first."""
    if facts is None:
        return []
    enclosing = [
        d for d in facts.definitions if d.kind == "module" and d.line <= line <= d.end_line
    ]
    return sorted(enclosing, key=lambda d: (d.line, -d.end_line))


def _inline_path(facts: FileFacts | None, line: int) -> ModulePath:
    return tuple(d.name for d in _inline_modules(facts, line))


@dataclass(frozen=True)
class ModLocator:
    """Finds the file a ``mod name;`` declaration loads."""

    rust_paths: frozenset[str]
    facts_by_path: dict[str, FileFacts]
    crate_roots: frozenset[str]

    def locate(self, declaring: str, site: ImportSite, reached: bool) -> str | None:
        """``reached``: the declaring file is known to be a module of some crate."""
        if site.name:  # #[path = "..."]: relative to the declaring file's directory
            path = posixpath.normpath(join(dir_of(declaring), site.name))
            return path if path in self.rust_paths else None
        if self._has_path_attribute(declaring, site):
            return None  # the #[path] twin of this site names the file
        inline = _inline_path(self.facts_by_path.get(declaring), site.line)
        for directory in self._child_directories(declaring, reached):
            base = "/".join(p for p in (directory, *inline) if p)
            for candidate in (join(base, f"{site.source}.rs"), join(base, f"{site.source}/mod.rs")):
                if candidate in self.rust_paths:
                    return candidate
        return None

    def _has_path_attribute(self, declaring: str, site: ImportSite) -> bool:
        facts = self.facts_by_path.get(declaring)
        return facts is not None and any(
            other.kind == "mod" and other.name and other.line == site.line
            and other.source == site.source
            for other in facts.imports
        )

    def _child_directories(self, path: str, reached: bool) -> list[str]:
        """Where a file's child modules live; both guesses for a file no crate reaches."""
        own = dir_of(path)
        nested = join(own, path.rsplit("/", 1)[-1].removesuffix(".rs"))
        if path in self.crate_roots or path.rsplit("/", 1)[-1] == "mod.rs":
            return [own]
        if reached:
            return [nested]
        if path.rsplit("/", 1)[-1] in _ROOT_FILE_NAMES:
            return [own, nested]
        return [nested, own]


@dataclass(frozen=True)
class RustResolver:
    locator: ModLocator
    packages: tuple[Package, ...]
    file_modules: dict[str, ModuleRef]
    module_files: dict[ModuleRef, str]
    libraries: dict[str, tuple[str, ...]]  # crate name -> library roots bearing it
    editions: dict[str, str]  # crate root -> its package's edition
    _guessed: dict[str, ModuleRef | None] = field(default_factory=dict, compare=False, repr=False)

    def resolve(self, importer: str, site: ImportSite) -> ImportTarget:
        if site.kind == "mod":
            target = self.locator.locate(importer, site, importer in self.file_modules)
            return ImportTarget(targets=(target,) if target else ())
        segments = use_path(site)
        if segments[0] == "" and len(segments) < 2:
            return ImportTarget()
        if site.kind == "extern_crate":
            return self._crate_target(segments[0], [], importer)
        return self._use_target(importer, site.line, segments)

    def _use_target(self, importer: str, line: int, segments: list[str]) -> ImportTarget:
        first, rest = segments[0], segments[1:]
        if first == "":  # `::name`: always a crate
            return self._crate_target(rest[0], rest[1:], importer)
        here = self._module_of(importer)
        if here is None:
            if first in ("crate", "self", "super"):
                return ImportTarget()  # relative to a crate no manifest declares
            return self._crate_target(first, rest, importer)
        facts = self.locator.facts_by_path.get(importer)
        current = here.path + _inline_path(facts, line)
        base = self._relative_base(here, current, segments, importer)
        if base is None:
            return self._crate_target(first, rest, importer)
        module, remaining = base
        return self._file_target(ModuleRef(here.crate, module + tuple(remaining)))

    def _relative_base(
        self, here: ModuleRef, current: ModulePath, segments: list[str], importer: str
    ) -> tuple[ModulePath, list[str]] | None:
        """Where a path starts when it is not a crate name: (module, segments after it)."""
        first = segments[0]
        if first == "crate":
            return (), segments[1:]
        if first == "self":
            return current, segments[1:]
        if first == "super":
            ups = _count_leading(segments, "super")
            return current[: max(len(current) - ups, 0)], segments[ups:]
        if self._is_child_module(here, current, first, importer):
            return current, segments
        if self.editions.get(here.crate) == "2015" and ModuleRef(here.crate, (first,)) in self.module_files:
            return (), segments
        return None

    def _is_child_module(self, here: ModuleRef, current: ModulePath, name: str, importer: str) -> bool:
        if ModuleRef(here.crate, current + (name,)) in self.module_files:
            return True
        facts = self.locator.facts_by_path.get(importer)
        return facts is not None and any(
            d.kind == "module" and d.name == name
            and here.path + _inline_path(facts, d.line) == current + (name,)
            for d in facts.definitions
        )

    def _crate_target(self, name: str, rest: list[str], importer: str) -> ImportTarget:
        library = self._library_named(name, importer)
        if library is not None:
            return self._file_target(ModuleRef(library, tuple(rest)))
        if name in _SYSROOT_CRATES:
            return ImportTarget(external=name)
        if not name or name[:1].isupper():
            # `use Ordering::*`, `use Self::...`: an item of this module, not a crate.
            return ImportTarget()
        return ImportTarget(external=name)

    def _library_named(self, name: str, importer: str) -> str | None:
        roots = self.libraries.get(name)
        if not roots:
            return None
        # Two packages with one crate name (fuzz targets, copies): the nearer one wins.
        return max(roots, key=lambda root: (shared_directories(root, importer), root))

    def _file_target(self, module: ModuleRef) -> ImportTarget:
        """The longest prefix of ``module`` that is a file (items and inline modules are not)."""
        for length in range(len(module.path), -1, -1):
            target = self.module_files.get(ModuleRef(module.crate, module.path[:length]))
            if target:
                return ImportTarget(targets=(target,))
        return ImportTarget()

    def _module_of(self, path: str) -> ModuleRef | None:
        return self.file_modules.get(path) or self._guess_module(path)

    def _guess_module(self, path: str) -> ModuleRef | None:
        if path not in self._guessed:
            self._guessed[path] = self._place_by_path(path)
        return self._guessed[path]

    def _place_by_path(self, path: str) -> ModuleRef | None:
        """A file no ``mod`` reaches: place it by its path under its package's ``src/``."""
        package = self._nearest_package_with_src(path)
        if package is None:
            return None
        crate = package.lib_root or next((b.path for b in package.binaries), None)
        if crate is None:
            return None
        parts = path[len(join(package.directory, "src/")) :].removesuffix(".rs").split("/")
        if parts[-1] == "mod":
            parts = parts[:-1]
        return ModuleRef(crate, tuple(parts))

    def _nearest_package_with_src(self, path: str) -> Package | None:
        """The package whose ``src/`` folder holds ``path``, the deepest when nested.

        Walks the file's folders up instead of testing every package: a workspace
        can have hundreds, and this runs for every file no ``mod`` reaches."""
        directory = dir_of(path)
        while directory:
            if directory == "src" or directory.endswith("/src"):
                package = self._packages_by_directory.get(directory[: -len("src")].rstrip("/"))
                if package is not None:
                    return package
            directory = dir_of(directory)
        return None

    @functools.cached_property
    def _packages_by_directory(self) -> dict[str, Package]:
        by_directory: dict[str, Package] = {}
        for package in self.packages:
            by_directory.setdefault(package.directory, package)
        return by_directory


def _count_leading(segments: list[str], word: str) -> int:
    count = 0
    while count < len(segments) and segments[count] == word:
        count += 1
    return count


def _build_module_tree(
    locator: ModLocator, roots: list[str]
) -> tuple[dict[str, ModuleRef], dict[ModuleRef, str]]:
    """Walk ``mod`` declarations from every crate root, breadth first."""
    file_modules: dict[str, ModuleRef] = {}
    module_files: dict[ModuleRef, str] = {}
    queue: deque[str] = deque()
    for root in roots:
        if root not in file_modules:
            file_modules[root] = ModuleRef(root, ())
            module_files[ModuleRef(root, ())] = root
            queue.append(root)
    while queue:
        parent = queue.popleft()
        facts = locator.facts_by_path.get(parent)
        for site in facts.imports if facts else ():
            if site.kind != "mod":
                continue
            child = locator.locate(parent, site, reached=True)
            if child is None or child in file_modules:
                continue
            parent_module = file_modules[parent]
            inline = _inline_path(facts, site.line)
            module = ModuleRef(parent_module.crate, parent_module.path + inline + (site.source,))
            file_modules[child] = module
            module_files[module] = child
            queue.append(child)
    return file_modules, module_files


def make_resolver(context: ResolveContext) -> RustResolver:
    packages = read_packages(context.snapshot)
    roots = sorted({root for package in packages for root in package.roots})
    locator = ModLocator(
        rust_paths=rust_paths(context.snapshot) & context.source_paths,
        facts_by_path=context.facts_by_path,
        crate_roots=frozenset(roots),
    )
    file_modules, module_files = _build_module_tree(locator, roots)
    libraries: dict[str, list[str]] = {}
    for package in packages:
        if package.lib_name and package.lib_root:
            libraries.setdefault(package.lib_name, []).append(package.lib_root)
    editions = {root: package.edition for package in packages for root in package.roots}
    return RustResolver(
        locator, packages, file_modules, module_files,
        libraries={name: tuple(roots) for name, roots in libraries.items()},
        editions=editions,
    )
