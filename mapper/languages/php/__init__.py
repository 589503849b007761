"""PHP: ``.php`` files.

Supported: ``use`` imports (plain, aliased, grouped, ``use function``/``use const``)
resolved through composer.json PSR-4 and PSR-0 maps (every composer.json, autoload and
autoload-dev), else through the namespaced declarations of the repository's files;
other names external by their leading namespace segments (``Illuminate\\Support``);
``require``/``include`` (``_once`` too) of literal paths, ``__DIR__ . '/x.php'`` and
``dirname(__DIR__) . '/x.php'``. Definitions: classes, interfaces, traits, enums,
functions and methods (``private``/``protected`` ones are not public). Calls with their
first string argument: functions, ``A\\B::m()`` -> ``A.B.m``, ``$this->db->query()`` ->
``$this.db.query``, ``new Client()`` -> ``Client``, resolved through ``use`` bindings;
``$_ENV['X']``/``$_SERVER['X']`` reads; ``namespace`` as a ``package`` marker; the
file's doc comment (after ``<?php``) or the first class's as summary. Entry points:
``artisan``, ``public/index.php`` front controllers, composer.json ``bin``; commands:
``composer install``, composer scripts, phpunit and phpstan when configured; the
project name from composer.json.

Known gaps: a name used without ``use`` is taken as written, not qualified with the
file's namespace (``Models\\User`` inside ``namespace App``), so such calls do not
resolve; Laravel facades used through their global aliases (``DB::table``) match by
alias; calls on dynamic names (``$class::make()``, ``$fn()``) keep the variable. The
package of an external name is a guess from its namespace, so one vendor can show as
two (``FastRoute`` and ``FastRoute\\DataGenerator``); global names (``use PDO;``) name
no package. Visibility is read from the definition's first line, so a member written
on its class's line shares the class's. Templates mixing HTML and PHP only yield the
PHP parts' facts.
"""

from __future__ import annotations

import re

from mapper.languages.php import manifests, resolve
from mapper.languages.spec import GrammarRef, LanguageSpec
from mapper.model import Binding, EntryKind, ImportSite

# A visibility keyword that opens the line, among the other modifiers (not a promoted
# constructor parameter's, nor a member's on a one-line class).
_HIDDEN = re.compile(r"^\s*(?:(?:abstract|final|static|readonly)\s+)*(?:private|protected)\b")
_DOTTED_SEPARATOR = "."


def bind_import(site: ImportSite) -> Binding | None:
    """``use A\\B\\C;`` binds ``C`` -> ``A.B.C``; an alias binds itself; requires bind nothing."""
    if site.kind not in ("import", "use_member"):
        return None
    name = resolve.class_name(site)
    if not name:
        return None
    qualified = name.replace("\\", _DOTTED_SEPARATOR)
    return Binding(site.alias or qualified.rsplit(_DOTTED_SEPARATOR, 1)[-1], qualified)


def is_public(name: str, line_text: str) -> bool:
    return not _HIDDEN.match(line_text)


SPEC = LanguageSpec(
    name="php",
    entry_kinds=(
        EntryKind("entry.composer_bin", "composer bin", "role.cli", 2),
        EntryKind("entry.artisan", "Laravel console", "", 14),
    ),
    extensions=(".php",),
    grammars={"": GrammarRef("tree_sitter_php", "language_php", pack_name="php")},
    package=__name__,
    make_resolver=resolve.make_resolver,
    bind_import=bind_import,
    is_public=is_public,
    separators=("\\", "::", "->"),
    constructor_names=("__construct",),
    manifest_names=manifests.MANIFEST_NAMES,
    project_manifests=(resolve.COMPOSER,),
    read_entry_points=manifests.read_entry_points,
    read_commands=manifests.read_commands,
    file_entry_points=manifests.file_entry_points,
    read_project_name=manifests.read_project_name,
)
