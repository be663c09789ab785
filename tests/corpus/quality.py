"""How well the review reads and checks a corpus of documents with truth files (README.md).

Per document: the truth's leaves found with the same weight (read), their stated scores read the
same (both empty counts too), the recomputed total against the truth's ``rescored``, the planted
or known defects found (recall: code and words, as in test_review_corpus), the serious findings
(错误) that match no defect (false), and crashes. Used by ``benchmarks/review_quality.py`` and by
the tests that keep the figures from falling.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, Finding
from jixiao.diagnostics import Severity
from jixiao.importers.form.words import norm
from jixiao.review import Review, review_file

DOCUMENT_SUFFIXES = (".txt", ".html", ".docx", ".xlsx", ".pdf")


@dataclass
class Score:
    documents: int = 0
    leaves: int = 0
    leaves_read: int = 0
    scores: int = 0
    scores_read: int = 0
    totals: int = 0
    totals_right: int = 0
    defects: int = 0
    found: int = 0
    serious: int = 0
    false: int = 0
    crashes: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("documents", "leaves", "leaves_read", "scores", "scores_read", "totals", "totals_right", "defects",
                     "found", "serious", "false", "crashes", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses.extend(other.misses)

    @property
    def leaf_rate(self) -> float:
        return self.leaves_read / self.leaves if self.leaves else 1.0

    @property
    def score_rate(self) -> float:
        return self.scores_read / self.scores if self.scores else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.defects if self.defects else 1.0

    @property
    def precision(self) -> float:
        return (self.serious - self.false) / self.serious if self.serious else 1.0

    def line(self, name: str) -> str:
        totals = f"{self.totals_right}/{self.totals}" if self.totals else "—"
        return (f"{name:<10} 文档 {self.documents:>4}  指标读出 {self.leaves_read:>4}/{self.leaves:<4} {self.leaf_rate:6.1%}  "
                f"得分读出 {self.score_rate:6.1%}  复算总分正确 {totals:>7}  缺陷召回 {self.found:>3}/{self.defects:<3} "
                f"{self.recall:6.1%}  严重发现 {self.serious:>3} 误报 {self.false:>2} 准确率 {self.precision:6.1%}  "
                f"崩溃 {self.crashes}")


def documents(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every document in ``folder`` with its truth file."""
    out = []
    for truth in sorted(folder.glob("*.truth.yaml")):
        stem = truth.name.removesuffix(".truth.yaml")
        for suffix in DOCUMENT_SUFFIXES:
            path = folder / f"{stem}{suffix}"
            if path.exists():
                out.append((path, yaml.safe_load(truth.read_text(encoding="utf-8"))))
    return out


def measure(path: Path, truth: dict[str, Any], rules: RuleRegistry, checks: CheckRegistry) -> Score:
    import time

    score = Score(documents=1)
    started = time.perf_counter()
    try:
        review = review_file(path, rules, checks)
    except Exception:  # a crash is what this counts; the traceback is kept for the reader
        score.crashes = 1
        score.misses.append(f"{path.name}: 崩溃\n{traceback.format_exc()}")
        return score
    score.seconds = time.perf_counter() - started
    _leaves(review, truth, score, path.name)
    _total(review, truth, score, path.name)
    # a file holding several forms: its truth lists what a careful person reads in all of them
    _defects([f for part in review.every for f in part.findings], truth.get("defects") or [], score, path.name)
    return score


def _key(name: str) -> str:
    return re.sub(r"[\s（()）]", "", name)


def _number(text: object) -> Decimal | None:
    if text is None:
        return None
    try:
        # a weight printed as a share of the form's 100 points (20%) is that many points
        return Decimal(str(text).replace("分", "").replace(",", "").removesuffix("%").strip())
    except InvalidOperation:
        return None


def _leaves(review: Review, truth: dict[str, Any], score: Score, file: str) -> None:
    read: dict[str, list[Any]] = {}  # a file holding several forms may name a leaf in each
    for part in review.every:
        for n in part.subject.leaves() if part.subject else []:
            read.setdefault(_key(n.name.text), []).append(n)
    for leaf in truth.get("leaves") or []:
        if leaf.get("applicable") is False or leaf.get("weight") is None:
            continue
        score.leaves += 1
        score.scores += 1
        named = read.get(_key(str(leaf["name"]))) or [None]
        same = [n for n in named if n is not None and n.weight == _number(leaf["weight"])]
        node = next((n for n in same if n.stated_score == _number(leaf.get("score"))), same[0] if same else named[0])
        if node is None or node.weight != _number(leaf["weight"]):
            score.misses.append(f"{file}: 未读出指标“{leaf['name']}”（权重 {leaf['weight']}）"
                                + (f"，读成权重 {node.weight}" if node is not None else ""))
            continue
        score.leaves_read += 1
        if node.stated_score == _number(leaf.get("score")):
            score.scores_read += 1
        else:
            score.misses.append(f"{file}: 指标“{leaf['name']}”得分读成 {node.stated_score}，应为 {leaf.get('score')}")


def _total(review: Review, truth: dict[str, Any], score: Score, file: str) -> None:
    expected = _number(truth.get("rescored"))
    if expected is None:
        return
    score.totals += 1
    got = review.rescored_total
    if got is not None and got == expected:
        score.totals_right += 1
    else:
        score.misses.append(f"{file}: 复算总分 {got}，应为 {expected}")


def hits(finding: Finding, defect: dict[str, str]) -> bool:
    """The finding's code, and the defect's words in its message or a quote, as characters (８５ is 85:
    a glued run is read in half-width)."""
    words = norm(str(defect["words"]))
    return finding.code == defect["code"] and (words in norm(finding.message)
                                               or any(words in norm(loc.quote) for loc in finding.locations))


def _defects(findings: Iterable[Finding], defects: list[dict[str, str]], score: Score, file: str) -> None:
    findings = list(findings)
    score.defects += len(defects)
    for defect in defects:
        if any(hits(f, defect) for f in findings):
            score.found += 1
        else:
            score.misses.append(f"{file}: 未发现缺陷 {defect['code']}“{defect['words']}”")
    for finding in findings:
        if finding.severity is not Severity.ERROR:
            continue
        score.serious += 1
        if not any(hits(finding, d) for d in defects):
            score.false += 1
            score.misses.append(f"{file}: 误报 {finding.format()}")


def measure_folder(folder: Path, rules: RuleRegistry, checks: CheckRegistry) -> Score:
    total = Score()
    for path, truth in documents(folder):
        total.add(measure(path, truth, rules, checks))
    return total
