"""A reviewer's judgement that a finding does not apply is kept for the same document."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from jixiao import RuleRegistry
from jixiao.audit import default_checks
from jixiao.review import judgements, review_file

from .conftest import ROOT

SEED = ROOT / "tests" / "corpus" / "seed-yantian-it-om.txt"


def test_a_dismissed_finding_is_set_aside_with_its_reason_the_next_time(tmp_path: Path, registry: RuleRegistry) -> None:
    report = tmp_path / "报告.txt"
    shutil.copy(SEED, report)
    first = review_file(report, registry, default_checks())
    variant = next(f for f in first.findings if f.code == "name-variant")
    judgements.dismiss(judgements.store_for(report), report, variant, "云安防为另一套安防系统，并非笔误",
                       dt.date(2026, 12, 1))

    again = review_file(report, registry, default_checks())
    assert variant.key not in {f.key for f in again.findings}
    assert [(f.code, j.reason, j.date) for f, j in again.dismissed] == [
        ("name-variant", "云安防为另一套安防系统，并非笔误", "2026-12-01")]
    assert len(again.findings) == len(first.findings) - 1


def test_the_judgement_follows_the_document_not_its_name(tmp_path: Path, registry: RuleRegistry) -> None:
    report = tmp_path / "报告.txt"
    shutil.copy(SEED, report)
    finding = review_file(report, registry, default_checks()).findings[0]
    judgements.dismiss(judgements.store_for(report), report, finding, "已人工核实")
    renamed = tmp_path / "改名后的报告.txt"
    shutil.copy(report, renamed)
    assert finding.key.split("|", 1)[0] in {f.code for f, _ in review_file(renamed, registry, default_checks()).dismissed}
    changed = tmp_path / "修改后的报告.txt"
    changed.write_text(report.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert review_file(changed, registry, default_checks()).dismissed == ()


def test_an_unreadable_judgements_file_is_no_judgement(tmp_path: Path, registry: RuleRegistry) -> None:
    report = tmp_path / "报告.txt"
    shutil.copy(SEED, report)
    judgements.store_for(report).write_text("[: 不是 YAML", encoding="utf-8")
    assert review_file(report, registry, default_checks()).dismissed == ()
