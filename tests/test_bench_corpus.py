"""bench/quality.py's test-file rule and bench/corpus.py's corpus file and bars (pure functions)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    """A bench script as a module; corpus.py imports quality.py under the name `quality`."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def quality():
    return _load("quality")


@pytest.fixture(scope="module")
def corpus(quality):
    return _load("corpus")


@pytest.mark.parametrize("path", [
    "Src/Newtonsoft.Json.Tests/Linq/JObjectTests.cs",
    "src/UnitTests/Mappers/EnumTests.cs",
    "exposed-tests/src/main/kotlin/Helpers.kt",
    "retrofit/java-test/src/main/java/retrofit2/Helper.java",
    "Tests/Helper/TableTest.php",
    "tests/Composer/Test/InstallerTest.php",
    "src/Foo/BarTest.php",
    "util/status_test.cc",
    "Specs/a.rb",
    "pkg/x_test.go",
])
def test_test_files(quality, path):
    assert quality.is_test(path)


@pytest.mark.parametrize("path", [
    "util/testutil.cc",
    "src/Console/Application.php",
    "latest/index.js",
    "src/attest/check.py",
    "Src/Newtonsoft.Json/JsonTestable.cs",
    "contests/a.py",
])
def test_source_files(quality, path):
    assert not quality.is_test(path)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "corpus.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_corpus_file_read(corpus, tmp_path):
    path = _write(tmp_path, '[[repo]]\nname = "a"\npath = "/x/a"\ncommit = "abc"\nlanguage = "go"\n')
    (repo,) = corpus.load_corpus(path)
    assert (repo.name, repo.path, repo.commit, repo.language, repo.shape) == ("a", Path("/x/a"), "abc", "go", "")


@pytest.mark.parametrize("text, message", [
    ('[[repo]]\nname = "a"\npath = "/x"\n', "lacks commit"),
    ('[[repo]]\nname = "a"\npath = "/x"\ncommit = "1"\n[[repo]]\nname = "a"\npath = "/y"\ncommit = "2"\n',
     "names repeat"),
    ("", "no [[repo]]"),
    ("[[repo]\n", "cannot read"),
])
def test_corpus_file_errors(corpus, tmp_path, text, message):
    with pytest.raises(corpus.CorpusError, match=message.replace("[", r"\[")):
        corpus.load_corpus(_write(tmp_path, text))


def test_only_rejects_unknown_names(corpus):
    repos = [corpus.CorpusRepo("a", "", Path("/a"), "1", "", ""), corpus.CorpusRepo("b", "", Path("/b"), "2", "", "")]
    assert [r.name for r in corpus.select(repos, "b")] == ["b"]
    with pytest.raises(corpus.CorpusError, match="zz"):
        corpus.select(repos, "a,zz")


def _score(corpus, name, top5_2k, named_2k, top5_3k, listing, aider_top5, aider_named):
    s = corpus.Score
    return corpus.RepoScore(
        repo=corpus.CorpusRepo(name, "", Path("/" + name), "1", "", ""), source_files=10, fixes=10, targets=10, targets_present=10,
        listing=s(10, 10, listing, 10), listing_nontest=s(10, 10, listing, 10),
        aider=s(aider_named, 10, aider_top5, 10),
        claude_map={2000: s(named_2k, 10, top5_2k, 10), 3000: s(named_2k, 10, top5_3k, 10)},
        claude_map_seconds=1.0)


def test_bars_and_worst(corpus):
    scores = [_score(corpus, "good", 6, 9, 7, 5, 6, 8), _score(corpus, "bad", 2, 7, 3, 5, 4, 8),
              _score(corpus, "even", 5, 8, 4, 5, 4, 8)]
    lines = corpus.bars(scores)
    assert lines[0] == "- at 2k, top-5 >= free listing (all source paths): 2/3 (67%); not on: bad"
    assert lines[1] == "- at 2k, files named >= aider 8k: 2/3 (67%); not on: bad"
    assert lines[2] == "- at 3k (default), top-5 >= aider 8k: 2/3 (67%) (needs 80%: not met); not on: bad"
    worst = corpus.worst_rows(scores, 2000)
    assert [row.split(" | ")[0] for row in worst[2:]] == ["| bad", "| even", "| good"]


def test_import_root_takes_templates_from_the_source_tree(corpus, tmp_path):
    source = tmp_path / "src"
    (source / "mapper" / "render").mkdir(parents=True)
    (source / "mapper" / "__init__.py").write_text("", encoding="utf-8")
    (source / "templates").mkdir()
    (source / "templates" / "header.md.j2").write_text("x", encoding="utf-8")
    root = corpus.import_root(source, tmp_path / "scratch")
    assert (root / "mapper" / "templates" / "header.md.j2").read_text(encoding="utf-8") == "x"
    assert (root / "mapper" / "render").resolve() == (source / "mapper" / "render").resolve()
    assert corpus.import_root(tmp_path / "scratch" / "import-root", tmp_path / "other") == \
        tmp_path / "scratch" / "import-root"  # a tree whose mapper/ holds its templates is used as is
