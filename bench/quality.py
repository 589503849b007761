"""Map-quality benchmark: does the map route a bug-fix task to the file that was fixed?

    python bench/quality.py PATH [--budgets 1000,2000,4000,8000] [--max-fixes 40]
                                 [--at-parent] [--aider-python /path/to/aider-venv/bin/python]
                                 [--json OUT.json]

    python bench/quality.py --corpus bench/corpus.toml --out DIR [--only a,b]
                            [--claude-map-src PATH] [--aider-python ...]   (see bench/corpus.py)

PATH is a local git clone of any repository. Nothing here reaches the network.

Method (see bench/QUALITY.md for results):
1. Fixes: the most recent non-merge commits whose message matches
   /\\bfix(e[sd])?\\b|\\bbug\\b/i and that change 1-5 non-test source files (extensions
   claude-map maps; test = a test/tests/spec/__tests__ directory or a test file name).
   The fix's *targets* are those changed files that existed before it (a file the fix
   created cannot be routed to). Renames count as delete + add.
2. Maps: for each budget, claude-map's block. Default mode maps HEAD once per budget and
   uses it for every fix ("HEAD approximation"); --at-parent checks out each fix's parent
   with `git worktree add` in a scratch directory and maps that (slow, exact).
   The free listing and the random baseline use the same snapshot as the map.
3. Naming: the share of targets whose full path the map contains (brace groups are
   expanded first, as a shell does one level: `src/pkg/{a,b}.py` and the older
   `src/pkg/{a.py, b.py}` both name src/pkg/a.py and src/pkg/b.py). Random expectation: a random map naming as
   many source files (k) as this one names, i.e. k / (source files in the snapshot).
4. Routing: query = the fix's subject line; documents = the files the map names; rank with
   BM25 (k1=1.2, b=0.75) and count a hit when a target is in the top 5 (and top 1).
   Only documents scoring above zero are ranked (a query that matches nothing is a miss).
   Attribution of map words to files (the "segment" rule, reported as the main number):
     - each line of the map is read on its own, after brace expansion;
     - the line's head (text before the first file it names: a section label such as
       "core / domain (6):", "network (38 sites):", "`src/x/` 24 files, core / domain; central:")
       goes to every file named on the line;
     - the rest of the line is split at ";" into segments; a segment's text other than file
       paths (symbols, line numbers dropped, effect callees, summaries, fan-in/out words)
       goes to the files named in that segment;
     - each named file also gets its own path words.
   The "line" rule (every file named on a line gets all of that line's words, as written)
   is reported alongside it to show how much the attribution choice matters.
   Baseline "free listing": the same BM25 over every source file of the snapshot, each
   document being its path words only (what `git ls-files` gives an agent); also reported
   over the non-test source files only (what a map that just listed them would route).
   aider's repo map (optional, --aider-python): each code line's words go to the most
   recent file-path line above it.
   Tokenizer (queries and documents): split on non-alphanumerics and camelCase, lowercase,
   drop pure numbers, one-letter tokens and English stop words; no stemming. Queries also
   drop the words fixes are selected by (fix, fixes, fixed, fixing, bug, bugs).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

SOURCE_EXTENSIONS = frozenset(
    ".py .js .jsx .mjs .cjs .ts .tsx .go .rs .java .cs .c .h .cc .cpp .hpp .rb .php .kt".split()
)
FIX_PATTERN = re.compile(r"\bfix(e[sd])?\b|\bbug\b", re.IGNORECASE)
TEST_DIRS = frozenset({"test", "tests", "spec", "specs", "__tests__"})
# Test project folders named by a suffix: `MediatR.Tests`, `exposed-tests`, `java-test`, `UnitTests`.
TEST_DIR_SUFFIX = re.compile(r"^.+([._-][Tt]ests?|[a-z]Tests)$")
TEST_NAME = re.compile(
    r"^(test_.*\.py|.*_test\.py|conftest\.py|.*_test\.go|.*\.(test|spec)\.[cm]?[jt]sx?"
    r"|.*(Test|Tests)\.(java|kt|cs|php)|.*_(spec|test)\.rb|tests?\.rs|.*_test\.(c|cc|cpp))$"
)
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can cannot could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself let me more most my myself no nor not of off on once only or other
    ought our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves also just may might must now s t via""".split()
)
# Every query contains one of these (that is how fixes are chosen), so they carry no routing
# signal; left in, they route "fix ..." to whatever names a `lint:fix` script.
QUERY_STOP_WORDS = frozenset({"fix", "fixes", "fixed", "fixing", "bug", "bugs"})
BUDGETS = (1000, 2000, 4000, 8000)
CORPUS_BUDGETS = (1000, 2000, 3000, 4000)
TOP_K = 5
BM25_K1 = 1.2
BM25_B = 0.75
MAP_BEGIN = "<!-- claude-map:begin -->"
MAP_END = "<!-- claude-map:end -->"
AIDER_SCRIPT = Path(__file__).with_name("aider_map.py")


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class FixCommit:
    sha: str
    parent: str
    subject: str
    targets: tuple[str, ...]  # changed non-test source files that existed in the parent


@dataclass(frozen=True)
class Snapshot:
    rev: str
    root: Path
    files: frozenset[str]  # every tracked file
    sources: tuple[str, ...]  # tracked files with a source extension, sorted


@dataclass(frozen=True)
class MapRun:
    tool: str  # "claude-map" or "aider"
    budget: int
    text: str
    seconds: float

    @property
    def tokens(self) -> int:
        return len(self.text) // 4


@dataclass(frozen=True)
class Documents:
    """The words a map (or listing) attaches to each file it names."""

    words: Mapping[str, tuple[str, ...]]

    def named(self) -> frozenset[str]:
        return frozenset(self.words)


@dataclass
class Tally:
    hits5: int = 0
    hits1: int = 0
    total: int = 0

    def add(self, ranked: Sequence[str], targets: Iterable[str]) -> None:
        wanted = set(targets)
        self.total += 1
        self.hits5 += any(path in wanted for path in ranked[:TOP_K])
        self.hits1 += bool(ranked) and ranked[0] in wanted

    def rate(self, hits: int) -> str:
        return f"{100 * hits / self.total:.0f}%" if self.total else "-"


@dataclass
class ToolBudgetResult:
    tool: str
    budget: int
    seconds: list[float] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)
    targets: int = 0
    named_targets: int = 0
    random_expected: float = 0.0  # sum over targets of k / total sources
    reach: int = 0  # fixes with at least one target named
    segment: Tally = field(default_factory=Tally)
    line: Tally = field(default_factory=Tally)

    def record(self, fix: FixCommit, snap: Snapshot, named: frozenset[str],
               segment_top: Sequence[str], line_top: Sequence[str] | None) -> None:
        k = len(named.intersection(snap.sources))
        self.targets += len(fix.targets)
        self.named_targets += sum(t in named for t in fix.targets)
        self.random_expected += len(fix.targets) * k / max(1, len(snap.sources))
        self.reach += any(t in named for t in fix.targets)
        self.segment.add(segment_top, fix.targets)
        if line_top is not None:
            self.line.add(line_top, fix.targets)


@dataclass
class FixDetail:
    sha: str
    subject: str
    targets: tuple[str, ...]
    free_top: tuple[str, ...]
    tops: dict[str, tuple[str, ...]]  # "claude-map/2000" -> top 5 (segment rule)
    named: dict[str, bool]  # "claude-map/2000" -> any target named


@dataclass
class RepoReport:
    path: str
    head: str
    mode: str
    source_files: int
    fixes: int
    targets: int
    targets_present: int
    free: Tally
    free_nontest: Tally  # the same listing without test files
    results: list[ToolBudgetResult]
    details: list[FixDetail]
    claude_map_command: str
    claude_map_origin: str
    aider_version: str | None
    seconds: float


# ---------------------------------------------------------------- git


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, env=env, check=True,
        encoding="utf-8", errors="replace",
    )
    return done.stdout


def tracked_files(repo: Path, rev: str) -> frozenset[str]:
    return frozenset(f for f in git(repo, "ls-tree", "-r", "--name-only", "-z", rev).split("\0") if f)


def is_source(path: str) -> bool:
    return os.path.splitext(path)[1] in SOURCE_EXTENSIONS


def is_test(path: str) -> bool:
    parts = path.split("/")
    return (any(part.lower() in TEST_DIRS or TEST_DIR_SUFFIX.match(part) for part in parts[:-1])
            or bool(TEST_NAME.match(parts[-1])))


def commit_exists(repo: Path, rev: str) -> bool:
    try:
        git(repo, "cat-file", "-e", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        return False
    return True


def iter_log(repo: Path) -> Iterator[tuple[str, list[str], str, str, list[tuple[str, str]]]]:
    """(sha, parents, subject, message, [(status, path)]) for each non-merge commit, newest first."""
    proc = subprocess.Popen(
        ["git", "-C", str(repo), "log", "--no-merges", "--no-renames", "--name-status",
         "--format=%x1e%H %P%x1f%s%x1f%B%x1f", "HEAD"],
        stdout=subprocess.PIPE, encoding="utf-8", errors="replace",
        env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
    )
    assert proc.stdout is not None
    try:
        record: list[str] = []
        for line in proc.stdout:
            if line.startswith("\x1e") and record:
                yield parse_log_record("".join(record))
                record = []
            record.append(line)
        if record:
            yield parse_log_record("".join(record))
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()


def parse_log_record(record: str) -> tuple[str, list[str], str, str, list[tuple[str, str]]]:
    head, subject, message, changes = record.lstrip("\x1e").split("\x1f", 3)
    sha, *parents = head.split()
    files = []
    for line in changes.splitlines():
        status, _, path = line.partition("\t")
        if path:
            files.append((status[:1], path))
    return sha, parents, subject.strip(), message, files


def find_fixes(repo: Path, max_fixes: int) -> list[FixCommit]:
    fixes: list[FixCommit] = []
    for sha, parents, subject, message, files in iter_log(repo):
        if len(fixes) >= max_fixes:
            break
        if len(parents) != 1 or not FIX_PATTERN.search(message):
            continue
        changed = [(s, p) for s, p in files if is_source(p) and not is_test(p)]
        targets = tuple(sorted(p for s, p in changed if s != "A"))
        if not 1 <= len(changed) <= 5 or not targets or not commit_exists(repo, parents[0]):
            continue
        fixes.append(FixCommit(sha, parents[0], subject, targets))
    return fixes


def snapshot_at(repo: Path, rev: str, root: Path) -> Snapshot:
    files = tracked_files(repo, rev)
    return Snapshot(rev, root, files, tuple(sorted(f for f in files if is_source(f))))


def add_worktree(repo: Path, rev: str, scratch: Path) -> Path:
    path = scratch / f"wt-{rev[:12]}"
    git(repo, "worktree", "add", "--detach", "--force", str(path), rev)
    return path


def remove_worktree(repo: Path, path: Path) -> None:
    try:
        git(repo, "worktree", "remove", "--force", str(path))
    except subprocess.CalledProcessError:
        shutil.rmtree(path, ignore_errors=True)
        git(repo, "worktree", "prune")


# ---------------------------------------------------------------- text


WORD_CHUNK = re.compile(r"[A-Za-z0-9]+")
CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def tokenize(text: str) -> list[str]:
    tokens = []
    for chunk in WORD_CHUNK.findall(text):
        for part in CAMEL_PART.findall(chunk):
            token = part.lower()
            if len(token) > 1 and not token.isdigit() and token not in STOP_WORDS:
                tokens.append(token)
    return tokens


# A brace group with the path text around it: prefix{a,b}suffix (one level, no nesting).
BRACE_GROUP = re.compile(r"([^\s`'\"(),;\[\]{}<>|]*)\{([^{}]*)\}([^\s`'\"(),;\[\]{}<>|]*)")
PATH_CANDIDATE = re.compile(r"[^\s`'\"(),;\[\]{}<>|]+")
LINE_SUFFIX = re.compile(r"(:[0-9,]*)+$")


def expand_braces(line: str) -> str:
    """Shell brace expansion, one level: ``src/{a,b}.rs`` -> ``src/a.rs src/b.rs``.

    Also reads the older map form, ``src/{a.rs, b.rs}`` and ``src/{a.rs}``: items are
    stripped of spaces and a single item expands too. An empty item between commas
    gives prefix + suffix, as in the shell (``f{,.bak}``); ``{}`` gives nothing.
    """
    def expand(match: re.Match[str]) -> str:
        prefix, body, suffix = match.groups()
        items = [item.strip() for item in body.split(",")]
        if not any(items):
            items = []
        return " ".join(prefix + item + suffix for item in items)

    return BRACE_GROUP.sub(expand, line)


def named_spans(line: str, known: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, path) for each token of the line that is a tracked file path."""
    spans = []
    for match in PATH_CANDIDATE.finditer(line):
        token = LINE_SUFFIX.sub("", match.group()).rstrip(".:")
        if token.startswith("./"):
            token = token[2:]
        if token in known:
            spans.append((match.start(), match.end(), token))
    return spans


def map_block(text: str) -> str:
    start, end = text.find(MAP_BEGIN), text.find(MAP_END)
    return text[start + len(MAP_BEGIN):end] if start >= 0 and end > start else text


def strip_spans(text: str, spans: Sequence[tuple[int, int, str]], offset: int) -> str:
    pieces, cursor = [], 0
    for start, end, _ in spans:
        pieces.append(text[cursor:start - offset])
        cursor = end - offset
    pieces.append(text[cursor:])
    return " ".join(pieces)


def segment_rule_line(line: str, known: frozenset[str]) -> dict[str, list[str]]:
    expanded = expand_braces(line)
    spans = named_spans(expanded, known)
    if not spans:
        return {}
    first = spans[0][0]
    head_words = tokenize(expanded[:first])
    words: dict[str, list[str]] = {}
    offset = first
    for segment in expanded[first:].split(";"):
        inside = [s for s in spans if offset <= s[0] < offset + len(segment)]
        context = tokenize(strip_spans(segment, inside, offset))
        for _, _, path in inside:
            words.setdefault(path, []).extend(head_words + context + tokenize(path))
        offset += len(segment) + 1
    return words


def line_rule_line(line: str, known: frozenset[str]) -> dict[str, list[str]]:
    spans = named_spans(expand_braces(line), known)
    line_words = tokenize(line)
    return {path: list(line_words) for path in dict.fromkeys(p for _, _, p in spans)}


def claude_map_documents(text: str, known: frozenset[str], rule: str) -> Documents:
    attribute = segment_rule_line if rule == "segment" else line_rule_line
    words: dict[str, list[str]] = {}
    for line in map_block(text).splitlines():
        for path, line_words in attribute(line, known).items():
            words.setdefault(path, []).extend(line_words)
    return Documents({p: tuple(w) for p, w in words.items()})


def aider_documents(text: str, known: frozenset[str]) -> Documents:
    """Each code line's words go to the most recent line that is a file path."""
    words: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        candidate = line.strip().rstrip(":")
        if not line.startswith(("│", "⋮", " ")) and candidate in known:
            current = candidate
            words.setdefault(current, []).extend(tokenize(current))
        elif current is not None:
            words[current].extend(tokenize(line))
    return Documents({p: tuple(w) for p, w in words.items()})


def listing_documents(sources: Iterable[str]) -> Documents:
    return Documents({path: tuple(tokenize(path)) for path in sources})


# ---------------------------------------------------------------- ranking


class BM25:
    def __init__(self, documents: Documents, k1: float = BM25_K1, b: float = BM25_B) -> None:
        self.k1, self.b = k1, b
        self.counts = {path: Counter(words) for path, words in documents.words.items()}
        self.lengths = {path: len(words) for path, words in documents.words.items()}
        self.average = (sum(self.lengths.values()) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts.values():
            frequency.update(counts.keys())
        n = len(self.counts)
        self.idf = {t: math.log((n - f + 0.5) / (f + 0.5) + 1.0) for t, f in frequency.items()}

    def score(self, path: str, terms: Iterable[str]) -> float:
        counts, length = self.counts[path], self.lengths[path]
        norm = self.k1 * (1 - self.b + self.b * length / self.average) if self.average else self.k1
        total = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        return total

    def rank(self, query: str, limit: int = TOP_K) -> tuple[str, ...]:
        """Best paths first (ties by path), only those scoring above zero."""
        terms = (set(tokenize(query)) - QUERY_STOP_WORDS) & self.idf.keys()
        if not terms:
            return ()
        scored = [(-self.score(path, terms), path) for path in self.counts]
        return tuple(path for score, path in sorted(scored)[:limit] if score < 0)


# ---------------------------------------------------------------- maps


def run_claude_map(command: Sequence[str], root: Path, budget: int, cwd: Path,
                   env: Mapping[str, str] | None = None) -> MapRun:
    """One cold map. cwd is a scratch directory: `python -m mapper` run from a directory that
    holds a `mapper/` folder (this repository, or the mapped one) would import that instead."""
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--stdout", "--budget", str(budget), "--no-cache", "-q", str(root)],
        capture_output=True, encoding="utf-8", errors="replace", check=True, cwd=cwd,
        env=None if env is None else dict(env),
    )
    return MapRun("claude-map", budget, done.stdout, time.perf_counter() - start)


def claude_map_origin(command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> str:
    """Which claude-map runs: its version line, and its package folder for `python -m mapper`."""
    def output(args: Sequence[str]) -> str:
        done = subprocess.run(args, capture_output=True, encoding="utf-8", errors="replace", cwd=cwd,
                              env=None if env is None else dict(env))
        return done.stdout.strip() or done.stderr.strip()

    origin = output([*command, "--version"])
    if list(command[-2:]) == ["-m", "mapper"]:
        # The templates are a package of their own (mapper.templates): say where both come from.
        where = output([command[0], "-c", "import os, mapper, mapper.templates as t; "
                        "print(os.path.dirname(mapper.__file__), 'templates', *t.__path__)"])
        origin += " from " + where
    return origin


def offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", LITELLM_LOCAL_MODEL_COST_MAP="True",
               AIDER_ANALYTICS="false", NO_PROXY="*", no_proxy="*")
    # aider's map order depends on set iteration (string hashes): fix the seed, and one BLAS thread.
    env.update(PYTHONHASHSEED="0", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def run_aider(python: str, snapshot: Snapshot, budgets: Sequence[int],
              scratch: Path) -> tuple[list[MapRun], str]:
    listing = scratch / f"aider-files-{snapshot.rev[:12]}.txt"
    out = scratch / f"aider-maps-{snapshot.rev[:12]}.json"
    listing.write_text("".join(f"{p}\n" for p in snapshot.sources), encoding="utf-8")
    subprocess.run(
        [python, str(AIDER_SCRIPT), str(snapshot.root), "--files-from", str(listing),
         "--budgets", ",".join(map(str, budgets)), "--out", str(out)],
        check=True, env=offline_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    runs = [MapRun("aider", int(b), m["text"], m["seconds"]) for b, m in result["maps"].items()]
    return runs, result["aider_version"]


@dataclass
class SnapshotMaps:
    snapshot: Snapshot
    runs: dict[tuple[str, int], MapRun]


def build_snapshot_maps(snapshot: Snapshot, budgets: Sequence[int], command: Sequence[str],
                        aider_python: str | None, scratch: Path) -> tuple[SnapshotMaps, str | None]:
    runs = {("claude-map", b): run_claude_map(command, snapshot.root, b, scratch) for b in budgets}
    version = None
    if aider_python:
        aider_runs, version = run_aider(aider_python, snapshot, budgets, scratch)
        runs.update({(r.tool, r.budget): r for r in aider_runs})
    return SnapshotMaps(snapshot, runs), version


# ---------------------------------------------------------------- evaluation


@dataclass
class Rankers:
    """BM25 indexes of one snapshot's maps, built once and shared by the fixes using it."""

    free: BM25
    free_nontest: BM25
    maps: dict[tuple[str, int, str], tuple[Documents, BM25]]  # (tool, budget, rule)

    @classmethod
    def build(cls, maps: SnapshotMaps) -> Rankers:
        known = maps.snapshot.files
        indexes: dict[tuple[str, int, str], tuple[Documents, BM25]] = {}
        for (tool, budget), run in maps.runs.items():
            if tool == "aider":
                docs = aider_documents(run.text, known)
                indexes[(tool, budget, "segment")] = (docs, BM25(docs))
                continue
            for rule in ("segment", "line"):
                docs = claude_map_documents(run.text, known, rule)
                indexes[(tool, budget, rule)] = (docs, BM25(docs))
        sources = maps.snapshot.sources
        return cls(BM25(listing_documents(sources)),
                   BM25(listing_documents(s for s in sources if not is_test(s))), indexes)


def evaluate_fix(fix: FixCommit, snap: Snapshot, ranker: Rankers,
                 results: Mapping[tuple[str, int], ToolBudgetResult]) -> FixDetail:
    detail = FixDetail(fix.sha, fix.subject, fix.targets, ranker.free.rank(fix.subject), {}, {})
    for (tool, budget), result in results.items():
        docs, index = ranker.maps[(tool, budget, "segment")]
        line_index = ranker.maps.get((tool, budget, "line"))
        top = index.rank(fix.subject)
        result.record(fix, snap, docs.named(), top,
                      line_index[1].rank(fix.subject) if line_index else None)
        detail.tops[f"{tool}/{budget}"] = top
        detail.named[f"{tool}/{budget}"] = any(t in docs.named() for t in fix.targets)
    return detail


def evaluate(fixes: Sequence[FixCommit], maps_for: Mapping[str, SnapshotMaps],
             keys: Sequence[tuple[str, int]]) -> tuple[Tally, Tally, list[ToolBudgetResult], list[FixDetail]]:
    """Score every fix against the maps named by keys, (tool, budget) pairs."""
    free, free_nontest = Tally(), Tally()
    results = {(t, b): ToolBudgetResult(t, b) for t, b in keys}
    rankers: dict[str, Rankers] = {}
    for maps in {id(m): m for m in maps_for.values()}.values():
        rankers[maps.snapshot.rev] = Rankers.build(maps)
        for key, result in results.items():
            result.seconds.append(maps.runs[key].seconds)
            result.tokens.append(maps.runs[key].tokens)
    details = []
    for fix in fixes:
        snap = maps_for[fix.sha].snapshot
        ranker = rankers[snap.rev]
        detail = evaluate_fix(fix, snap, ranker, results)
        free.add(detail.free_top, fix.targets)
        free_nontest.add(ranker.free_nontest.rank(fix.subject), fix.targets)
        details.append(detail)
    return free, free_nontest, list(results.values()), details


# ---------------------------------------------------------------- driver


def benchmark(repo: Path, budgets: Sequence[int], max_fixes: int, at_parent: bool,
              command: Sequence[str], aider_python: str | None, scratch: Path) -> RepoReport:
    start = time.perf_counter()
    head = git(repo, "rev-parse", "HEAD").strip()
    fixes = find_fixes(repo, max_fixes)
    tools = ["claude-map"] + (["aider"] if aider_python else [])
    maps_for: dict[str, SnapshotMaps] = {}
    aider_version = None
    if not at_parent:
        if git(repo, "status", "--porcelain", "--untracked-files=no").strip():
            print(f"warning: {repo} has uncommitted changes; maps see the work tree", file=sys.stderr)
        maps, aider_version = build_snapshot_maps(snapshot_at(repo, head, repo), budgets, command,
                                                  aider_python, scratch)
        maps_for = {fix.sha: maps for fix in fixes}
    else:
        by_parent: dict[str, SnapshotMaps] = {}
        for number, fix in enumerate(fixes, 1):
            if fix.parent not in by_parent:
                print(f"  [{number}/{len(fixes)}] mapping parent {fix.parent[:12]}", file=sys.stderr)
                worktree = add_worktree(repo, fix.parent, scratch)
                try:
                    by_parent[fix.parent], aider_version = build_snapshot_maps(
                        snapshot_at(repo, fix.parent, worktree), budgets, command, aider_python, scratch)
                finally:
                    remove_worktree(repo, worktree)
            maps_for[fix.sha] = by_parent[fix.parent]
    free, free_nontest, results, details = evaluate(fixes, maps_for,
                                                    [(t, b) for t in tools for b in budgets])
    present = sum(t in maps_for[f.sha].snapshot.files for f in fixes for t in f.targets)
    sources = len(snapshot_at(repo, head, repo).sources)
    return RepoReport(
        path=str(repo), head=head, mode="at-parent" if at_parent else "HEAD approximation",
        source_files=sources, fixes=len(fixes), targets=sum(len(f.targets) for f in fixes),
        targets_present=present, free=free, free_nontest=free_nontest, results=results, details=details,
        claude_map_command=shlex.join(command), claude_map_origin=claude_map_origin(command, scratch),
        aider_version=aider_version,
        seconds=time.perf_counter() - start,
    )


# ---------------------------------------------------------------- output


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def render_report(report: RepoReport) -> str:
    name = Path(report.path).name
    lines = [
        f"### {name} @ {report.head[:12]} ({report.mode})",
        "",
        f"{report.source_files} source files at HEAD; {report.fixes} fixes, {report.targets} target files "
        f"({report.targets_present} present in the mapped snapshot); "
        f"benchmark wall time {report.seconds:.0f} s.",
        f"claude-map: {report.claude_map_origin}"
        + (f"; aider-chat {report.aider_version}" if report.aider_version else "") + ".",
        f"Free listing (all source paths, path words only): top-5 {report.free.rate(report.free.hits5)}, "
        f"top-1 {report.free.rate(report.free.hits1)}; non-test source paths only: "
        f"top-5 {report.free_nontest.rate(report.free_nontest.hits5)}, "
        f"top-1 {report.free_nontest.rate(report.free_nontest.hits1)}.",
        "",
        "| tool | budget | map tokens | map s | targets named (random) | fixes with a target named "
        "| top-5 | top-1 | top-5 / top-1, line rule |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(report.results, key=lambda r: (r.tool != "claude-map", r.budget)):
        line_rule = (f"{r.line.rate(r.line.hits5)} / {r.line.rate(r.line.hits1)}"
                     if r.line.total else "-")
        lines.append(
            f"| {r.tool} | {r.budget} | {mean(r.tokens):.0f} | {mean(r.seconds):.2f} "
            f"| {percent(r.named_targets, r.targets)} ({percent(r.random_expected, r.targets)}) "
            f"| {percent(r.reach, r.segment.total)} | {r.segment.rate(r.segment.hits5)} "
            f"| {r.segment.rate(r.segment.hits1)} | {line_rule} |"
        )
    return "\n".join(lines) + "\n"


def report_json(report: RepoReport) -> dict:
    return asdict(report)


def parse_budgets(text: str) -> list[int]:
    budgets = sorted({int(part) for part in text.split(",") if part.strip()})
    if not budgets or budgets[0] <= 0:
        raise argparse.ArgumentTypeError("budgets must be positive integers")
    return budgets


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Map-quality benchmark (routing fix commits to files).")
    parser.add_argument("path", type=Path, nargs="?", help="a local git clone (or --corpus)")
    parser.add_argument("--budgets", type=parse_budgets,
                        help=f"default {','.join(map(str, BUDGETS))}; "
                             f"with --corpus {','.join(map(str, CORPUS_BUDGETS))}")
    parser.add_argument("--max-fixes", type=int, default=40)
    parser.add_argument("--at-parent", action="store_true",
                        help="map each fix's parent commit in a git worktree (slow, exact)")
    parser.add_argument("--aider-python", help="python of a venv with aider-chat; adds aider's repo map")
    parser.add_argument("--claude-map", default=shlex.join([sys.executable, "-m", "mapper"]),
                        help="command that runs claude-map (default: this python -m mapper)")
    parser.add_argument("--scratch", type=Path, help="scratch directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write every number and per-fix ranking here")
    corpus = parser.add_argument_group("corpus mode (bench/corpus.py)")
    corpus.add_argument("--corpus", type=Path, help="a corpus file such as bench/corpus.toml, instead of PATH")
    corpus.add_argument("--only", help="comma-separated repository names of the corpus")
    corpus.add_argument("--out", type=Path, help="directory for corpus.md, corpus.json and maps/")
    corpus.add_argument("--claude-map-src", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="source tree whose mapper/ package is run (default: this checkout)")
    corpus.add_argument("--cache", type=Path, default=Path("/work/bench-cache"),
                        help="where fix lists and aider maps are cached per repository and commit")
    args = parser.parse_args(argv)

    if args.corpus:
        if args.path or not args.out:
            parser.error("--corpus takes --out DIR and no PATH")
        args.budgets = args.budgets or list(CORPUS_BUDGETS)
        sys.modules.setdefault("quality", sys.modules[__name__])  # corpus.py imports this module
        import corpus as corpus_mode

        return corpus_mode.main(args)
    if not args.path:
        parser.error("give PATH (a git clone) or --corpus FILE")
    args.budgets = args.budgets or list(BUDGETS)
    repo = args.path.resolve()
    if subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q", "HEAD"],
                      capture_output=True).returncode:
        parser.error(f"{repo} is not a git clone with a HEAD commit")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still remove worktrees and scratch
    if args.scratch:
        args.scratch.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="claude-map-quality-", dir=args.scratch))
    try:
        report = benchmark(repo, args.budgets, args.max_fixes, args.at_parent,
                           shlex.split(args.claude_map), args.aider_python, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(render_report(report))
    if args.json:
        args.json.write_text(json.dumps(report_json(report), indent=1), encoding="utf-8")
    command_line = shlex.join(["python", "bench/quality.py", *(argv or sys.argv[1:])])
    print(f"date {date.today().isoformat()}; command: {command_line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
