"""Garbage-collector settings for claude-map's own processes: the CLI and its parser workers.

claude-map builds a few hundred thousand small objects (facts, call sites, graph
nodes) and keeps nearly all of them to the end. With Python's default thresholds the
cyclic collector walks that growing heap again and again: a third of a warm run on
Django went to it. Raising the first threshold keeps collection on, only rarer.
Library callers keep their own settings: only the CLI and the worker initializer
call this.
"""

from __future__ import annotations

import gc

__all__ = ["tune_for_batch_work", "YOUNG_GENERATION_THRESHOLD"]

YOUNG_GENERATION_THRESHOLD = 50_000  # allocations between young collections (default 700)


def tune_for_batch_work() -> None:
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 20, 100)
