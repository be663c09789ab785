"""Recall and precision of the review over the corpus: reports of other categories written for this
test, each with planted defects recorded in tests/corpus/manifest.yaml, in text, HTML and Word
(and one as PDF). A finding is a hit when it has the planted defect's code and quotes its words;
any other finding is a false alarm. The figures are printed with the test's output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, Finding, default_checks
from jixiao.review import review_file

from .corpus.quality import hits

CORPUS = Path(__file__).parent / "corpus"
MANIFEST: dict[str, Any] = YAML(typ="safe").load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
FORMATS = ("txt", "html", "docx", "pdf")


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    findings: int = 0
    false: int = 0

    def add(self, other: Tally) -> None:
        self.planted += other.planted
        self.found += other.found
        self.findings += other.findings
        self.false += other.false

    def line(self, name: str) -> str:
        recall = self.found / self.planted if self.planted else 1.0
        precision = (self.findings - self.false) / self.findings if self.findings else 1.0
        return (f"{name:<8} planted {self.planted:>3}  found {self.found:>3}  recall {recall:6.1%}   "
                f"findings {self.findings:>3}  false {self.false:>2}  precision {precision:6.1%}")


def tally(findings: list[Finding], defects: list[dict[str, str]]) -> tuple[Tally, list[str]]:
    found = [d for d in defects if any(hits(f, d) for f in findings)]
    false = [f for f in findings if not any(hits(f, d) for d in defects)]
    return Tally(len(defects), len(found), len(findings), len(false)), [f.format() for f in false]


def reports() -> list[tuple[str, str]]:
    return [(stem, fmt) for stem in MANIFEST for fmt in FORMATS if (CORPUS / f"{stem}.{fmt}").exists()]


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


@pytest.mark.parametrize(("stem", "fmt"), reports())
def test_each_report_is_rescored_from_its_own_facts(stem: str, fmt: str, registry: RuleRegistry,
                                                     checks: CheckRegistry) -> None:
    review = review_file(CORPUS / f"{stem}.{fmt}", registry, checks)
    assert review.result is not None
    assert f"{review.result.total:.2f}" == MANIFEST[stem]["rescored"]


def test_recall_and_precision_over_the_corpus(registry: RuleRegistry, checks: CheckRegistry,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    per_format = {fmt: Tally() for fmt in FORMATS}
    alarms: list[str] = []
    for stem, fmt in reports():
        review = review_file(CORPUS / f"{stem}.{fmt}", registry, checks)
        counted, false = tally(list(review.findings), MANIFEST[stem]["defects"])
        per_format[fmt].add(counted)
        alarms.extend(false)
    total = Tally()
    for counted in per_format.values():
        total.add(counted)
    lines = [counted.line(fmt) for fmt, counted in per_format.items() if counted.planted]
    with capsys.disabled():
        print("\n复核语料：召回率与准确率（tests/corpus/manifest.yaml）")
        print("\n".join([*lines, total.line("all")]))
    assert total.found / total.planted >= 0.95, lines
    assert (total.findings - total.false) / total.findings >= 0.9, alarms
