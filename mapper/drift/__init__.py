"""``claude-map drift``: the architecture now, against a committed baseline and declared rules.

A use case beside ``app``: it builds the analysis (through the caches), turns it into
an ``ArchitectureView``, runs every rule plug-in, and compares the findings with the
baseline, or with the tree of a revision (``--since``). Reports live in ``report``.

- Rule violations (layers, forbidden, independent, pure, acyclic) fail unless the
  baseline lists them.
- Structural facts (areas, edges and cycles between them, entry points, side-effect
  kinds per area) are tracked once a baseline exists: a new one or a vanished one fails
  until ``--update-baseline`` records it.
- A baseline line that matches nothing is stale and fails, so the baseline only
  shrinks as violations are fixed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from mapper.app import MapConfig, MapFlags, analysis_key, build_analysis, map_configs
from mapper.config import DriftSettings, load_settings
from mapper.drift.baseline import Baseline, compare, read_baseline, write_baseline
from mapper.drift.cache import findings_key, load_findings, save_findings
from mapper.drift.model import ArchitectureView, DriftReport, Finding
from mapper.drift.revision import export_revision
from mapper.drift.rules import load_rules

__all__ = ["DriftRequest", "check_drift", "update_baseline", "find_findings"]


@dataclass(frozen=True, slots=True)
class DriftRequest:
    flags: MapFlags = MapFlags()
    baseline: str | None = None  # overrides the settings' drift.baseline
    since: str | None = None  # a git revision: report only what changed since it


def check_drift(root: Path, request: DriftRequest) -> DriftReport:
    """Compare the architecture of ``root`` with its baseline and rules.

    Raises:
        UserError: bad settings, an unreadable baseline, or a revision git cannot export.
    """
    rules, config = _settings(root, request)
    baseline = read_baseline(root, request.baseline or rules.baseline)
    findings = _current_findings(root, config, rules, structural=baseline.exists)
    comparison = compare(findings, baseline)
    if request.since is None:
        return DriftReport(comparison.new, comparison.stale, comparison.known, baseline.path, baseline.exists)
    before = _findings_at(root, request.since, config, rules, baseline)
    introduced = tuple(f for f in comparison.new if f.baseline_line not in before)
    fixed_here = tuple(s for s in comparison.stale if s.text in before)
    return DriftReport(introduced, fixed_here, comparison.known, baseline.path, baseline.exists, request.since)


def update_baseline(root: Path, request: DriftRequest) -> tuple[str, int, bool]:
    """Record every current finding in the baseline: its path, how many, whether it changed."""
    rules, config = _settings(root, request)
    relative = request.baseline or rules.baseline
    findings = _current_findings(root, config, rules, structural=True)
    changed = write_baseline(root, relative, findings)
    return relative, len({f.baseline_line for f in findings}), changed


def find_findings(view: ArchitectureView, rules: DriftSettings, structural: bool) -> tuple[Finding, ...]:
    """Every rule's findings on ``view``, one per baseline line, sorted by it."""
    first: dict[str, Finding] = {}
    for rule in load_rules():
        if rule.structural and not structural:
            continue
        for finding in rule.check(view, rules):
            first.setdefault(finding.baseline_line, finding)
    return tuple(first[line] for line in sorted(first))


def _current_findings(root: Path, config: MapConfig, rules: DriftSettings, structural: bool) -> tuple[Finding, ...]:
    """The findings on the tree, from drift's cache when no fact changed since they were found."""
    if not config.use_cache:
        return find_findings(_view(root, config), rules, structural)
    key = findings_key(analysis_key(root, config), rules, structural)
    cached = load_findings(root, key)
    if cached is not None:
        return cached
    findings = find_findings(_view(root, config), rules, structural)
    save_findings(root, key, findings)
    return findings


def _settings(root: Path, request: DriftRequest) -> tuple[DriftSettings, MapConfig]:
    if not root.is_dir():
        from mapper.discover import RepoError

        raise RepoError(f"no such directory: {root}")
    return load_settings(root).drift, map_configs(root, request.flags)[0]


def _view(root: Path, config: MapConfig) -> ArchitectureView:
    build = build_analysis(root, config)
    imports = tuple(edge for item in build.resolved for edge in item.imports)
    return ArchitectureView(tuple(f.path for f in build.facts), imports, build.analysis)


def _findings_at(root: Path, revision: str, config: MapConfig, rules: DriftSettings,
                 baseline: Baseline) -> frozenset[str]:
    with tempfile.TemporaryDirectory(prefix="claude-map-since-") as scratch:
        tree = Path(scratch) / root.resolve().name
        tree.mkdir()
        export_revision(root, revision, tree)
        findings = find_findings(_view(tree, config), rules, structural=baseline.exists)
    return frozenset(f.baseline_line for f in findings)
