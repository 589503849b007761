"""Entry points and commands of Cargo packages and workspaces.

Commands run where Cargo runs them: at a workspace root for its members, in the
package directory for a package outside any workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mapper.languages._shared import command, command_kind, entry, load_toml, manifests_named, run_in
from mapper.languages.rust.cargo import (
    Binary, Package, Workspace, read_packages, read_workspaces,
)
from mapper.model import Command, EntryPoint, ManifestFile, RepoSnapshot

__all__ = ["read_entry_points", "read_commands", "read_project_name"]

_CLIPPY_CONFIGS = ("clippy.toml", ".clippy.toml")
_CARGO_CONFIG = ".cargo/config.toml"


@dataclass(frozen=True)
class _CargoRoot:
    """A directory Cargo commands run in, with the packages they cover."""

    directory: str
    manifest: ManifestFile
    packages: tuple[Package, ...]
    needle: str  # the manifest text that makes it a root

    def in_dir(self, text: str) -> str:
        return run_in(self.directory, text)

    @property
    def binaries(self) -> tuple[Binary, ...]:
        return tuple(b for p in self.packages for b in p.binaries)


def _cargo_roots(snapshot: RepoSnapshot) -> list[_CargoRoot]:
    packages = read_packages(snapshot)
    workspaces = read_workspaces(snapshot, packages)
    by_path = {m.path: m for m in manifests_named(snapshot, "Cargo.toml")}
    roots = [_workspace_root(w, packages, by_path) for w in workspaces]
    covered = {d for w in workspaces for d in w.members}
    for package in packages:
        if package.directory not in covered:
            roots.append(_CargoRoot(package.directory, by_path[package.manifest], (package,), "[package]"))
    return sorted(roots, key=lambda r: r.directory)


def _workspace_root(
    workspace: Workspace, packages: tuple[Package, ...], by_path: dict[str, ManifestFile]
) -> _CargoRoot:
    members = tuple(p for p in packages if p.directory in workspace.members)
    return _CargoRoot(workspace.directory, by_path[workspace.manifest], members, "[workspace]")


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    """The root package's name; a virtual workspace has none (the folder name stands)."""
    manifest = snapshot.manifest("Cargo.toml")
    package = load_toml(manifest).get("package") if manifest is not None else None
    name = package.get("name") if isinstance(package, dict) else None
    return name if isinstance(name, str) and name else None


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    found = []
    for root in _cargo_roots(snapshot):
        for binary, run in _run_targets(root):
            found.append(_binary_entry(binary, root.in_dir(run)))
    return found


def _run_targets(root: _CargoRoot) -> list[tuple[Binary, str]]:
    """Each binary with the ``cargo run`` that runs it from the root. At a workspace
    root that is a package itself, a bare ``cargo run`` runs that package only: the
    other members' binaries need ``-p`` (rayon's ``rayon-demo``; rayon has no binary)."""
    own = next((p for p in root.packages if p.directory == root.directory), None)
    if own is None or len(root.packages) == 1:
        several = len(root.binaries) > 1
        return [(b, f"cargo run --bin {b.name}" if several else "cargo run") for b in root.binaries]
    targets = []
    for package in root.packages:
        selector = "" if package is own else f" -p {package.name}"
        several = len(package.binaries) > 1
        targets.extend((b, f"cargo run{selector}" + (f" --bin {b.name}" if several else "")) for b in package.binaries)
    return targets


def _binary_entry(binary: Binary, target: str) -> EntryPoint:
    if binary.line:
        # Declared in the manifest, but it starts in its crate root: reach is
        # followed from there (ripgrep's `rg` is crates/core/main.rs).
        return replace(entry("entry.rust_bin", binary.name, target, binary.manifest, binary.line,
                             "[[bin]] in Cargo.toml"), file=binary.path, symbol="main")
    # Found by layout: the file itself is the evidence (the manifests reader sees no
    # source text, so it cannot point at `fn main`).
    return entry("entry.rust_bin", binary.name, target, binary.path, 1,
                 "binary crate root by Cargo's layout")


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    lint_evidence = _clippy_evidence(snapshot)
    for root in _cargo_roots(snapshot):
        found.append(command("build", root.in_dir("cargo build"), root.manifest, root.needle))
        found.append(command("test", root.in_dir("cargo test"), root.manifest, root.needle))
        found.extend(_run_commands(root))
        if lint_evidence is not None:
            found.append(command("lint", root.in_dir("cargo clippy"), lint_evidence, "clippy"))
    found.extend(_alias_commands(snapshot))
    return found


def _run_commands(root: _CargoRoot) -> list[Command]:
    targets = _run_targets(root)
    if len(targets) == 1 and targets[0][1] == "cargo run":
        return [command("run", root.in_dir("cargo run"), root.manifest, root.needle)]
    return [command("run", root.in_dir(run), root.manifest, f'"{b.name}"', root.needle) for b, run in targets]


def _clippy_evidence(snapshot: RepoSnapshot) -> ManifestFile | None:
    """A clippy config or a CI step mentioning clippy: the project does run it."""
    configs = manifests_named(snapshot, *_CLIPPY_CONFIGS)
    if configs:
        return configs[0]
    return next(
        (m for m in snapshot.manifests if _is_ci(m.path) and "clippy" in m.text), None
    )


def _is_ci(path: str) -> bool:
    return path.startswith(".github/workflows/") or path == ".gitlab-ci.yml"


def _alias_commands(snapshot: RepoSnapshot) -> list[Command]:
    """``[alias]`` entries of ``.cargo/config.toml``: project tasks such as ``cargo xtask``."""
    found = []
    for manifest in snapshot.manifests:
        if manifest.path != _CARGO_CONFIG:
            continue
        aliases = load_toml(manifest).get("alias", {})
        for name in sorted(aliases if isinstance(aliases, dict) else {}):
            found.append(command(command_kind(name), f"cargo {name}", manifest, f"{name} ="))
    return found
