"""The facts cache: same output warm or cold, survives corruption, invalidates on change."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from mapper.app import MapConfig, build_map
from mapper.cache import CACHE_DIR, FactCache, cache_header
from mapper.cli import main
from mapper.languages.registry import load_languages
from mapper.parse import ParseOptions, parse_sources
from mapper.discover import discover_files


def test_warm_run_gives_identical_map_and_parses_nothing(repo_copy, monkeypatch):
    root = repo_copy("python-cli")
    cold = build_map(root, MapConfig(use_cache=True))[1].block
    assert list((root / CACHE_DIR).glob("facts-*.json"))
    assert (root / CACHE_DIR / "CACHEDIR.TAG").is_file()
    import mapper.parse as parse_module

    def fail(*args, **kwargs):
        raise AssertionError("a warm run must not parse")

    monkeypatch.setattr(parse_module, "extract_facts", fail)
    assert build_map(root, MapConfig(use_cache=True))[1].block == cold


def test_edited_file_is_reparsed(repo_copy):
    root = repo_copy("python-cli")
    build_map(root, MapConfig(use_cache=True))
    hooks = root / "src/taskr/hooks.py"
    hooks.write_text(hooks.read_text() + "\n\ndef again(name):\n    sp.call([name])\n")
    block = build_map(root, MapConfig(use_cache=True))[1].block
    assert block == build_map(root, MapConfig(use_cache=False))[1].block
    assert "src/taskr/hooks.py again run_hook [subprocess.call, subprocess.run]" in block


def test_corrupt_cache_is_rebuilt(repo_copy):
    root = repo_copy("python-cli")
    expected = build_map(root, MapConfig(use_cache=True))[1].block
    shards = sorted((root / CACHE_DIR).glob("facts-*.json"))
    assert shards
    for garbage in ("{not json", json.dumps({"header": "x"}), json.dumps([1, 2]), ""):
        for shard in shards:
            shard.write_text(garbage)
        assert build_map(root, MapConfig(use_cache=True))[1].block == expected
    shard = sorted((root / CACHE_DIR).glob("facts-*.json"))[0]
    data = json.loads(shard.read_text())
    key = next(iter(data["entries"]))
    data["entries"][key] = ["python", "not-a-number"]
    shard.write_text(json.dumps(data))
    index = root / CACHE_DIR / "index.json"
    data = json.loads(index.read_text())
    for path in data["files"]:
        data["files"][path][1] = 0  # force digest lookups
    first = next(iter(data["files"]))
    data["files"][first] = "not a list"
    index.write_text(json.dumps(data))
    assert build_map(root, MapConfig(use_cache=True))[1].block == expected
    for garbage in ("{not json", json.dumps({"header": "x"}), ""):
        index.write_text(garbage)
        assert build_map(root, MapConfig(use_cache=True))[1].block == expected


def test_one_edited_file_rewrites_one_shard(repo_copy):
    root = repo_copy("python-cli")
    build_map(root, MapConfig(use_cache=True))
    before = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("facts-*.json")}
    hooks = root / "src/taskr/hooks.py"
    hooks.write_text(hooks.read_text() + "\n# edited\n")
    build_map(root, MapConfig(use_cache=True))
    after = {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("facts-*.json")}
    assert set(after) == set(before)
    assert len([name for name in after if after[name] != before[name]]) == 1


def test_header_change_invalidates(repo_copy):
    root = repo_copy("python-cli")
    registry = load_languages()
    header = cache_header(registry)
    snapshot = discover_files(root, registry)
    parse_sources(snapshot, registry, FactCache.open(root, header), ParseOptions(jobs=1))
    path = snapshot.sources[0].path
    assert FactCache.open(root, header).lookup(path) is not None
    other = FactCache.open(root, header + "-other-version")
    assert not other.index and other.lookup(path) is None


def test_overlapping_runs_leave_a_valid_cache(repo_copy):
    root = repo_copy("python-cli")
    runs = [
        subprocess.Popen([sys.executable, "-m", "mapper", "--stdout", "-q", str(root)], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = {run.communicate()[0] for run in runs}
    assert len(outputs) == 1 and all(run.returncode == 0 for run in runs)
    for part in [*(root / CACHE_DIR).glob("facts-*.json"), root / CACHE_DIR / "index.json"]:
        json.loads(part.read_text())


def test_no_cache_flag_and_cache_clear(repo_copy):
    root = repo_copy("python-cli")
    assert CliRunner().invoke(main, ["--stdout", "--no-cache", str(root)]).exit_code == 0
    assert not (root / CACHE_DIR).exists()
    assert CliRunner().invoke(main, ["--stdout", str(root)]).exit_code == 0
    assert (root / CACHE_DIR).exists()
    result = CliRunner().invoke(main, ["cache", "clear", str(root)])
    assert result.exit_code == 0 and not (root / CACHE_DIR).exists()


def test_parallel_parse_matches_sequential(repo_copy, monkeypatch):
    import mapper.parse as parse_module

    root = repo_copy("python-cli")
    registry = load_languages()
    snapshot = discover_files(root, registry)
    sequential = parse_sources(snapshot, registry, None, ParseOptions(jobs=1))
    monkeypatch.setattr(parse_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parse_module, "CHUNK_FILES", 2)
    parallel = parse_sources(snapshot, registry, None, ParseOptions(jobs=2))
    assert parallel == sequential


def test_unchanged_tree_is_answered_from_the_result_cache(repo_copy, monkeypatch):
    import mapper.app as app

    root = repo_copy("python-cli")
    config = MapConfig(use_cache=True)
    first = app.produce_block(root, config)
    monkeypatch.setattr(app, "_analyze_facts", _fail_analysis)
    assert app.produce_block(root, config) == first
    (root / "src/taskr/hooks.py").write_text("import os\n\ndef run_hook(name):\n    os.system(name)\n")
    monkeypatch.undo()
    changed = app.produce_block(root, config)
    assert changed.block != first.block and "os.system" in changed.block
    assert app.produce_block(root, MapConfig(use_cache=True, budget=800)).tokens <= 800


def _fail_analysis(*args):
    raise AssertionError("analysed again")


def test_edit_that_changes_no_fact_is_answered_without_analysis(repo_copy, monkeypatch):
    """A touched file whose facts are all as they were (a comment reworded on its line,
    a changed literal) leaves the map as it was: only that file is parsed again."""
    import mapper.app as app

    root = repo_copy("python-cli")
    config = MapConfig(use_cache=True)
    first = app.produce_block(root, config)
    hooks = root / "src/taskr/hooks.py"
    hooks.write_text(hooks.read_text().rstrip("\n") + "  # a trailing comment\n")  # same lines, same facts
    monkeypatch.setattr(app, "_analyze_facts", _fail_analysis)
    assert app.produce_block(root, config) == first
    assert app.produce_block(root, config) == first  # and the touched tree is now the known one
    monkeypatch.undo()
    assert first.block == build_map(root, MapConfig(use_cache=False))[1].block


def real_block(root) -> str:
    """The block a run without any cache makes."""
    return build_map(root, MapConfig(use_cache=False))[1].block


def test_edit_that_changes_a_fact_is_analysed_again(repo_copy, monkeypatch):
    import mapper.app as app

    root = repo_copy("python-cli")
    config = MapConfig(use_cache=True)
    app.produce_block(root, config)
    analysed = []
    real = app._analyze_facts
    monkeypatch.setattr(app, "_analyze_facts", lambda *a: analysed.append(1) or real(*a))

    def produce():
        before = len(analysed)
        block = app.produce_block(root, config).block
        return block, len(analysed) - before

    hooks = root / "src/taskr/hooks.py"
    hooks.write_text(hooks.read_text() + "\n")  # one more line: the file's line count is a fact
    second, runs = produce()
    assert runs == 1 and second == real_block(root)
    hooks.write_text(hooks.read_text() + "def added():\n    return 1\n")
    third, runs = produce()
    assert runs == 1 and third == real_block(root) and third != second
    hooks.write_text(hooks.read_text()[: -len("def added():\n    return 1\n")])
    assert produce() == (second, 1)


def test_facts_digest_depends_on_values_only():
    import sys as _sys

    from mapper.cache import facts_digest

    shared = _sys.intern("os.environ")
    interned = ["python", 3, [[1, shared, None, None, "import"]], [], [[2, shared, -1, "HOME", 1]], [], None, 0]
    fresh_name = "".join(["os.", "environ"])
    fresh = ["python", 3, [[1, fresh_name, None, None, "import"]], [], [[2, "".join(["os.", "environ"]), -1, "HOME", 1]],
             [], None, 0]
    assert fresh == interned and facts_digest(fresh) == facts_digest(interned)
    fresh[4][0][3] = "PATH"
    assert facts_digest(fresh) != facts_digest(interned)


def test_edit_that_changes_no_fact_reads_only_the_touched_files_shard(repo_copy, monkeypatch):
    import mapper.app as app
    from mapper.cache import _shard_of

    root = repo_copy("python-cli")
    config = MapConfig(use_cache=True)
    first = app.produce_block(root, config)
    hooks = root / "src/taskr/hooks.py"
    hooks.write_text(hooks.read_text().rstrip("\n") + "  # a trailing comment\n")
    loaded = []
    real = FactCache._load_shard
    monkeypatch.setattr(FactCache, "_load_shard", lambda self, shard: loaded.append(shard) or real(self, shard))
    assert app.produce_block(root, config) == first
    assert set(loaded) == {_shard_of("src/taskr/hooks.py")}
