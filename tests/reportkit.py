"""Shared inputs for the report tests: a small training project written inline, and helpers."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path

from jixiao import RuleRegistry, load_project, load_project_text, score_project
from jixiao.report import Built, Context, build_report, default_renderers

# A training project (培训), unlike the example's IT O&M: two 一级, a funds measure losing points on
# a threshold, and two output counts of which one falls short. Its scores, worked out by hand:
#   预算执行率 90/100 = 90%, 8 points under 98% at 1 point each → 40 − 8 = 32
#   培训人次 150 of 200 → 30 × 0.75 = 22.5;  培训班次 10 of 10 → 30;  total 84.5 → 良
TRAINING = """\
jixiao: 1
project:
  name: 社区就业技能培训
  department: 某区人力资源局
  year: 2024
  evaluator: 区财政局评价组
  period: {start: 2024-01-01, end: 2024-12-31}
funds: {budget: 100, arrived: 100, spent: 90, origin: 区级一般公共预算}
framework:
  name: training-mini
  title: 培训项目指标体系
  indicators:
    - name: 项目管理
      weight: 40
      children:
        - name: 资金管理
          weight: 40
          children:
            - name: 预算执行率
              weight: 40
              measure: execution_rate
              benchmark: ≥98%
              rule: {kind: threshold, label: 预算执行率, full_at: 98%, per: 1%, deduct: 1}
    - name: 项目产出
      weight: 60
      children:
        - name: 产出数量
          weight: 60
          children:
            - name: 培训人次
              weight: 30
              description: 考察全年培训人次。
              rule: {kind: completion, label: 培训人次, target: 200, unit: 人次}
            - name: 培训班次
              weight: 30
              rule: {kind: completion, label: 培训班次, target: 10, unit: 期}
goals:
  - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥200人次, actual: 200人次}
  - {level1: 产出指标, level2: 数量指标, name: 培训班次, target: 10期, actual: 10期}
  - {level1: 效益指标, level2: 经济效益指标, applicable: 否}
facts:
  培训人次: {actual: 150, note: 下半年两期培训因场地改造推迟。}
  培训班次: {actual: 10}
narrative:
  overview: 2024年度举办面向失业人员的就业技能培训。
  problems:
    - {title: 培训人次未达目标, cause: 场地改造导致两期培训推迟。}
  recommendations: [提前落实培训场地。]
"""


REPORT_DATE = dt.date(2025, 3, 31)  # the reports' date (成文日期), fixed so golden files do not change daily


def built_from_text(text: str, registry: RuleRegistry) -> Built:
    loaded = load_project_text(textwrap.dedent(text), "培训.yaml", registry)
    assert loaded.project is not None, loaded.diagnostics
    return build_report(score_project(loaded.project, registry), date=REPORT_DATE)


def built_from_file(path: Path, registry: RuleRegistry, *sets: str) -> Built:
    loaded = load_project(path, registry, sets)
    assert loaded.project is not None, loaded.diagnostics
    return build_report(score_project(loaded.project, registry), date=REPORT_DATE)


def render(built: Built, name: str) -> bytes:
    renderer = default_renderers().get(name)
    assert renderer is not None
    return renderer.render(built.document, Context.detect())


GOLDEN = Path(__file__).parent / "golden"
REFRESH = "JIXIAO_REFRESH_GOLDEN"  # JIXIAO_REFRESH_GOLDEN=1 pytest tests/test_report_html.py rewrites them


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/``name``; with the refresh flag set, write it instead."""
    path = GOLDEN / name
    if os.environ.get(REFRESH) == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run with {REFRESH}=1 to create it, then review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; review the diff, refresh with {REFRESH}=1"
