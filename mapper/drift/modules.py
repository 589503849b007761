"""Module expressions in drift rules: dotted names or path globs, for every language.

An entry with a ``/`` is a path glob (``internal/store``, ``src/core/**``, ``cmd/*``);
any other entry is a dotted module name (``app.core``, ``app.plugins.*``) whose dots
stand for folders. Either names a file or a folder and everything under it: ``app.core``
is ``app/core.py``, ``app/core/__init__.py`` and ``app/core/db.py``; a leading
``src/`` or ``lib/`` folder may be left out of dotted names. ``*`` matches within one
path segment, ``**`` across segments. With ``a | b`` one entry names several modules.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

__all__ = ["ModulePattern", "parse_modules"]

# Folders that hold a project's packages without being part of their dotted names.
_SOURCE_ROOTS = ("src/", "lib/")
_ALTERNATIVE = "|"


@dataclass(frozen=True, slots=True)
class ModulePattern:
    text: str  # as the user wrote it
    regex: re.Pattern[str]
    dotted: bool

    @classmethod
    def parse(cls, text: str) -> "ModulePattern":
        text = text.strip()
        dotted = "/" not in text
        glob = text.replace(".", "/") if dotted else text.strip("/").removeprefix("./")
        return cls(text, re.compile(f"^({_glob_regex(glob)})(?:/.*)?$"), dotted)

    def match(self, path: str) -> str | None:
        """The module of ``path`` this pattern names (its matched prefix), or None."""
        for candidate in self._candidates(path):
            found = self.regex.match(candidate)
            if found:
                return found.group(1)
        return None

    def matches_external(self, package: str) -> bool:
        """An imported package outside the repository (``requests``, ``github.com/x/y``)."""
        return (package == self.text or package.startswith((self.text + ".", self.text + "/"))
                or fnmatch.fnmatchcase(package, self.text))

    def _candidates(self, path: str) -> tuple[str, ...]:
        stem = _without_extension(path)
        if not self.dotted:
            return (path, stem)
        return (stem, *(stem[len(root):] for root in _SOURCE_ROOTS if stem.startswith(root)))


def parse_modules(entry: str) -> tuple[ModulePattern, ...]:
    """One entry of a rule (``"app.core | app.api"``) as its patterns."""
    return tuple(ModulePattern.parse(part) for part in entry.split(_ALTERNATIVE) if part.strip())


def _without_extension(path: str) -> str:
    folder, slash, name = path.rpartition("/")
    stem = name.split(".", 1)[0] if not name.startswith(".") else name
    return f"{folder}{slash}{stem or name}"


def _glob_regex(glob: str) -> str:
    out = []
    index = 0
    while index < len(glob):
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
        elif glob[index] == "*":
            out.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(glob[index]))
            index += 1
    return "".join(out)
