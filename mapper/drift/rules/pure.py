"""pure: the modules named may not have side effects (subprocess, network, fs writes...).

One finding per file and kind of effect, at its first site, so a second call of the
same kind in the same file does not churn the baseline.
"""

from __future__ import annotations

from mapper.config import DriftSettings
from mapper.drift.model import ArchitectureView, Finding
from mapper.drift.modules import parse_modules

__all__ = ["PureRule", "RULES"]


class PureRule:
    id = "pure"
    structural = False

    def check(self, view: ArchitectureView, settings: DriftSettings) -> tuple[Finding, ...]:
        patterns = [(entry, parse_modules(entry)) for entry in settings.pure]
        findings: dict[str, Finding] = {}
        for site in sorted(view.analysis.effects, key=lambda s: (s.path, s.line, s.kind)):
            entry = next((e for e, parsed in patterns if any(p.match(site.path) for p in parsed)), None)
            key = f"{site.path} {site.kind}"
            if entry is None or key in findings:
                continue
            where = f" in {site.symbol}" if site.symbol else ""
            message = f"{site.path}:{site.line}{where} has a side effect ({site.kind}: {site.detail}) in pure {entry}"
            findings[key] = Finding(self.id, key, message, site.path, site.line)
        return tuple(findings[key] for key in sorted(findings))


RULES = (PureRule(),)
