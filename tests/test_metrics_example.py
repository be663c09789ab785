"""The example's output indicators are computed from its work log, which a script writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from jixiao import RuleRegistry, load_project, score_project

from .conftest import EXAMPLE, ROOT

OUTPUTS = ("省一体化信访信息系统运行环境监测次数", "省一体化信访信息系统日志管理与分析次数", "省一体化信访信息系统培训次数",
           "盐田区群众诉求智慧指挥系统运维月报数量", "盐田区群众诉求智慧指挥系统巡检报告数量",
           "盐田区群众诉求智慧指挥系统操作培训次数", "云安访系统上门巡检次数", "云安访系统季度巡检报告数量",
           "盐田区群众诉求智慧指挥系统运维月报提交及时率", "盐田区群众诉求智慧指挥系统故障维护报告提交及时率")


def test_output_actuals_are_metrics_over_the_records(registry: RuleRegistry) -> None:
    loaded = load_project(EXAMPLE, registry)
    assert loaded.project is not None and loaded.diagnostics == ()
    assert all(loaded.project.facts[name].metric for name in OUTPUTS)
    result = score_project(loaded.project, registry)
    actuals = {name: s.actual for name in OUTPUTS if (s := result.find(name)) is not None}
    assert actuals == {
        "省一体化信访信息系统运行环境监测次数": "365次", "省一体化信访信息系统日志管理与分析次数": "12次",
        "省一体化信访信息系统培训次数": "4次", "盐田区群众诉求智慧指挥系统运维月报数量": "10个",
        "盐田区群众诉求智慧指挥系统巡检报告数量": "3个", "盐田区群众诉求智慧指挥系统操作培训次数": "4次",
        "云安访系统上门巡检次数": "12次", "云安访系统季度巡检报告数量": "4个",
        "盐田区群众诉求智慧指挥系统运维月报提交及时率": "100%", "盐田区群众诉求智慧指挥系统故障维护报告提交及时率": "100%"}
    assert (f"{result.total:.2f}", result.grade) == ("98.00", "优")


def test_the_fault_report_across_national_day_counts_as_on_time(registry: RuleRegistry) -> None:
    # Solved Thursday 28 September 2023, reported Wednesday 11 October: the 5th working day after,
    # counting the make-up Saturday and Sunday of 7-8 October. Counting weekdays only, it would be late.
    loaded = load_project(EXAMPLE, registry)
    assert loaded.project is not None
    log = (EXAMPLE.parent / "records" / "worklog-2023.csv").read_text(encoding="utf-8")
    assert "2023-09-28 15:55,2023-10-11" in log
    scored = score_project(loaded.project, registry).find("盐田区群众诉求智慧指挥系统故障维护报告提交及时率")
    assert scored is not None
    assert any(line.startswith("实际值：按期 4 件 ÷ 应完成 4 件") for line in scored.explanation)


def test_the_generator_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_example_records.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    monkeypatch.setattr(gen, "OUT", tmp_path)
    gen.main()
    for name in ("worklog-2023.csv", "payments.csv"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE.parent / "records" / name).read_bytes()
