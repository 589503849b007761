"""Corpus mode of bench/quality.py: the same measure over many repositories, one table.

    python bench/quality.py --corpus bench/corpus.toml --out DIR [--only a,b]
        [--budgets 1000,2000,3000,4000] [--max-fixes 40] [--claude-map-src PATH]
        [--aider-python /work/aider-venv/bin/python] [--cache /work/bench-cache]

Each repository of the corpus file is a local clone checked out at its pinned commit. Per
repository, what does not depend on claude-map (the fix list, the free listing's routing, aider's
8k map) is computed once per (repository, commit, fix rule) and cached as JSON under --cache, so a
rerun after a claude-map change only runs claude-map: once per budget on the checkout (the HEAD
approximation of bench/quality.py), with `python -m mapper` imported from --claude-map-src.
Repositories run one after another; DIR/corpus.md and DIR/corpus.json are rewritten after each,
and each map is kept as DIR/maps/NAME-BUDGET.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import quality as q

AIDER_BUDGET = 8000
DEFAULT_BUDGET = 3000  # claude-map's default --budget
BAR_BUDGET = 2000  # the per-repository bars
DEFAULT_CACHE = Path("/work/bench-cache")
WORST = 5


class CorpusError(Exception):
    """A corpus that cannot be run as given (one-line message, exit 2)."""


@dataclass(frozen=True)
class CorpusRepo:
    name: str
    github: str
    path: Path
    commit: str
    language: str
    shape: str


@dataclass
class Baseline:
    """What does not depend on claude-map, for one repository at one commit."""

    name: str
    commit: str
    rule: str  # digest of the fix/test/source rules and --max-fixes
    source_files: int
    nontest_files: int
    fixes: list[q.FixCommit]
    aider_version: str | None = None
    aider_text: str | None = None  # aider's map at AIDER_BUDGET
    aider_seconds: float | None = None


@dataclass(frozen=True)
class Score:
    """One map's figures on one repository."""

    named: int  # targets whose path the map names
    targets: int
    top5: int  # fixes with a target in the top 5
    fixes: int
    tokens: int = 0
    seconds: float = 0.0

    @property
    def named_share(self) -> float:
        return self.named / self.targets if self.targets else 0.0

    @property
    def top5_share(self) -> float:
        return self.top5 / self.fixes if self.fixes else 0.0


@dataclass
class RepoScore:
    repo: CorpusRepo
    source_files: int
    fixes: int
    targets: int
    targets_present: int  # targets still in the mapped checkout (the most any map can name)
    listing: Score  # all source paths
    listing_nontest: Score  # non-test source paths
    aider: Score | None
    claude_map: dict[int, Score]
    claude_map_seconds: float
    details: list[q.FixDetail] = field(default_factory=list)


# ---------------------------------------------------------------- corpus file


def load_corpus(path: Path) -> list[CorpusRepo]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CorpusError(f"cannot read corpus {path}: {error}") from None
    repos = []
    for number, entry in enumerate(data.get("repo", []), 1):
        missing = [k for k in ("name", "path", "commit") if not isinstance(entry.get(k), str)]
        if missing:
            raise CorpusError(f"{path}: repo #{number} lacks {', '.join(missing)}")
        repos.append(CorpusRepo(entry["name"], entry.get("github", ""), Path(entry["path"]),
                                entry["commit"], entry.get("language", ""), entry.get("shape", "")))
    names = [r.name for r in repos]
    if not repos:
        raise CorpusError(f"{path}: no [[repo]] entries")
    if len(set(names)) != len(names):
        raise CorpusError(f"{path}: repository names repeat")
    return repos


def select(repos: Sequence[CorpusRepo], only: str | None) -> list[CorpusRepo]:
    if not only:
        return list(repos)
    wanted = [n.strip() for n in only.split(",") if n.strip()]
    unknown = sorted(set(wanted) - {r.name for r in repos})
    if unknown:
        raise CorpusError(f"--only names repositories not in the corpus: {', '.join(unknown)}")
    return [r for r in repos if r.name in wanted]


def check_checkout(repo: CorpusRepo) -> None:
    if not (repo.path / ".git").exists():
        raise CorpusError(f"{repo.name}: {repo.path} is not a git clone (clone github.com/{repo.github} there)")
    head = q.git(repo.path, "rev-parse", "HEAD").strip()
    if head != repo.commit:
        raise CorpusError(f"{repo.name}: {repo.path} is at {head[:12]}, the corpus pins {repo.commit[:12]} "
                          f"(git -C {repo.path} checkout {repo.commit})")


# ---------------------------------------------------------------- baselines (cached)


def rule_digest(max_fixes: int) -> str:
    """Changes whenever the fix list could: the selection rules and the number of fixes."""
    rules = [q.FIX_PATTERN.pattern, q.TEST_NAME.pattern, q.TEST_DIR_SUFFIX.pattern,
             sorted(q.TEST_DIRS), sorted(q.SOURCE_EXTENSIONS), max_fixes, AIDER_BUDGET]
    return hashlib.sha256(json.dumps(rules).encode()).hexdigest()[:10]


def cache_file(cache: Path, repo: CorpusRepo, rule: str) -> Path:
    return cache / f"{repo.name}-{repo.commit[:12]}-{rule}.json"


def read_baseline(path: Path) -> Baseline | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    data["fixes"] = [q.FixCommit(f["sha"], f["parent"], f["subject"], tuple(f["targets"]))
                     for f in data["fixes"]]
    return Baseline(**data)


def write_json_atomic(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def baseline_for(repo: CorpusRepo, snapshot: q.Snapshot, max_fixes: int, cache: Path,
                 aider_python: str | None, scratch: Path) -> Baseline:
    rule = rule_digest(max_fixes)
    path = cache_file(cache, repo, rule)
    baseline = read_baseline(path)
    if baseline is None:
        print(f"  mining fixes of {repo.name}", file=sys.stderr)
        baseline = Baseline(repo.name, repo.commit, rule, len(snapshot.sources),
                            sum(not q.is_test(s) for s in snapshot.sources),
                            q.find_fixes(repo.path, max_fixes))
    if baseline.aider_text is None and aider_python:
        print(f"  aider {AIDER_BUDGET} map of {repo.name}", file=sys.stderr)
        (run,), baseline.aider_version = q.run_aider(aider_python, snapshot, [AIDER_BUDGET], scratch)
        baseline.aider_text, baseline.aider_seconds = run.text, run.seconds
    write_json_atomic(path, asdict(baseline))
    return baseline


# ---------------------------------------------------------------- claude-map runs


def import_root(source: Path, scratch: Path) -> Path:
    """A folder from which `import mapper` gets the source tree's code *and* its templates.

    The source tree keeps its templates at top level (templates/, shipped as mapper.templates by
    setup.py). Put the tree itself on PYTHONPATH and mapper.templates would come from wherever
    claude-map is installed (an editable install of another checkout, say), not from this tree. So
    the folder returned holds a mapper/ whose entries are symlinks to the tree's mapper/ entries,
    plus templates -> the tree's templates/.
    """
    if (source / "mapper" / "templates").exists() or not (source / "templates").is_dir():
        return source
    root = scratch / "import-root"
    shutil.rmtree(root, ignore_errors=True)
    package = root / "mapper"
    package.mkdir(parents=True)
    for entry in sorted((source / "mapper").iterdir()):
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "templates").symlink_to(source / "templates")
    return root


def claude_map_env(root: Path) -> dict[str, str]:
    """`python -m mapper` imports the mapper package under root, before any installed one."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    return env


def source_description(source: Path) -> str:
    """The source tree's commit, and whether its mapper/ differs from it."""
    try:
        head = q.git(source, "rev-parse", "--short=12", "HEAD").strip()
        dirty = q.git(source, "status", "--porcelain", "--", "mapper", "templates").strip()
    except (subprocess.CalledProcessError, OSError):
        return str(source)
    return f"{source} at {head}" + (" with uncommitted changes under mapper/ or templates/" if dirty else "")


# ---------------------------------------------------------------- one repository


def score_of(result: q.ToolBudgetResult) -> Score:
    return Score(result.named_targets, result.targets, result.segment.hits5, result.segment.total,
                 round(q.mean(result.tokens)), round(q.mean(result.seconds), 2))


def score_repo(repo: CorpusRepo, budgets: Sequence[int], max_fixes: int, python: str, env: Mapping[str, str],
               aider_python: str | None, cache: Path, out: Path, scratch: Path) -> RepoScore:
    check_checkout(repo)
    snapshot = q.snapshot_at(repo.path, repo.commit, repo.path)
    baseline = baseline_for(repo, snapshot, max_fixes, cache, aider_python, scratch)
    runs = {}
    for budget in budgets:
        run = q.run_claude_map([python, "-m", "mapper"], repo.path, budget, scratch, env)
        write_text_atomic(out / "maps" / f"{repo.name}-{budget}.md", run.text)
        runs[("claude-map", budget)] = run
    if baseline.aider_text is not None:
        runs[("aider", AIDER_BUDGET)] = q.MapRun("aider", AIDER_BUDGET, baseline.aider_text,
                                                 baseline.aider_seconds or 0.0)
    maps = q.SnapshotMaps(snapshot, runs)
    free, free_nontest, results, details = q.evaluate(baseline.fixes, {f.sha: maps for f in baseline.fixes},
                                                      list(runs))
    by_key = {(r.tool, r.budget): r for r in results}
    fixes = len(baseline.fixes)
    targets = sum(len(f.targets) for f in baseline.fixes)
    aider = by_key.get(("aider", AIDER_BUDGET))
    return RepoScore(
        repo=repo, source_files=baseline.source_files, fixes=fixes, targets=targets,
        targets_present=sum(t in snapshot.files for f in baseline.fixes for t in f.targets),
        listing=Score(targets, targets, free.hits5, free.total),
        listing_nontest=Score(targets, targets, free_nontest.hits5, free_nontest.total),
        aider=score_of(aider) if aider else None,
        claude_map={b: score_of(by_key[("claude-map", b)]) for b in budgets},
        claude_map_seconds=round(sum(r.seconds for k, r in runs.items() if k[0] == "claude-map"), 2),
        details=details,
    )


# ---------------------------------------------------------------- report


def pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def budget_label(budget: int) -> str:
    return f"{budget // 1000}k" if budget % 1000 == 0 else str(budget)


@dataclass(frozen=True)
class BarResult:
    label: str
    met: list[str]
    missed: list[str]

    def line(self, required: float | None = None) -> str:
        total = len(self.met) + len(self.missed)
        share = len(self.met) / total if total else 0.0
        verdict = ""
        if required is not None:
            verdict = f" (needs {pct(required)}: {'met' if share >= required else 'not met'})"
        missed = f"; not on: {', '.join(self.missed)}" if self.missed else ""
        return f"- {self.label}: {len(self.met)}/{total} ({pct(share)}){verdict}{missed}"


def bar(scores: Sequence[RepoScore], label: str, passes) -> BarResult:
    met, missed = [], []
    for score in scores:
        outcome = passes(score)
        if outcome is None:
            continue
        (met if outcome else missed).append(score.repo.name)
    return BarResult(label, met, missed)


def bars(scores: Sequence[RepoScore]) -> list[str]:
    lines = []
    if not scores:
        return lines
    budgets = scores[0].claude_map
    if BAR_BUDGET in budgets:
        lines.append(bar(scores, f"at {budget_label(BAR_BUDGET)}, top-5 >= free listing (all source paths)",
                         lambda s: s.claude_map[BAR_BUDGET].top5 >= s.listing.top5).line())
        lines.append(bar(scores, f"at {budget_label(BAR_BUDGET)}, files named >= aider 8k",
                         lambda s: None if s.aider is None
                         else s.claude_map[BAR_BUDGET].named >= s.aider.named).line())
    if DEFAULT_BUDGET in budgets:
        lines.append(bar(scores, f"at {budget_label(DEFAULT_BUDGET)} (default), top-5 >= aider 8k",
                         lambda s: None if s.aider is None
                         else s.claude_map[DEFAULT_BUDGET].top5 >= s.aider.top5).line(0.8))
    return lines


def table_rows(scores: Sequence[RepoScore], budgets: Sequence[int]) -> list[str]:
    header = ["repo", "lang", "shape", "src files", "fixes", "targets at HEAD"]
    for b in budgets:
        header += [f"{budget_label(b)} named", f"{budget_label(b)} top-5"]
    header += ["listing top-5", "listing non-test top-5", "aider 8k named", "aider 8k top-5"]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for s in scores:
        cells = [s.repo.name, s.repo.language, s.repo.shape, str(s.source_files), str(s.fixes),
                 f"{s.targets_present}/{s.targets}"]
        for b in budgets:
            m = s.claude_map[b]
            cells += [f"{m.named}/{m.targets}", pct(m.top5_share)]
        cells += [pct(s.listing.top5_share), pct(s.listing_nontest.top5_share)]
        cells += ([f"{s.aider.named}/{s.aider.targets}", pct(s.aider.top5_share)] if s.aider else ["-", "-"])
        rows.append("| " + " | ".join(cells) + " |")
    if not scores:
        return rows
    with_aider = [s for s in scores if s.aider]
    mean = ["**mean**", "", "", f"{q.mean([s.source_files for s in scores]):.0f}",
            f"{q.mean([s.fixes for s in scores]):.0f}",
            pct(q.mean([s.targets_present / s.targets if s.targets else 0.0 for s in scores]))]
    for b in budgets:
        mean += [pct(q.mean([s.claude_map[b].named_share for s in scores])),
                 pct(q.mean([s.claude_map[b].top5_share for s in scores]))]
    mean += [pct(q.mean([s.listing.top5_share for s in scores])),
             pct(q.mean([s.listing_nontest.top5_share for s in scores])),
             pct(q.mean([s.aider.named_share for s in with_aider])) if with_aider else "-",
             pct(q.mean([s.aider.top5_share for s in with_aider])) if with_aider else "-"]
    rows.append("| " + " | ".join(mean) + " |")
    return rows


def worst_rows(scores: Sequence[RepoScore], budget: int) -> list[str]:
    def gap(s: RepoScore) -> float:
        return s.claude_map[budget].top5_share - s.listing.top5_share

    label = budget_label(budget)
    rows = [f"| repo | {label} top-5 minus listing | {label} top-5 | listing top-5 | listing non-test top-5 "
            f"| aider 8k top-5 | {label} named | aider 8k named | {label} map tokens |",
            "|---|---|---|---|---|---|---|---|---|"]
    for s in sorted(scores, key=lambda s: (gap(s), s.repo.name))[:WORST]:
        m = s.claude_map[budget]
        rows.append(f"| {s.repo.name} | {100 * gap(s):+.0f} | {pct(m.top5_share)} | {pct(s.listing.top5_share)} "
                    f"| {pct(s.listing_nontest.top5_share)} "
                    f"| {pct(s.aider.top5_share) if s.aider else '-'} | {m.named}/{m.targets} "
                    f"| {f'{s.aider.named}/{s.aider.targets}' if s.aider else '-'} | {m.tokens} |")
    return rows


def render(scores: Sequence[RepoScore], budgets: Sequence[int], context: Mapping[str, str]) -> str:
    lines = [f"# claude-map corpus benchmark ({len(scores)} repositories)", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    lines += ["", "targets = files changed by a fix that existed before it; targets at HEAD = those still in "
              "the mapped checkout (the most a map of it can name); "
              "named = targets whose path the map names; "
              "top-5 = fixes whose subject line, ranked by BM25 over the words the map gives each file, "
              "has a target in the top 5 (bench/quality.py docstring). Mean = mean of the per-repository "
              "shares.", ""]
    lines += table_rows(scores, budgets)
    if BAR_BUDGET in budgets:
        lines += ["", f"## Worst {WORST} at {budget_label(BAR_BUDGET)} (claude-map top-5 minus free listing top-5)",
                  ""] + worst_rows(scores, BAR_BUDGET)
    lines += ["", "## The issue's bars", ""] + bars(scores)
    seconds = sum(s.claude_map_seconds for s in scores)
    lines += ["", f"claude-map wall time, all budgets and repositories: {seconds:.0f} s.", ""]
    return "\n".join(lines)


def scores_json(scores: Sequence[RepoScore], context: Mapping[str, str]) -> dict:
    def repo_json(s: RepoScore) -> dict:
        data = asdict(s)
        data["repo"]["path"] = str(s.repo.path)
        data["claude_map"] = {str(b): v for b, v in data["claude_map"].items()}
        return data

    return {"context": dict(context), "repos": [repo_json(s) for s in scores]}


# ---------------------------------------------------------------- driver


def run(corpus: Path, out: Path, only: str | None, budgets: Sequence[int], max_fixes: int, source: Path,
        aider_python: str | None, cache: Path) -> int:
    repos = select(load_corpus(corpus), only)
    for repo in repos:
        check_checkout(repo)
    if not (source / "mapper" / "__init__.py").exists():
        raise CorpusError(f"--claude-map-src {source} holds no mapper/ package")
    out.mkdir(parents=True, exist_ok=True)
    cache.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    context = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "claude-map": source_description(source),
        "budgets": ", ".join(map(str, budgets)) + f"; aider {AIDER_BUDGET} from the baseline cache ({cache})",
        "fixes": f"up to {max_fixes} per repository; HEAD approximation (each repository mapped once "
                 "per budget at its pinned commit)",
    }
    scores: list[RepoScore] = []
    failures: dict[str, str] = {}
    start = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="claude-map-corpus-"))
    try:
        root = import_root(source, scratch)
        env = claude_map_env(root)
        origin = q.claude_map_origin([python, "-m", "mapper"], scratch, env)
        context["claude-map"] += (f"; runs {origin}" if root == source else
                                  f" (its mapper/ and templates/, through symlinks in a scratch folder); "
                                  f"{origin.split(' from ')[0]}")
        for number, repo in enumerate(repos, 1):
            print(f"[{number}/{len(repos)}] {repo.name}", file=sys.stderr)
            try:
                scores.append(score_repo(repo, budgets, max_fixes, python, env, aider_python, cache, out,
                                         scratch))
            except subprocess.CalledProcessError as error:
                failures[repo.name] = failure_line(error)
                print(f"  {repo.name} failed: {failures[repo.name]}", file=sys.stderr)
            context["wall time"] = f"{time.perf_counter() - start:.0f} s for {number} repositories"
            if failures:
                context["failed"] = "; ".join(f"{name}: {why}" for name, why in failures.items())
            write_text_atomic(out / "corpus.md", render(scores, budgets, context))
            write_json_atomic(out / "corpus.json", scores_json(scores, context))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print((out / "corpus.md").read_text(encoding="utf-8"))
    return 1 if failures else 0


def failure_line(error: subprocess.CalledProcessError) -> str:
    """The command and the last line it wrote to stderr."""
    detail = (error.stderr or "").strip().splitlines()
    command = " ".join(map(str, error.cmd))
    return f"{command[:160]} exited {error.returncode}" + (f": {detail[-1][:200]}" if detail else "")


def main(args) -> int:
    try:
        return run(args.corpus, args.out, args.only, args.budgets, args.max_fixes,
                   args.claude_map_src.resolve(), args.aider_python, args.cache)
    except CorpusError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as error:
        print(f"error: {failure_line(error)}", file=sys.stderr)
        return 1
