"""Entry points and commands of PHP projects: composer.json, artisan, front controllers.

Commands are composed from names composer.json defines (``composer run lint``), never
copied from script bodies.
"""

from __future__ import annotations

import re

from mapper.languages._shared import (
    command, command_kind, dir_of, entry, in_manifest_dir, line_of, load_json, manifests_named,
)
from mapper.languages.php.resolve import COMPOSER
from mapper.model import Command, EntryPoint, FileFacts, ManifestFile, RepoSnapshot

__all__ = ["MANIFEST_NAMES", "read_entry_points", "read_commands", "file_entry_points", "read_project_name"]

ARTISAN = "artisan"
PHPUNIT_CONFIGS = ("phpunit.xml", "phpunit.xml.dist")
PHPSTAN_CONFIGS = ("phpstan.neon", "phpstan.neon.dist")
MANIFEST_NAMES = (COMPOSER, ARTISAN, *PHPUNIT_CONFIGS, *PHPSTAN_CONFIGS)
# Directories whose index.php is the web server's document root script.
_DOCUMENT_ROOTS = ("public", "web", "htdocs", "public_html")
_FRONT_CONTROLLER = "index.php"
# Composer runs these scripts on its own events; they are not commands to type.
_EVENT_PREFIXES = ("pre-", "post-")
# Script names go into a command line: only plain ones.
_SCRIPT_NAME = re.compile(r"[\w:.\-]{1,60}")


def file_entry_points(facts: FileFacts) -> list[EntryPoint]:
    """``public/index.php`` and the like: every web request starts there."""
    parts = facts.path.split("/")
    if parts[-1] != _FRONT_CONTROLLER or len(parts) < 2 or parts[-2] not in _DOCUMENT_ROOTS:
        return []
    return [entry("entry.web_app", facts.path, facts.path, facts.path, 1, "front controller")]


def read_entry_points(snapshot: RepoSnapshot) -> list[EntryPoint]:
    found: list[EntryPoint] = []
    for manifest in manifests_named(snapshot, ARTISAN):
        directory = dir_of(manifest.path)
        target = f"cd {directory} && php artisan" if directory else "php artisan"
        found.append(entry("entry.artisan", manifest.path, target, manifest.path, 1, "Laravel console"))
    for manifest in manifests_named(snapshot, COMPOSER):
        found.extend(_composer_bins(manifest))
    return found


def _composer_bins(manifest: ManifestFile) -> list[EntryPoint]:
    bins = load_json(manifest).get("bin", [])
    paths = [bins] if isinstance(bins, str) else bins if isinstance(bins, list) else []
    directory = dir_of(manifest.path)
    return [
        entry("entry.composer_bin", path, f"{directory}/{path}" if directory else path, manifest.path,
              line_of(manifest.text, f'"{path}"'), "composer.json bin")
        for path in paths if isinstance(path, str)
    ]


def read_project_name(snapshot: RepoSnapshot) -> str | None:
    manifest = snapshot.manifest(COMPOSER)
    name = load_json(manifest).get("name") if manifest is not None else None
    return name if isinstance(name, str) and name else None


def read_commands(snapshot: RepoSnapshot) -> list[Command]:
    found: list[Command] = []
    for manifest in manifests_named(snapshot, COMPOSER):
        found.extend(_composer_commands(manifest))
    for manifest in manifests_named(snapshot, *PHPUNIT_CONFIGS):
        found.append(command("test", in_manifest_dir(manifest, "vendor/bin/phpunit"), manifest, "<phpunit"))
    for manifest in manifests_named(snapshot, *PHPSTAN_CONFIGS):
        found.append(command("lint", in_manifest_dir(manifest, "vendor/bin/phpstan analyse"), manifest, "parameters"))
    return found


def _composer_commands(manifest: ManifestFile) -> list[Command]:
    data = load_json(manifest)
    if not data:
        return []
    found = [command("install", in_manifest_dir(manifest, "composer install"), manifest, '"require', "{")]
    scripts = data.get("scripts", {})
    for name in sorted(scripts) if isinstance(scripts, dict) else []:
        if name.startswith(_EVENT_PREFIXES) or not _SCRIPT_NAME.fullmatch(name):
            continue
        text = "composer test" if name == "test" else f"composer run {name}"
        found.append(command(command_kind(name), in_manifest_dir(manifest, text), manifest, f'"{name}"'))
    return found


