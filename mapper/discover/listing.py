"""List a repository's candidate files: ``git ls-files`` inside git, an ignore-aware walk elsewhere.

This is an adapter: it runs git and walks the disk. It never follows a symlink, so a
symlink loop or a link pointing out of the repository cannot pull outside files in.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a .gitignore is read: a git checkout never needs it
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
    # (size, mtime_ns) of each path, when the listing had to lstat it anyway (inside
    # git, to tell links apart), so that later steps need not stat again.
    stats: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False)


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
    stats: dict[str, tuple[int, int]] = {}
    linked_dirs: dict[str, bool] = {"": False}
    base = str(root)
    for rel in candidates:
        try:
            info = os.lstat(os.path.join(base, rel))
        except OSError:
            continue  # vanished between listing and stat (deleted but still tracked)
        if stat.S_ISLNK(info.st_mode) or _under_link(base, rel.rpartition("/")[0], linked_dirs):
            links.append(rel)
        elif stat.S_ISREG(info.st_mode):
            paths.append(rel)
            stats[rel] = (info.st_size, info.st_mtime_ns)
    return FileListing(tuple(sorted(paths)), tuple(sorted(links)), is_git, stats)


def _under_link(base: str, directory: str, known: dict[str, bool]) -> bool:
    """Whether ``directory`` or one of its parents is a symlink; memoised per folder."""
    if directory in known:
        return known[directory]
    parent = directory.rpartition("/")[0]
    try:
        linked = _under_link(base, parent, known) or os.path.islink(os.path.join(base, directory))
    except OSError:
        linked = False
    known[directory] = linked
    return linked


def _walk(root: Path) -> FileListing:
    paths: list[str] = []
    links: list[str] = []
    ignores: list[tuple[str, pathspec.PathSpec]] = []
    pending = [""]
    while pending:
        rel_dir = pending.pop()
        directory = os.path.join(root, rel_dir) if rel_dir else str(root)
        try:
            with os.scandir(directory) as scan:
                entries = list(scan)  # any order: the paths are sorted once at the end
        except OSError:
            continue
        # A .gitignore applies to its own folder and below; siblings never see it.
        ignores = [(b, s) for b, s in ignores if not b or rel_dir == b or rel_dir.startswith(b + "/")]
        spec = _read_gitignore(directory) if any(e.name == ".gitignore" for e in entries) else None
        if spec is not None:
            ignores.append((rel_dir, spec))
        subdirs = []
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                if entry.name in _WALK_PRUNED_DIRS:
                    continue
                if entry.is_symlink():
                    if not _ignored(ignores, rel):
                        links.append(rel)
                elif entry.is_dir(follow_symlinks=False):
                    if not _ignored(ignores, rel + "/"):
                        subdirs.append(rel)
                elif entry.is_file(follow_symlinks=False) and not _ignored(ignores, rel):
                    paths.append(rel)  # not stat'ed here: most files of a tree are not sources
            except OSError:
                continue
        pending.extend(reversed(subdirs))
    return FileListing(tuple(sorted(paths)), tuple(sorted(links)), is_git=False)


def _read_gitignore(directory: str) -> pathspec.PathSpec | None:
    import pathspec

    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
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
