"""Stage 7, write: put the block into CLAUDE.md (or another file) atomically, or check it.

This is an adapter: it is the only stage that writes to the repository.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mapper.errors import UserError
from mapper.model import BLOCK_BEGIN
from mapper.write.markers import MarkerError, splice_block

__all__ = [
    "MarkerError", "WriteError", "CheckResult", "write_block", "check_block", "planned_text", "holds_block",
    "has_import_line", "add_import_line", "write_bytes_atomically",
]


class WriteError(UserError):
    """The target file cannot be read or written safely."""


@dataclass(frozen=True)
class CheckResult:
    fresh: bool
    diff: str


def _read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise WriteError(f"{path} is a directory") from None
    except OSError as error:
        raise WriteError(f"cannot read {path}: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteError(f"{path} is not valid UTF-8; refusing to edit it") from None


def planned_text(path: Path, block: str) -> tuple[str | None, str]:
    """The file's current text (None if absent) and the text it should have."""
    existing = _read(path)
    return existing, splice_block(existing, block)


def write_block(path: Path, block: str) -> bool:
    """Write the block into ``path``; return True if the file changed."""
    existing, new = planned_text(path, block)
    if existing == new:
        return False
    _atomic_write(Path(os.path.realpath(path)), new.encode("utf-8"))
    return True


def check_block(path: Path, block: str, display_name: str) -> CheckResult:
    existing, new = planned_text(path, block)
    if existing == new:
        return CheckResult(True, "")
    diff = difflib.unified_diff(
        (existing or "").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{display_name}",
        tofile=f"b/{display_name}",
    )
    return CheckResult(False, "".join(diff))


def holds_block(path: Path) -> bool:
    """Whether the file exists and holds a claude-map block (an orphan, when no map targets it)."""
    try:
        return BLOCK_BEGIN in (_read(path) or "")
    except WriteError:
        return False


def has_import_line(path: Path, imported: str) -> bool:
    """Whether the file has a line ``@imported`` (how a CLAUDE.md pulls in another file)."""
    text = _read(path) or ""
    return any(line.strip() == f"@{imported}" for line in text.splitlines())


def add_import_line(path: Path, imported: str) -> None:
    """Append ``@imported`` as a line of its own; the rest of the file is kept as it is."""
    existing = _read(path) or ""
    newline = "\r\n" if "\r\n" in existing else "\n"
    separator = "" if not existing or existing.endswith(("\n", "\r")) else newline
    text = existing + separator + f"@{imported}" + newline
    _atomic_write(Path(os.path.realpath(path)), text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` atomically (used by ``stack init`` for its own files)."""
    _atomic_write(path, data, mode)


def _atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Temp file in the same directory, fsync, keep the mode (or set ``mode``), then rename over."""
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(f"cannot write in {path.parent}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as error:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise WriteError(f"cannot write {path}: {error.strerror}") from None
