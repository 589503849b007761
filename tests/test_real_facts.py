"""Traps for wrong facts an audit of real repositories found (issue 10): routes, roles,
summaries, commands and ranking. Each source is a small version of a real case."""

from __future__ import annotations

from pathlib import Path

import pytest

from mapper.app import build_analysis
from mapper.languages.registry import load_languages


@pytest.fixture(scope="module")
def registry():
    return load_languages()


def _analysis(tmp_path: Path, registry, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_analysis(tmp_path, registry=registry).analysis


def test_a_declarative_http_client_interface_is_not_a_route_table(tmp_path, registry):
    analysis = _analysis(tmp_path, registry, {
        "src/main/java/acme/GitHub.java": """package acme;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

public interface GitHub {
    @GET("/repos/{owner}/{repo}/contributors")
    Call<String> contributors(@Path("owner") String owner, @Path("repo") String repo);
}
""",
        "src/main/java/acme/Orders.java": """package acme;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class Orders {
    @GetMapping("/orders")
    public String list() { return ""; }
}
""",
    })
    assert {(r.file, r.method, r.path) for r in analysis.routes} == {
        ("src/main/java/acme/Orders.java", "GET", "/orders"),
    }
