"""Fact audit: sample facts of every kind from claude-map's JSON and list them for checking.

    python bench/audit.py PATH [--per-kind 15] [--seed 0] [--key-modules 25]
                               [--json FACTS.json] [--out CHECKLIST.md]

PATH is a local checkout. Without --json the script runs ``claude-map --format json
--no-cache --quiet PATH`` itself (the claude-map found beside this Python). It writes a
Markdown checklist: for each fact kind (entry points, routes, subcommands, commands,
side effects, roles, key-module summaries) up to N facts sampled with a fixed seed, each
with the source lines it cites, and a ``- [ ] right / - [ ] wrong:`` line to mark.
`bench/FACTS.md` keeps marked results.

Sampling is stratified so that one large class does not hide the rest: side effects are
sampled round-robin over their kinds (network, fs writes, time...), roles round-robin
over roles, and within a stratum uniformly at random with the seed. Key-module summaries
are taken from the top --key-modules modules by rank (what the map shows). Entry points
declared by a manifest (console scripts, bin entries, gemspec executables...) are all
listed under their own heading, since recall of those is the measure.

Nothing here reaches the network.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SampledFact", "sample_facts", "render_checklist", "main"]

CONTEXT_LINES = 2
SUMMARY_HEAD_LINES = 14
# Entry kinds whose source of truth is a manifest: their recall is measured, so every one is listed.
MANIFEST_ENTRY_WORDS = ("console_script", "bin", "gemspec", "cargo", "exports", "package_main", "executable", "gradle")


@dataclass(frozen=True, slots=True)
class Citation:
    path: str
    line: int  # 0: the head of the file


@dataclass(frozen=True, slots=True)
class SampledFact:
    kind: str  # 'entry point', 'route', 'subcommand', 'command', 'side effect', 'role', 'summary'
    text: str  # the fact as one line
    citations: tuple[Citation, ...]


def _entry_fact(entry: dict) -> SampledFact:
    ev = entry["evidence"]
    text = f"{entry['kind']} `{entry['name']}` -> {entry['target']} ({ev['reason']})"
    cites = [Citation(ev["path"], ev["line"])]
    if entry.get("file") and entry["file"] != ev["path"]:
        cites.append(Citation(entry["file"], 0))
    return SampledFact("entry point", text, tuple(cites))


def _route_fact(route: dict) -> SampledFact:
    handler = f" -> {route['handler']}" if route.get("handler") else ""
    return SampledFact(
        "route", f"{route['method']} {route['path']}{handler}", (Citation(route["file"], route["line"]),)
    )


def _subcommand_fact(sub: dict) -> SampledFact:
    handler = f" -> {sub['handler']}" if sub.get("handler") else ""
    return SampledFact("subcommand", f"`{sub['name']}`{handler}", (Citation(sub["file"], sub["line"]),))


def _command_fact(command: dict) -> SampledFact:
    ev = command["evidence"]
    return SampledFact("command", f"{command['kind']}: `{command['command']}`", (Citation(ev["path"], ev["line"]),))


def _effect_fact(effect: dict) -> SampledFact:
    text = f"{effect['kind']} [{effect['detail']}] in {effect['symbol'] or '(module level)'}"
    return SampledFact("side effect", text, (Citation(effect["path"], effect["line"]),))


def _role_fact(role: dict) -> SampledFact:
    reasons = "; ".join(ev["reason"] for ev in role["evidence"]) or "no evidence given"
    cites = tuple(Citation(ev["path"], ev["line"]) for ev in role["evidence"][:3]) or (Citation(role["path"], 0),)
    return SampledFact("role", f"`{role['path']}` is {role['role']} ({reasons})", cites)


def _summary_fact(module: dict) -> SampledFact:
    return SampledFact("summary", f"`{module['path']}`: {module['summary']}", (Citation(module["path"], 0),))


def _sample(items: list, count: int, rng: random.Random) -> list:
    return items if len(items) <= count else rng.sample(items, count)


def _stratified(items: list[dict], key: str, count: int, rng: random.Random) -> list[dict]:
    """Round-robin over the values of ``key``, each stratum shuffled with the seed."""
    strata: dict[str, list[dict]] = {}
    for item in items:
        strata.setdefault(item[key], []).append(item)
    for name in sorted(strata):
        rng.shuffle(strata[name])
    picked: list[dict] = []
    while len(picked) < count and any(strata.values()):
        for name in sorted(strata):
            if strata[name] and len(picked) < count:
                picked.append(strata[name].pop())
    return picked


def is_manifest_entry(entry: dict) -> bool:
    return any(word in entry["kind"] for word in MANIFEST_ENTRY_WORDS)


def sample_facts(analysis: dict, per_kind: int, key_modules: int, seed: int) -> dict[str, list[SampledFact]]:
    """Facts to check, by kind, in a stable order for a given seed."""
    rng = random.Random(seed)
    ranked = sorted(analysis["modules"], key=lambda m: (-m["rank"], m["path"]))[:key_modules]
    return {
        "entry point": [_entry_fact(e) for e in _sample(analysis["entry_points"], per_kind, rng)],
        "route": [_route_fact(r) for r in _sample(analysis.get("routes", []), per_kind, rng)],
        "subcommand": [_subcommand_fact(s) for s in _sample(analysis.get("subcommands", []), per_kind, rng)],
        "command": [_command_fact(c) for c in _sample(analysis["commands"], per_kind, rng)],
        "side effect": [_effect_fact(e) for e in _stratified(analysis["effects"], "kind", per_kind, rng)],
        "role": [_role_fact(r) for r in _stratified(analysis["roles"], "role", per_kind, rng)],
        "summary": [_summary_fact(m) for m in _sample([m for m in ranked if m["summary"]], per_kind, rng)],
        "manifest entry point": [_entry_fact(e) for e in analysis["entry_points"] if is_manifest_entry(e)],
    }


def _source_lines(root: Path, citation: Citation) -> str:
    try:
        lines = (root / citation.path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "    (file not readable)"
    if citation.line <= 0:
        first, last = 1, min(len(lines), SUMMARY_HEAD_LINES)
    else:
        first, last = max(1, citation.line - CONTEXT_LINES), min(len(lines), citation.line + CONTEXT_LINES)
    width = len(str(last))
    return "\n".join(
        f"    {n:>{width}}{'>' if n == citation.line else ' '} {lines[n - 1][:160]}" for n in range(first, last + 1)
    )


def render_checklist(name: str, root: Path, sampled: dict[str, list[SampledFact]]) -> str:
    out = [f"# Fact audit: {name}", "", "Mark each fact right or wrong after reading the cited source.", ""]
    for kind, facts in sampled.items():
        out.append(f"## {kind} ({len(facts)} sampled)")
        out.append("")
        for number, fact in enumerate(facts, 1):
            out.append(f"{number}. {fact.text}")
            for citation in fact.citations:
                where = f"{citation.path}:{citation.line}" if citation.line else f"{citation.path} (head)"
                out.append(f"   - {where}")
                out.append("")
                out.append(_source_lines(root, citation))
                out.append("")
            out.append("   - [ ] right  - [ ] wrong: ")
            out.append("")
    return "\n".join(out) + "\n"


def _claude_map_json(root: Path) -> dict:
    exe = Path(sys.executable).with_name("claude-map")
    command = [str(exe)] if exe.exists() else [shutil.which("claude-map") or "claude-map"]
    done = subprocess.run(
        [*command, "--format", "json", "--no-cache", "--quiet", str(root)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"audit: claude-map failed on {root}: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--per-kind", type=int, default=15)
    parser.add_argument("--key-modules", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="claude-map --format json output to read instead of running it")
    parser.add_argument("--out", type=Path, help="write the checklist here instead of stdout")
    args = parser.parse_args(argv)
    if not args.path.is_dir():
        print(f"audit: not a directory: {args.path}", file=sys.stderr)
        return 2
    try:
        facts = json.loads(args.json.read_text(encoding="utf-8")) if args.json else _claude_map_json(args.path)
    except (OSError, ValueError) as error:
        print(f"audit: cannot read the facts: {error}", file=sys.stderr)
        return 2
    analysis = facts["analysis"]
    sampled = sample_facts(analysis, args.per_kind, args.key_modules, args.seed)
    checklist = render_checklist(analysis["name"], args.path, sampled)
    if args.out:
        args.out.write_text(checklist, encoding="utf-8")
    else:
        sys.stdout.write(checklist)
    return 0


if __name__ == "__main__":
    sys.exit(main())
