"""The write stage: only the marked block changes, atomically, keeping endings and mode."""

from __future__ import annotations

import os
import stat

import pytest

from mapper.model import BLOCK_BEGIN, BLOCK_END
from mapper.write import WriteError, check_block, write_block
from mapper.write.markers import MarkerError, splice_block

BLOCK = f"{BLOCK_BEGIN}\n# Map\n- line\n{BLOCK_END}"
NEW_BLOCK = f"{BLOCK_BEGIN}\n# Map\n- other line\n{BLOCK_END}"


def test_new_file_gets_the_block():
    assert splice_block(None, BLOCK) == BLOCK + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "# Notes\n\nHand-written.\n",
        "no trailing newline",
        "crlf line\r\nsecond\r\n",
        "unicode: café — 東京 ✓\n",
        "\ufeffbom first line\n",
    ],
)
def test_text_without_markers_is_kept_and_block_appended(text):
    out = splice_block(text, BLOCK)
    assert out.startswith(text)
    assert BLOCK_BEGIN in out and out.rstrip("\r\n").endswith(BLOCK_END)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_rewrite_changes_only_the_block(newline):
    before = f"Intro é{newline}{newline}"
    after = f"{newline}## Mine{newline}tail without newline"
    text = before + BLOCK.replace("\n", newline) + after
    out = splice_block(text, NEW_BLOCK)
    assert out.startswith(before) and out.endswith(after)
    assert NEW_BLOCK.replace("\n", newline) in out
    if newline == "\r\n":
        assert "\n" not in out.replace("\r\n", "")


def test_same_block_is_a_no_op():
    text = "head\n" + BLOCK + "\nfoot\n"
    assert splice_block(text, BLOCK) == text


@pytest.mark.parametrize(
    "text",
    [
        f"{BLOCK_BEGIN}\nno end\n",
        f"no begin\n{BLOCK_END}\n",
        f"{BLOCK_BEGIN}\n{BLOCK_BEGIN}\n{BLOCK_END}\n",
        f"{BLOCK_END}\n{BLOCK_BEGIN}\n",
    ],
)
def test_malformed_markers_raise(text):
    with pytest.raises(MarkerError):
        splice_block(text, BLOCK)


def test_write_block_keeps_mode_and_outside_bytes(tmp_path):
    target = tmp_path / "CLAUDE.md"
    original = "# Team notes\r\n\r\nKeep this.\r\n" + BLOCK.replace("\n", "\r\n") + "\r\nAfter."
    target.write_bytes(original.encode())
    os.chmod(target, 0o640)
    assert write_block(target, NEW_BLOCK) is True
    data = target.read_bytes().decode()
    assert data.startswith("# Team notes\r\n\r\nKeep this.\r\n") and data.endswith("\r\nAfter.")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert write_block(target, NEW_BLOCK) is False
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_malformed_file_is_not_touched(tmp_path):
    target = tmp_path / "CLAUDE.md"
    target.write_text(f"{BLOCK_BEGIN}\n{BLOCK_BEGIN}\n")
    before = target.read_bytes()
    with pytest.raises(MarkerError):
        write_block(target, BLOCK)
    assert target.read_bytes() == before


def test_invalid_utf8_target_is_refused(tmp_path):
    target = tmp_path / "CLAUDE.md"
    target.write_bytes(b"\xff\xfe broken")
    with pytest.raises(WriteError):
        write_block(target, BLOCK)
    assert target.read_bytes() == b"\xff\xfe broken"


def test_check_reports_a_diff_only_when_stale(tmp_path):
    target = tmp_path / "CLAUDE.md"
    write_block(target, BLOCK)
    assert check_block(target, BLOCK, "CLAUDE.md").fresh
    result = check_block(target, NEW_BLOCK, "CLAUDE.md")
    assert not result.fresh
    assert "\n-- line\n" in result.diff
    assert "+- other line" in result.diff
