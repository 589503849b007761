"""List a repository's candidate files: ``git ls-files`` inside git, an ignore-aware walk elsewhere.

This is an adapter: it runs git and walks the disk. It never follows a symlink, so a
symlink loop or a link pointing out of the repository cannot pull outside files in.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pathspec

__all__ = ["FileListing", "list_files"]

# Directories no walk descends into: VCS internals, caches and virtualenvs. Inside git
# these are ignored already; outside git nothing else would keep them out.
_WALK_PRUNED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", "__pycache__", ".claude-map", ".idea", ".vscode",
        ".cache", ".eggs",
    }
)


@dataclass(frozen=True)
class FileListing:
    paths: tuple[str, ...]  # repo-relative POSIX paths of regular files, sorted
    symlinks: tuple[str, ...]  # links seen and deliberately not followed
    is_git: bool


def list_files(root: Path) -> FileListing:
    """Return the files of the repository at ``root`` (which must be a directory)."""
    git_paths = _git_ls_files(root)
    if git_paths is not None:
        return _split_links(root, git_paths, is_git=True)
    return _walk(root)


def _git_ls_files(root: Path) -> list[str] | None:
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
        # Not a repo, or ``root`` is a sub-folder of one: walk it instead, so paths
        # stay relative to what the user asked to map.
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--deduplicate"],
            capture_output=True, check=False, timeout=300,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    names = {
        raw.decode("utf-8", errors="surrogateescape")
        for raw in out.stdout.split(b"\0")
        if raw
    }
    return sorted(names)


def _split_links(root: Path, candidates: list[str], *, is_git: bool) -> FileListing:
    paths: list[str] = []
    links: list[str] = []
    for rel in candidates:
        full = root / rel
        try:
            if full.is_symlink() or _has_linked_parent(root, rel):
                links.append(rel)
            elif full.is_file():
                paths.append(rel)
        except OSError:
            continue  # vanished between listing and stat (deleted but still tracked)
    return FileListing(tuple(sorted(paths)), tuple(sorted(links)), is_git)


def _has_linked_parent(root: Path, rel: str) -> bool:
    parts = rel.split("/")[:-1]
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def _walk(root: Path) -> FileListing:
    paths: list[str] = []
    links: list[str] = []
    ignores: list[tuple[str, pathspec.PathSpec]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        spec = _read_gitignore(Path(dirpath))
        if spec is not None:
            ignores.append((rel_dir, spec))
        kept_dirs = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name in _WALK_PRUNED_DIRS or _ignored(ignores, rel + "/"):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                links.append(rel)
                continue
            kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if _ignored(ignores, rel):
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                links.append(rel)
            elif os.path.isfile(full):
                paths.append(rel)
    return FileListing(tuple(sorted(paths)), tuple(sorted(links)), is_git=False)


def _read_gitignore(directory: Path) -> pathspec.PathSpec | None:
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())


def _ignored(ignores: list[tuple[str, pathspec.PathSpec]], rel: str) -> bool:
    for base, spec in ignores:
        if base and not rel.startswith(base + "/"):
            continue
        local = rel[len(base) + 1 :] if base else rel
        if spec.match_file(local):
            return True
    return False
