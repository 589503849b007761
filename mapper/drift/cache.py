"""Drift's findings, kept beside the facts cache and keyed by everything they depend on.

A commit that changes no fact (most commits do not change structure) gets its findings
back without an analysis: the key is the analysis key of the tree (every file's facts,
the manifests, the settings that shape the snapshot) together with the rules. The
baseline is not in the key: findings are compared with it afresh on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

from mapper import __version__
from mapper.config import DriftSettings
from mapper.drift.model import Finding, Link

__all__ = ["findings_key", "load_findings", "save_findings"]

_FILE = ".claude-map/cache/drift.json"
_SCHEMA = 1


def findings_key(analysis_key: str, rules: DriftSettings, structural: bool) -> str:
    text = json.dumps([_SCHEMA, __version__, analysis_key, asdict(rules), structural], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_findings(root: Path, key: str) -> tuple[Finding, ...] | None:
    try:
        payload = json.loads((root / _FILE).read_text(encoding="utf-8"))
        if payload.get("key") != key:
            return None
        return tuple(
            Finding(item["rule"], item["key"], item["message"], item["path"], item["line"],
                    tuple(Link(**link) for link in item["chain"]))
            for item in payload["findings"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_findings(root: Path, key: str, findings: tuple[Finding, ...]) -> None:
    """Best effort: a cache that cannot be written is only a slower next run."""
    target = root / _FILE
    if not target.parent.is_dir():
        return
    payload = json.dumps({"key": key, "findings": [asdict(f) for f in findings]}, ensure_ascii=False)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".drift.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except OSError:
        return
