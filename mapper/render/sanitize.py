"""Keep untrusted repository text out of the map unless it is plainly structural.

The map is loaded into an agent's context as trusted instructions, so every string
that comes from the repository passes through here: paths and names are checked
against a plain character set, summaries are cut to one sentence, and anything that
reads like an instruction to an agent or like a secret value is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from mapper.model import Analysis, Subcommand

__all__ = [
    "safe_command", "safe_summary", "safe_name", "safe_path", "safe_route_path", "safe_subcommand_name",
    "safe_subcommand", "looks_like_instruction", "looks_like_secret", "unsafe_text", "backstop",
    "clean_analysis", "clean_records",
]

SUMMARY_MAX_CHARS = 100
_INSTRUCTION = re.compile(
    r"(ignore|disregard|forget|override)\b.{0,40}\b(instruction|prompt|rule|above|previous|prior)"
    r"|\b(you are|act as|pretend to be|you must|you should|do not tell|system prompt|assistant:"
    r"|human:|user:|jailbreak|<\|[a-z_]+\|>|\[/?inst\]|developer mode|new instructions)"
    r"|\b(curl|wget)\b.*\|\s*(ba)?sh|rm\s+-rf\s+/",
    re.IGNORECASE,
)
_SECRET = re.compile(
    r"(AKIA[0-9A-Z]{16}|sk-[A-Za-z0-9_\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9\-]{10,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY|AIza[0-9A-Za-z_\-]{30,}|eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"
    r"|(password|passwd|secret|token|api[_-]?key)\s*[:=]\s*\S+)",
    re.IGNORECASE,
)
_LONG_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-]{32,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_NAME = re.compile(r"[\w.$:@+\-/<>\[\]]{1,120}")
_PATH = re.compile(r"[\w.@+\-/ ]{1,300}")
# A licence header says nothing about what the file does.
_LICENSE = re.compile(r"\b(copyright|\(c\)|licen[cs]ed? under|SPDX-License|all rights reserved)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_MARKUP = re.compile(r"[`<>*_#|\\\[\]]")


def looks_like_instruction(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))


def looks_like_secret(text: str) -> bool:
    if _SECRET.search(text):
        return True
    # A long run mixing digits, upper and lower case reads like a key or a hash;
    # long identifiers and paths do not mix all three that densely.
    for token in _LONG_TOKEN.findall(text):
        digits = sum(c.isdigit() for c in token)
        if digits >= 4 and any(c.isupper() for c in token) and any(c.islower() for c in token):
            return True
    return False


def safe_summary(text: str | None) -> str | None:
    """One plain sentence, or None when the text is empty or untrustworthy."""
    if not text:
        return None
    text = " ".join(_CONTROL.sub(" ", text).split())
    text = _SENTENCE_END.split(text, 1)[0]
    text = _MARKUP.sub("", text).strip()
    if len(text) > SUMMARY_MAX_CHARS:
        cut = text[:SUMMARY_MAX_CHARS].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "..."
    if len(text) < 8 or looks_like_instruction(text) or looks_like_secret(text) or _LICENSE.search(text):
        return None
    return text


# Checked once per string: the same paths and names come up in many sections and
# many variants, and the instruction pattern is the costly part.
@lru_cache(maxsize=65536)
def safe_name(text: str) -> str | None:
    """An identifier, task or package name; None when it is not plainly one."""
    if not _NAME.fullmatch(text) or looks_like_instruction(text.replace("_", " ")):
        return None
    return text


def safe_subcommand_name(name: str) -> str | None:
    """A command name as typed (``sync-all``, ``db:seed``); None when it is not plainly one."""
    return name if safe_name(name.replace("-", "_").replace(":", "_")) else None


def safe_subcommand(command: Subcommand) -> bool:
    """Whether a subcommand's name and handler may be shown (explain, --format json)."""
    return bool(safe_subcommand_name(command.name)) and (not command.handler or bool(safe_name(command.handler)))


@lru_cache(maxsize=65536)
def safe_path(path: str) -> str | None:
    if not _PATH.fullmatch(path) or looks_like_instruction(path.replace("_", " ").replace("-", " ")):
        return None
    return path


# A web path template as frameworks write them: /users/<int:id>, /orders/{id},
# /files/*, /posts/[...slug], /(.*) - and nothing else (no spaces, no quotes).
_ROUTE_PATH = re.compile(r"/[\w\-.~/:<>{}\[\]*+@!$,;=()|?^]{0,150}", re.ASCII)


def safe_route_path(path: str) -> str | None:
    """A route path; None when it is not plainly one or reads like an instruction."""
    if not _ROUTE_PATH.fullmatch(path):
        return None
    words = re.sub(r"[\W_]+", " ", path)
    if looks_like_instruction(words) or looks_like_secret(path):
        return None
    return path


_COMMAND = re.compile(r"[\w.:/=@,+\-' \[\]\"$&|>*]{1,160}")  # "*": globs and cron fields


def safe_command(text: str) -> str | None:
    """A shell command composed from manifest names; None if it is not plainly one."""
    if not _COMMAND.fullmatch(text) or looks_like_instruction(text) or looks_like_secret(text):
        return None
    return text


# --- the boundary ---------------------------------------------------------------------
# Every string of the analysis comes from the repository, directly or composed from its
# names; ``clean_analysis`` checks each one, once, before any renderer (the map,
# ``explain``, ``--format json``) sees it. A record holding an unsafe string is left
# out (a tuple of evidence loses only that piece); an unsafe summary is dropped. The template environment's finalize hook (``backstop``) checks
# every rendered value again.

_DROP = object()
_COMMENT_MARKERS = ("<!--", "-->")


@lru_cache(maxsize=262144)
def unsafe_text(text: str) -> bool:
    """Control characters, HTML comment markers, instruction-like or secret-like text."""
    return bool(
        _CONTROL.search(text) or any(m in text for m in _COMMENT_MARKERS)
        or looks_like_instruction(text) or looks_like_secret(text)
    )


def backstop(value: object) -> object:
    """The template environment's finalize hook: no unsafe string is ever rendered."""
    if isinstance(value, str) and unsafe_text(value):
        return ""
    return value


def clean_analysis(analysis: Analysis) -> Analysis:
    """The analysis with every unsafe repository string left out (see above)."""
    name = analysis.name if not unsafe_text(analysis.name) else "repository"
    cleaned = _clean(dataclasses.replace(analysis, name=name), "")
    return cleaned  # type: ignore[return-value]


def clean_records(records: tuple) -> tuple:
    """A tuple of records (import edges, skipped paths) without those holding unsafe text."""
    return _clean(records, "")  # type: ignore[return-value]


def _clean(value, field_name: str):
    if isinstance(value, str):
        if field_name == "summary":
            return None if unsafe_text(value) else value  # the renderers cut it to a sentence
        return _DROP if unsafe_text(value) else value
    if isinstance(value, tuple):
        items = [_clean(item, field_name) for item in value]
        records = all(isinstance(item, tuple) or dataclasses.is_dataclass(item) for item in value)
        if any(item is _DROP for item in items) and not records:
            return _DROP  # a cycle, a path list or a (name, count) pair is wrong with a member missing
        kept = tuple(item for item in items if item is not _DROP)
        return type(value)(*kept) if hasattr(value, "_fields") else kept
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            current = getattr(value, field.name)
            cleaned = _clean(current, field.name)
            if cleaned is _DROP:
                return _DROP
            if cleaned is not current:
                changes[field.name] = cleaned
        return dataclasses.replace(value, **changes) if changes else value
    return value
