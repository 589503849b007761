"""Drift rules as plug-ins: each module here defines ``RULE``, an object with one interface.

A rule has a stable ``id`` (the first word of its baseline lines) and
``check(view, settings) -> tuple[Finding, ...]``; it returns dataclasses and never
prints. A new rule is one module in this folder; nothing else names it.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Protocol

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding

__all__ = ["Rule", "load_rules"]


class Rule(Protocol):
    id: str
    structural: bool  # True: a fact of the architecture, tracked only against a baseline

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        """Every finding of this rule on ``view``, sorted by baseline line."""


def load_rules() -> tuple[Rule, ...]:
    """The rules in this package, by id."""
    rules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules.extend(getattr(module, "RULES", ()))
    return tuple(sorted(rules, key=lambda rule: rule.id))
