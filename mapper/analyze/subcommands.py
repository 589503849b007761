"""CLI subcommands: click/typer/argparse, commander/yargs, cobra, clap.

Each language's ``facts.scm`` leaves markers where a command framework declares a
subcommand: ``subcommand`` names it by the code that implements it (a decorated
function, a clap enum variant), ``subcommand_named`` by the string it is typed as
(``@cli.command("sync-all")``, ``add_parser("add")``, cobra's ``Use: "serve [flags]"``,
commander's ``.command('backup <dir>')``). Markers count only in files that import
one of the language's ``[subcommands] frameworks``, so a chat bot's ``@bot.command()``
or an unrelated ``.command()`` call stays out. Nothing here names a language.
"""

from __future__ import annotations

import re

from mapper.analyze.roles import test_reason
from mapper.languages._shared import imports_package
from mapper.languages.registry import LanguageRegistry
from mapper.model import FileFacts, Subcommand

__all__ = ["find_subcommands", "command_name"]

INFERRED = "subcommand"
NAMED = "subcommand_named"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def command_name(code_name: str) -> str:
    """How frameworks spell a command from code: ``sync_all``/``SyncAll`` -> ``sync-all``."""
    return _CAMEL.sub("-", code_name).replace("_", "-").lower().strip("-")


def find_subcommands(facts: tuple[FileFacts, ...], registry: LanguageRegistry) -> tuple[Subcommand, ...]:
    found: list[Subcommand] = []
    for file_facts in facts:
        knowledge = registry.get(file_facts.language).knowledge
        frameworks = knowledge.subcommand_frameworks
        # Tests build throwaway command trees to exercise a framework: not the program's.
        # (The test check goes first: it is cached, and rules out most files of a big repo.)
        if frameworks and not test_reason(file_facts.path, knowledge.test_paths) and imports_package(file_facts, frameworks):
            found.extend(_subcommands_of(file_facts))
    return tuple(sorted(set(found), key=lambda c: (c.file, c.line, c.name)))


def _subcommands_of(file_facts: FileFacts) -> list[Subcommand]:
    named: dict[int, str] = {}
    inferred: dict[int, list[str]] = {}
    for marker in file_facts.markers:
        if marker.kind == NAMED:
            word = _WORD.match(marker.name.strip("\"'` "))
            if word and marker.line not in named:
                named[marker.line] = word.group()
        elif marker.kind == INFERRED and marker.name:
            inferred.setdefault(marker.line, []).append(marker.name)
    out = []
    for line in sorted(set(named) | set(inferred)):
        handlers = inferred.get(line, [])
        if line in named:
            out.append(Subcommand(named[line], file_facts.path, line, handlers[0] if len(handlers) == 1 else ""))
        else:
            out.extend(Subcommand(command_name(h), file_facts.path, line, h) for h in handlers)
    return out
