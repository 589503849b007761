"""claude-map's settings from the repository: ``[tool.claude-map]`` or ``.claude-map.toml``.

One loader for every setting. ``PATH/.claude-map.toml`` (keys at its top level) wins
over ``PATH/pyproject.toml`` (keys under ``[tool.claude-map]``), so a repository in any
language can configure claude-map; only one of them is read. Every key is validated
and all bad keys are reported at once, each named with its file and table, as one
``ConfigError`` (exit 2). Command-line flags override what is read here: the fields
are ``None`` (or empty) where the file says nothing, and the command line fills in
its defaults.

Keys::

    budget = 3000                      # hard token budget for the block
    output = "CLAUDE.md"               # or: outputs = ["CLAUDE.md", "AGENTS.md"]
    exclude = ["docs/**", "*.gen.py"]  # path globs left out of the map
    max_file_bytes = 1000000
    nested = "auto"                    # or a list of directory globs (nested maps)

    [drift]                            # [tool.claude-map.drift] in pyproject.toml
    layers = ["app.cli", "app.core | app.api", "app.storage"]  # top to bottom
    forbidden = [["app.core", "requests"]]
    independent = ["app.plugins.*"]
    pure = ["app.core"]
    acyclic = true
    baseline = ".claude-map-baseline.txt"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mapper.errors import UserError

__all__ = [
    "ConfigError", "DriftSettings", "Settings", "load_settings", "DEFAULT_BASELINE", "NESTED_AUTO",
    "PYPROJECT", "DEDICATED_FILE",
]

PYPROJECT = "pyproject.toml"
DEDICATED_FILE = ".claude-map.toml"
DEFAULT_BASELINE = ".claude-map-baseline.txt"
NESTED_AUTO = "auto"
_MIN_BUDGET = 100


class ConfigError(UserError):
    """The settings file is unreadable or holds bad keys (every one is named)."""


@dataclass(frozen=True, slots=True)
class DriftSettings:
    """Declared architecture rules. Module entries are dotted names or path globs."""

    layers: tuple[str, ...] = ()  # top to bottom; 'a | b' puts two modules on one layer
    forbidden: tuple[tuple[str, str], ...] = ()  # (importer, imported) pairs
    independent: tuple[str, ...] = ()  # modules (a trailing '*' expands) that must not import each other
    pure: tuple[str, ...] = ()  # modules that must not have side effects
    acyclic: bool = False  # no import cycles between files
    baseline: str = DEFAULT_BASELINE  # the committed baseline, relative to the repository

    @property
    def has_rules(self) -> bool:
        return bool(self.layers or self.forbidden or self.independent or self.pure or self.acyclic)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the repository's settings file says; ``None``/empty where it says nothing."""

    source: str = ""  # the file read, relative to the repository ('' when there is none)
    budget: int | None = None
    outputs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_bytes: int | None = None
    nested: tuple[str, ...] | str | None = None  # directory globs, or NESTED_AUTO
    drift: DriftSettings = field(default_factory=DriftSettings)


def load_settings(root: Path) -> Settings:
    """Read and validate the settings of the repository at ``root``.

    Raises:
        ConfigError: the file cannot be parsed, or keys are unknown or of the wrong type.
    """
    dedicated = root / DEDICATED_FILE
    if dedicated.is_file():
        return _parse(_read_toml(dedicated), DEDICATED_FILE, "")
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        table = _read_toml(pyproject).get("tool", {})
        table = table.get("claude-map") if isinstance(table, dict) else None
        if table is None:
            return Settings()
        if not isinstance(table, dict):
            raise ConfigError(f"{PYPROJECT}: [tool.claude-map] must be a table")
        return _parse(table, PYPROJECT, "tool.claude-map")
    return Settings()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path.name}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path.name}: invalid TOML: {error}") from None


# --- validation ------------------------------------------------------------------------

class _Problems:
    """Bad keys collected while parsing, reported together."""

    def __init__(self, source: str, table: str) -> None:
        self.source = source
        self.table = table
        self.messages: list[str] = []

    def add(self, key: str, message: str) -> None:
        where = f"{self.table}.{key}" if self.table else key
        self.messages.append(f"{where}: {message}")

    def raise_any(self) -> None:
        if self.messages:
            count = len(self.messages)
            noun = "bad key" if count == 1 else f"{count} bad keys"
            raise ConfigError(f"{self.source}: {noun}: " + "; ".join(self.messages))


def _parse(table: dict[str, Any], source: str, prefix: str) -> Settings:
    problems = _Problems(source, prefix)
    known = {"budget", "output", "outputs", "exclude", "max_file_bytes", "nested", "drift"}
    for key in sorted(set(table) - known):
        problems.add(key, "unknown key")
    budget = _take(table, "budget", problems, _positive_int(_MIN_BUDGET))
    max_file_bytes = _take(table, "max_file_bytes", problems, _positive_int(1))
    outputs = _outputs(table, problems)
    exclude = _take(table, "exclude", problems, _string_list) or ()
    nested = _take(table, "nested", problems, _nested)
    drift = _drift(table.get("drift"), problems)
    problems.raise_any()
    return Settings(source, budget, outputs, exclude, max_file_bytes, nested, drift)


def _take(table: dict[str, Any], key: str, problems: _Problems, check: Callable[[Any], Any]) -> Any:
    if key not in table:
        return None
    try:
        return check(table[key])
    except ValueError as error:
        problems.add(key, str(error))
        return None


def _positive_int(minimum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError(f"expected an integer >= {minimum}, got {value!r}")
        return value

    return check


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _string_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"expected a list of non-empty strings, got {value!r}")
    return tuple(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _nested(value: Any) -> tuple[str, ...] | str:
    if value == NESTED_AUTO:
        return NESTED_AUTO
    try:
        return _string_list(value)
    except ValueError:
        raise ValueError(f"expected \"{NESTED_AUTO}\" or a list of directory globs, got {value!r}") from None


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) and v.strip() for v in pair)
        for pair in value
    ):
        raise ValueError(f"expected a list of [importer, imported] pairs of strings, got {value!r}")
    return tuple((a, b) for a, b in value)


def _outputs(table: dict[str, Any], problems: _Problems) -> tuple[str, ...]:
    if "output" in table and "outputs" in table:
        problems.add("output", "give either output or outputs, not both")
        return ()
    single = _take(table, "output", problems, _string)
    if single is not None:
        return (single,)
    many = _take(table, "outputs", problems, _string_list)
    if many is not None and not many:
        problems.add("outputs", "expected at least one file")
    return many or ()


def _drift(value: Any, problems: _Problems) -> DriftSettings:
    if value is None:
        return DriftSettings()
    if not isinstance(value, dict):
        problems.add("drift", "expected a table")
        return DriftSettings()
    inner = _Problems(problems.source, f"{problems.table}.drift" if problems.table else "drift")
    known = {"layers", "forbidden", "independent", "pure", "acyclic", "baseline"}
    for key in sorted(set(value) - known):
        inner.add(key, "unknown key")
    settings = DriftSettings(
        layers=_take(value, "layers", inner, _string_list) or (),
        forbidden=_take(value, "forbidden", inner, _pairs) or (),
        independent=_take(value, "independent", inner, _string_list) or (),
        pure=_take(value, "pure", inner, _string_list) or (),
        acyclic=bool(_take(value, "acyclic", inner, _boolean)),
        baseline=_take(value, "baseline", inner, _string) or DEFAULT_BASELINE,
    )
    problems.messages.extend(inner.messages)
    return settings
