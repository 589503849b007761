"""Splice the generated block into a file's text. Pure: strings in, string out.

Only the text from the begin marker to the end marker is ever replaced; everything
else is kept character for character, including the file's line endings.
"""

from __future__ import annotations

from mapper.errors import UserError
from mapper.model import BLOCK_BEGIN, BLOCK_END

__all__ = ["MarkerError", "splice_block"]


class MarkerError(UserError):
    """The file's markers are malformed; nothing is changed."""


def splice_block(existing: str | None, block: str) -> str:
    """Return the new file text with ``block`` (which uses '\\n' endings) in place."""
    if existing is None or existing == "":
        return block + "\n"
    newline = "\r\n" if "\r\n" in existing else "\n"
    block = block.replace("\n", newline)
    begins, ends = existing.count(BLOCK_BEGIN), existing.count(BLOCK_END)
    if begins == 0 and ends == 0:
        separator = "" if existing.endswith(("\n", "\r")) else newline
        return existing + separator + newline + block + newline
    if begins != 1 or ends != 1:
        raise MarkerError(
            f"expected one {BLOCK_BEGIN} and one {BLOCK_END}, found {begins} and {ends}; fix the markers by hand"
        )
    start = existing.index(BLOCK_BEGIN)
    end = existing.index(BLOCK_END)
    if end < start:
        raise MarkerError(f"{BLOCK_END} comes before {BLOCK_BEGIN}; fix the markers by hand")
    return existing[:start] + block + existing[end + len(BLOCK_END) :]
