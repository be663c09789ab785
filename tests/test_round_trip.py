"""The round-trip law: jixiao's own report of a project, in every format it writes, read back by
``jixiao review``, re-scores to exactly that project's total and finds no error the project does
not carry."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import RuleRegistry, load_project, score_project
from jixiao.audit import default_checks
from jixiao.diagnostics import Severity
from jixiao.report import Context, build_report, default_renderers
from jixiao.review import review_file

from .conftest import EXAMPLE

FORMATS = ("docx", "html", "pdf", "xlsx")


@pytest.fixture(scope="module")
def example_reports(tmp_path_factory: pytest.TempPathFactory, registry: RuleRegistry) -> dict[str, Path]:
    loaded = load_project(EXAMPLE, registry)
    assert loaded.project is not None
    document = build_report(score_project(loaded.project, registry)).document
    folder = tmp_path_factory.mktemp("round-trip")
    out = {}
    for name in FORMATS:
        renderer = default_renderers().get(name)
        assert renderer is not None
        out[name] = folder / f"报告{renderer.suffix}"
        out[name].write_bytes(renderer.render(document, Context.detect()))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_read_back_scores_98_with_no_error(fmt: str, example_reports: dict[str, Path],
                                                      registry: RuleRegistry) -> None:
    review = review_file(example_reports[fmt], registry, default_checks())
    assert review.result is not None
    assert f"{review.result.total:.2f}" == "98.00"
    assert [f.format() for f in review.findings if f.severity is Severity.ERROR] == []
