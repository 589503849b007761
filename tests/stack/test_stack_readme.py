"""The README's local-model section is generated from the same table as the recipes, and is current."""

from __future__ import annotations

from pathlib import Path

from mapper.stack.data import load_stack_data
from mapper.stack.readme import README_BEGIN, README_END, render_readme_section, splice_readme_section

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_section_matches_the_data():
    text = README.read_text(encoding="utf-8")
    assert text.count(README_BEGIN) == 1 and text.count(README_END) == 1
    assert splice_readme_section(text, render_readme_section(load_stack_data())) == text, (
        "README's stack section is stale: run python -m mapper.stack.readme README.md")


def test_section_labels_speeds_and_names_versions():
    section = render_readme_section(load_stack_data())
    data = load_stack_data()
    for profile in data.profiles:
        assert profile.speed in section
        assert "tok/s" not in profile.speed or profile.speed.startswith("community report")
    assert data.versions.claude_code in section and data.versions.llama_cpp_flags in section


def test_splice_keeps_the_rest():
    original = "intro\n" + README_BEGIN + "\nold\n" + README_END + "\noutro\n"
    assert splice_readme_section(original, "new\n") == "intro\n" + README_BEGIN + "\nnew\n" + README_END + "\noutro\n"
