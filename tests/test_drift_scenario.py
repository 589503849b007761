"""The drift scenario of issue 12, on a Python, a Go and a TypeScript fixture.

Each repository gets declared rules and a pure module, a baseline is recorded, and
then each step below is applied to a fresh copy of that state: the clean change must
pass (exit 0) and every other step must fail (exit 1) with its rule, naming the file
and the line that holds the cause.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapper.cli import main

BASELINE = ".claude-map-baseline.txt"
DELETE = None  # a step's file content that deletes the file


@dataclass(frozen=True)
class Step:
    """Files to write (None deletes) and the finding expected: rule, file, text on that line."""

    files: dict[str, str | None]
    rule: str = ""  # '' for a clean change
    path: str = ""
    needle: str = ""


@dataclass(frozen=True)
class Scenario:
    fixture: str
    settings_file: str
    settings: str
    setup: dict[str, str]
    steps: dict[str, Step] = field(default_factory=dict)


def _edit(root: Path, path: str, old: str, new: str) -> str:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    return text.replace(old, new, 1)


PYTHON = Scenario(
    fixture="python-cli",
    settings_file="pyproject.toml",
    settings="""
[tool.claude-map.drift]
layers = ["taskr.cli", "taskr.sync", "taskr.store | taskr.config | taskr.model"]
forbidden = [["taskr.store", "requests"], ["taskr.sync", "requests"]]
pure = ["taskr.model"]
acyclic = true
""",
    setup={"src/taskr/model.py": '"""Plain task records."""\n\n\ndef title_of(task):\n    return task[0]\n'},
)
PYTHON.steps.update({
    "clean": Step({"src/taskr/store.py": lambda r: "# moved down\n\n\n" + _edit(
        r, "src/taskr/store.py", "class TaskStore:", "def helper():\n    return 1\n\n\nclass TaskStore:")}),
    "cycle": Step({"src/taskr/config.py": lambda r: "from taskr.sync import push\n" + _edit(r, "src/taskr/config.py", "", "")},
                  "acyclic", "src/taskr/config.py", "from taskr.sync import push"),
    "layers": Step({"src/taskr/store.py": lambda r: "\nfrom taskr import sync\n" + _edit(r, "src/taskr/store.py", "", "")},
                   "layers", "src/taskr/store.py", "from taskr import sync"),
    "forbidden": Step({"src/taskr/store.py": lambda r: "import requests\n" + _edit(r, "src/taskr/store.py", "", "")},
                      "forbidden", "src/taskr/store.py", "import requests"),
    "pure": Step({"src/taskr/model.py": lambda r: _edit(
        r, "src/taskr/model.py", "    return task[0]", "    import subprocess\n    subprocess.run(['ls'])\n    return task[0]")},
                 "pure", "src/taskr/model.py", "subprocess.run"),
    "entry added": Step({"src/taskr/model.py": lambda r: _edit(r, "src/taskr/model.py", "", "") +
                         '\n\nif __name__ == "__main__":\n    print(title_of(("x",)))\n'},
                        "entry", "src/taskr/model.py", "__main__"),
    "entry removed": Step({"src/taskr/__main__.py": DELETE}, "stale", BASELINE, "entry.python_module"),
    "stale violation": Step({"src/taskr/sync.py": lambda r: '"""Push tasks."""\n\n\ndef push(tasks):\n    return tasks\n'},
                            "stale", BASELINE, "forbidden src/taskr/sync.py -> requests"),
})

GO = Scenario(
    fixture="go-service",
    settings_file=".claude-map.toml",
    settings="""
[drift]
layers = ["cmd", "internal/api", "internal/store | internal/archive | internal/cache | internal/config", "internal/model"]
forbidden = [["internal/model", "github.com/redis/go-redis/v9"], ["internal/cache", "github.com/redis/go-redis/v9"]]
pure = ["internal/model"]
acyclic = true
""",
    setup={"internal/model/model.go": "// Package model holds plain values.\npackage model\n\n"
                                      "// Title is a book title.\nfunc Title(s string) string {\n\treturn s\n}\n"},
)
_GO_MODEL = "internal/model/model.go"
GO.steps.update({
    "clean": Step({"internal/store/books.go": lambda r: "// A comment that moves every line.\n\n" + _edit(
        r, "internal/store/books.go", "", "") + "\nfunc helperForTests() int { return 1 }\n"}),
    "cycle": Step({"internal/store/store.go": lambda r: _edit(
        r, "internal/store/store.go", '"time"\n', '"time"\n\n\t"example.com/bookshelf/internal/api"\n') +
        "\nvar _ = api.NewServer\n"},
        "acyclic", "internal/store/store.go", "internal/api"),
    "layers": Step({_GO_MODEL: lambda r: _edit(
        r, _GO_MODEL, "package model\n", 'package model\n\nimport "example.com/bookshelf/internal/config"\n\nvar _ = config.Load\n')},
        "layers", _GO_MODEL, "internal/config"),
    "forbidden": Step({_GO_MODEL: lambda r: _edit(
        r, _GO_MODEL, "package model\n", 'package model\n\nimport redis "github.com/redis/go-redis/v9"\n\nvar _ = redis.NewClient\n')},
        "forbidden", _GO_MODEL, "go-redis"),
    "pure": Step({_GO_MODEL: lambda r: _edit(
        r, _GO_MODEL, "package model\n", 'package model\n\nimport "os/exec"\n').replace(
        "\treturn s\n", '\t_ = exec.Command("ls").Run()\n\treturn s\n')},
        "pure", _GO_MODEL, "exec.Command"),
    "entry added": Step({"cmd/tool/main.go": 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("tool")\n}\n'},
                        "entry", "cmd/tool/main.go", "func main()"),
    "entry removed": Step({"cmd/migrate/main.go": DELETE}, "stale", BASELINE, "entry.go_main cmd/migrate"),
    "stale violation": Step({"internal/cache/cache.go": lambda r: "// Package cache.\npackage cache\n\n"
                                                              "// TTL is fixed.\nfunc TTL() int { return 1 }\n"},
                            "stale", BASELINE, "forbidden internal/cache/cache.go -> github.com/redis/go-redis/v9"),
})

TYPESCRIPT = Scenario(
    fixture="ts-monorepo",
    settings_file=".claude-map.toml",
    settings="""
[drift]
layers = ["apps/*", "packages/db", "packages/shared"]
forbidden = [["packages/shared", "@prisma/client"], ["packages/db", "@prisma/client"]]
pure = ["packages/shared/src/core.ts"]
acyclic = true
""",
    setup={"packages/shared/src/core.ts": "// Plain helpers.\nexport function twice(n: number): number {\n  return n * 2;\n}\n"},
)
_TS_CORE = "packages/shared/src/core.ts"
TYPESCRIPT.steps.update({
    "clean": Step({"packages/db/src/mapping.ts": lambda r: "// Moves every line down.\n\n" + _edit(
        r, "packages/db/src/mapping.ts", "", "") + "\nexport const unused = 1;\n"}),
    "cycle": Step({"packages/db/src/mapping.ts": lambda r: "import { prisma } from './index.js';\n" + _edit(
        r, "packages/db/src/mapping.ts", "", "") + "\nexport const client = prisma;\n"},
        "acyclic", "packages/db/src/mapping.ts", "./index.js"),
    "layers": Step({_TS_CORE: lambda r: "import { toUser } from '../../db/src/mapping.js';\n" + _edit(r, _TS_CORE, "", "")
                    + "export const convert = toUser;\n"},
                   "layers", _TS_CORE, "../../db/src/mapping.js"),
    "forbidden": Step({_TS_CORE: lambda r: "import { PrismaClient } from '@prisma/client';\n" + _edit(r, _TS_CORE, "", "")
                       + "export const client = new PrismaClient();\n"},
                      "forbidden", _TS_CORE, "@prisma/client"),
    "pure": Step({_TS_CORE: lambda r: "import { execSync } from 'node:child_process';\n" + _edit(
        r, _TS_CORE, "  return n * 2;", "  execSync('ls');\n  return n * 2;")},
        "pure", _TS_CORE, "execSync('ls')"),
    "entry added": Step({"packages/shared/package.json": lambda r: _edit(
        r, "packages/shared/package.json", '"name": "@acme/shared",', '"name": "@acme/shared",\n  "bin": {"ids": "./src/ids.ts"},')},
        "entry", "packages/shared/package.json", '"bin"'),
    "entry removed": Step({"apps/api/src/cli.tsx": DELETE, "apps/api/package.json": lambda r: json.dumps(
        {k: v for k, v in json.loads((r / "apps/api/package.json").read_text()).items() if k != "bin"}, indent=2)},
        "stale", BASELINE, "entry.bin acme"),
    "stale violation": Step({"packages/db/src/index.ts": lambda r: _edit(
        r, "packages/db/src/index.ts", "import { PrismaClient } from '@prisma/client';", "")
        .replace("new PrismaClient(", "Object(")},
        "stale", BASELINE, "forbidden packages/db/src/index.ts -> @prisma/client"),
})

SCENARIOS = {"python": PYTHON, "go": GO, "typescript": TYPESCRIPT}


def _drift(root: Path, *args: str):
    return CliRunner().invoke(main, ["drift", *args, str(root)], catch_exceptions=False)


def _apply(root: Path, files: dict) -> None:
    for relative, content in files.items():
        target = root / relative
        if content is DELETE:
            target.unlink()
            continue
        text = content(root) if callable(content) else content
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def baselined(tmp_path_factory):
    """Each scenario's repository with its rules, setup files and a recorded baseline."""
    made: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name not in made:
            scenario = SCENARIOS[name]
            root = tmp_path_factory.mktemp(name) / "repo"
            shutil.copytree(Path(__file__).parent.parent / "fixtures" / scenario.fixture / "repo", root)
            settings = root / scenario.settings_file
            before = settings.read_text(encoding="utf-8") if settings.exists() else ""
            settings.write_text(before + scenario.settings, encoding="utf-8")
            _apply(root, scenario.setup)
            assert _drift(root, "--update-baseline").exit_code == 0
            made[name] = root
        return made[name]

    return make


CASES = [(name, step) for name, scenario in SCENARIOS.items() for step in scenario.steps]


@pytest.mark.parametrize(("language", "step_name"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_drift_scenario(baselined, tmp_path, language, step_name):
    root = tmp_path / "repo"
    shutil.copytree(baselined(language), root)
    assert _drift(root).exit_code == 0, "the baselined state is clean"
    step = SCENARIOS[language].steps[step_name]
    _apply(root, step.files)
    result = _drift(root, "--format", "json")
    report = json.loads(result.output)
    if not step.rule:
        assert result.exit_code == 0, result.output
        assert report["clean"] and not report["new"] and not report["stale"]
        return
    assert result.exit_code == 1, result.output
    if step.rule == "stale":
        places = [(s["path"], s["line"]) for s in report["stale"]]
    else:
        found = [f for f in report["new"] if f["rule"] == step.rule]
        places = [(f["path"], f["line"]) for f in found] + [(link["importer"], link["line"])
                                                          for f in found for link in f["chain"]]
    assert places, f"no {step.rule} finding in {result.output}"
    lines_there = [(root / path).read_text(encoding="utf-8").splitlines()[line - 1] for path, line in places
                   if path == step.path]
    assert any(step.needle in line for line in lines_there), (places, lines_there)
    text = _drift(root)
    assert text.exit_code == 1 and f"{places[0][0]}:{places[0][1]}" in text.output


@pytest.mark.parametrize("language", list(SCENARIOS))
def test_update_baseline_accepts_a_change_and_is_stable(baselined, tmp_path, language):
    root = tmp_path / "repo"
    shutil.copytree(baselined(language), root)
    first = (root / BASELINE).read_text(encoding="utf-8")
    facts = [line for line in first.splitlines() if not line.startswith("#")]
    assert facts == sorted(facts) and len(facts) == len(set(facts)) > 5
    assert not [line for line in facts if re.search(r":\d", line)], "no line numbers in the baseline"
    _apply(root, SCENARIOS[language].steps["layers"].files)
    assert _drift(root).exit_code == 1
    assert _drift(root, "--update-baseline").exit_code == 0
    assert _drift(root).exit_code == 0
    _apply(root, SCENARIOS[language].steps["clean"].files)
    assert _drift(root).exit_code == 0
