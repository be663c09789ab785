"""The round-trip law: jixiao's own report of a project, in every format it writes, read back by
``jixiao review``, re-scores to exactly that project's total and finds no error the project does
not carry."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from jixiao import RuleRegistry, load_project, load_project_text, score_project
from jixiao.audit import default_checks
from jixiao.diagnostics import Severity
from jixiao.report import Context, build_report, default_renderers
from jixiao.review import review_file

from .conftest import EXAMPLE
from .roundtrip import projects

FORMATS = ("docx", "html", "pdf", "xlsx")
# Shrinking a failing report takes minutes (each try renders and reads a document); the failing
# project file is printed whole, which is what one needs to reproduce it.
QUICK = (Phase.explicit, Phase.reuse, Phase.generate)


# The example as it is, and with every front part it can have: a cover (with a number and the
# commissioning body) and the contents, whose heading names must not be read as the report's text.
LAYOUTS = {"plain": (), "cover": ("report.cover=true", "report.contents=true", "report.number=YT-2024-001",
                                  "report.commissioner=深圳市盐田区财政局")}


@pytest.fixture(scope="module")
def example_reports(tmp_path_factory: pytest.TempPathFactory, registry: RuleRegistry) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("round-trip")
    out = {}
    for layout, sets in LAYOUTS.items():
        loaded = load_project(EXAMPLE, registry, sets)
        assert loaded.project is not None
        document = build_report(score_project(loaded.project, registry)).document
        for name in FORMATS:
            renderer = default_renderers().get(name)
            assert renderer is not None
            out[layout, name] = folder / f"报告-{layout}{renderer.suffix}"
            out[layout, name].write_bytes(renderer.render(document, Context.detect()))
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_read_back_scores_98_with_no_error(fmt: str, layout: str, example_reports: dict[tuple[str, str], Path],
                                                      registry: RuleRegistry) -> None:
    review = review_file(example_reports[layout, fmt], registry, default_checks())
    assert review.result is not None
    assert f"{review.result.total:.2f}" == "98.00"
    assert [f.format() for f in review.findings if f.severity is Severity.ERROR] == []


def _read_back(text: str, fmt: str, folder: Path, registry: RuleRegistry) -> tuple[str, str, list[str]]:
    """(the project's total, the total re-scored from its own report in ``fmt``, the report's errors)."""
    loaded = load_project_text(text, "随机项目.yaml", registry)
    assert loaded.project is not None, [d.format() for d in loaded.diagnostics]
    result = score_project(loaded.project, registry)
    renderer = default_renderers().get(fmt)
    assert renderer is not None
    path = folder / f"随机项目{renderer.suffix}"
    path.write_bytes(renderer.render(build_report(result).document, Context.detect()))
    review = review_file(path, registry, default_checks())
    got = review.rescored_total
    return f"{result.total:.2f}", f"{got:.2f}" if got is not None else "未复算", [
        f.format() for f in review.findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("fmt", ("docx", "html", "xlsx"))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], phases=QUICK)
@given(text=projects())
def test_any_project_read_back_from_its_own_report_scores_its_own_total(
        fmt: str, text: str, registry: RuleRegistry, tmp_path: Path) -> None:
    total, rescored, errors = _read_back(text, fmt, tmp_path, registry)
    assert (rescored, errors) == (total, []), text


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], phases=QUICK)
@given(text=projects())
def test_any_project_read_back_from_its_own_pdf_scores_its_own_total(text: str, registry: RuleRegistry,
                                                                     tmp_path: Path) -> None:
    total, rescored, errors = _read_back(text, "pdf", tmp_path, registry)
    assert (rescored, errors) == (total, []), text
