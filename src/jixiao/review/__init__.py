"""Review (复核): read a report or a project, re-score it, audit it.

:func:`review_file` assembles the stages: import (or load) → score → audit → a reviewer's judgements.
The shells reach it through :func:`jixiao.pipeline.review`, batch review (:mod:`.batch`) runs it in
each worker, and it calls only the stages below it. It never raises on bad input; what could not be
read is in ``diagnostics``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..audit import CheckRegistry, Finding, Subject, from_import, from_project, run_audit
from ..diagnostics import Diagnostic, has_errors
from ..importers import Imported, import_reports
from ..importers.form.report import rescaled, rescales
from ..numbers import HUNDRED, ZERO, parse_number, plain
from ..project import load_project
from ..rules.base import RuleRegistry
from ..score import Result, grade_for, score_project
from . import judgements

PROJECT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Row:
    """One leaf of the scoring table: what the report states beside what jixiao computes."""

    path: tuple[str, ...]
    weight: Decimal | None
    actual: str
    stated: Decimal | None
    rescored: Decimal | None
    kind: str


@dataclass(frozen=True, slots=True)
class Review:
    file: str
    imported: Imported | None  # None when the input was a jixiao project file
    result: Result | None
    subject: Subject | None
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...]
    dismissed: tuple[tuple[Finding, judgements.Judgement], ...] = ()  # the reviewer said they do not apply
    parts: tuple[Review, ...] = ()  # the file's other forms, when it holds several (each reviewed on its own)

    @property
    def every(self) -> tuple[Review, ...]:
        """This review and those of the file's other forms, in reading order."""
        return (self, *self.parts)

    @property
    def failed(self) -> bool:
        """Errors in the findings or in reading the input."""
        return has_errors(self.diagnostics) or any(f.severity.value == "error" for f in self.findings)

    @property
    def taken_as_stated(self) -> tuple[str, ...]:
        """Leaves jixiao could not recompute, counted in the total at the score the document states."""
        s = self.subject
        if s is None or self.imported is None:
            return ()
        return tuple(n.name.text for n in s.leaves() if s.rescored(n.name.text) is None and n.stated_score is not None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Leaves neither recomputed nor scored by the document: the recomputed total cannot be given."""
        s = self.subject
        if s is None:
            return ()
        return tuple(n.name.text for n in s.leaves() if s.rescored(n.name.text) is None and n.stated_score is None)

    @property
    def rescored_total(self) -> Decimal | None:
        """The document re-scored: each leaf recomputed, or at its stated score where it could not be
        (see :attr:`taken_as_stated`); None when a leaf has neither, or nothing was read."""
        if self.result is None:
            return None
        s = self.subject
        if self.imported is None or s is None:
            return self.result.total
        if not s.leaves() or self.missing or not s.complete or self.weights_read is not None:
            return None  # a form read only up to where its text stops has no total to give
        total = sum((_leaf_total(s, n) for n in s.leaves()), ZERO)
        return rescaled(total, self.imported.report)

    @property
    def why_not_rescored(self) -> str:
        """Why there is no recomputed total, in the reviewer's words ("" when there is one)."""
        s = self.subject
        if self.rescored_total is not None or s is None:
            return ""
        if not s.complete:
            return "没有读到自评表的总分行，表格可能不完整"
        if self.missing:
            names = "、".join(self.missing[:5]) + ("等" if len(self.missing) > 5 else "")
            return f"{len(self.missing)} 个指标既无法复算、文件也未列得分：{names}"
        if (read := self.weights_read) is not None:
            return f"读出的各指标分值合计 {plain(read)} 分，不是满分，评分表可能没有读对"
        return "没有读出任何指标"

    @property
    def weights_read(self) -> Decimal | None:
        """The leaves' weights as read, when they do not add up to the full marks (100, or the
        总分 row's 分值): the table was misread, and a total recomputed from it would be a wrong
        number shown with confidence. None when they add up (不适用 rows counted, as printed)."""
        s = self.subject
        if s is None or self.imported is None:
            return None
        read = sum((n.weight or ZERO for n in s.nodes() if n.is_leaf), ZERO)
        form = s.form
        stated = form.total_weight if form is not None else None
        given = parse_number(stated.text) if stated is not None else None
        full = {HUNDRED} | ({given[0]} if given is not None and not given[1] else set())
        return None if read in full or rescales(self.imported.report) else read

    @property
    def rescored_grade(self) -> str | None:
        total = self.rescored_total
        return None if total is None or self.result is None else grade_for(total, self.result.project.framework.grades)

    def rows(self) -> list[Row]:
        if self.subject is None:
            return []
        out = []
        for root in self.subject.roots:
            out.extend(_rows(root, (), self.subject))
        return out

    def to_json(self) -> dict[str, Any]:
        s = self.subject
        info = self.result.project.info if self.result else None
        return {
            "project": {"name": info.name, "department": info.department, "year": info.year} if info else None,
            "imported": {
                "total": s.table_total.text if s and s.table_total else None,
                "text_total": s.text_total.text if s and s.text_total else None,
                "grade": s.grade.text if s and s.grade else None,
                "leaves": [_row_json(r) for r in self.rows()],
            },
            "rescored": {
                "total": f"{self.rescored_total:.2f}" if self.rescored_total is not None else None,
                "grade": self.rescored_grade,
                "unscored": list(s.unscored) if s else [],
                "taken_as_stated": list(self.taken_as_stated),
                "missing": list(self.missing),
            },
            "findings": [f.to_json() for f in self.findings],
            "dismissed": [{**f.to_json(), "judgement": j.to_json()} for f, j in self.dismissed],
            "diagnostics": [d.to_json() for d in self.diagnostics],
            **({"parts": [{"file": p.file, **p.to_json()} for p in self.parts]} if self.parts else {}),
        }


def _leaf_total(subject: Subject, leaf: Any) -> Decimal:
    computed = subject.rescored(leaf.name.text)
    return computed if computed is not None else (leaf.stated_score or ZERO)


def _rows(node: Any, path: tuple[str, ...], subject: Subject) -> list[Row]:
    here = (*path, node.name.text)
    if node.children:
        return [r for c in node.children for r in _rows(c, here, subject)]
    return [Row(here, node.weight, node.cell("actual"), node.stated_score, subject.rescored(node.name.text),
                subject.kinds.get(node.name.text, ""))]


def _row_json(row: Row) -> dict[str, Any]:
    def text(v: Decimal | None) -> str | None:
        return None if v is None else format(v, "f")

    return {"path": list(row.path), "weight": text(row.weight), "actual": row.actual, "stated": text(row.stated),
            "rescored": f"{row.rescored:.2f}" if row.rescored is not None else None, "rule": row.kind}


def review_file(path: Path, rules: RuleRegistry, checks: CheckRegistry, tolerance: Decimal = ZERO,
                judged: bool = True) -> Review:
    """Import (or load) ``path``, score it, and run every check on it. ``tolerance``: points a stated
    score may differ from the recomputed one and still be taken as rounding (a 提示, not an 错误).
    With ``judged``, findings a reviewer dismissed for this document (:mod:`.judgements`) are set aside."""
    review = _review(path, rules, checks, tolerance)
    store = judgements.store_for(path)
    if not judged or not store.exists():
        return review
    kept = judgements.judgements(store, path)
    if not kept:
        return review
    judged_all: list[Review] = [judgements.without(r, judgements.apply(r.findings, kept)) for r in review.every]
    return replace(judged_all[0], parts=tuple(judged_all[1:]))


def _review(path: Path, rules: RuleRegistry, checks: CheckRegistry, tolerance: Decimal) -> Review:
    """The review of the file; of a file that holds several forms, of the first, the others its ``parts``
    (named 文件（第2份）…)."""
    if path.suffix.lower() in PROJECT_SUFFIXES:
        return _review_project(path, rules, checks)
    imports = import_reports(path, rules)
    names = [path.name] if len(imports) == 1 else [f"{path.name}（第{k}份）" for k in range(1, len(imports) + 1)]
    reviews = [_reviewed(name, imported, rules, checks, tolerance) for name, imported in zip(names, imports, strict=True)]
    return replace(reviews[0], parts=tuple(reviews[1:]))


def _reviewed(name: str, imported: Imported, rules: RuleRegistry, checks: CheckRegistry, tolerance: Decimal) -> Review:
    project = imported.loaded.project
    result = score_project(project, rules) if project is not None else None
    subject = from_import(imported, result, tolerance)
    diags = (*imported.diagnostics, *_relevant(imported.loaded.diagnostics))
    return Review(name, imported, result, subject, tuple(run_audit(subject, checks)), diags)


def _relevant(diags: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The loader's messages about the generated file that say something the audit does not.

    Missing facts are listed as unscored leaves; weights are checked by the audit, located in the report."""
    return tuple(d for d in diags if d.code not in ("fact-missing", "reason-missing", "weights-sum", "roots-sum"))


def _review_project(path: Path, rules: RuleRegistry, checks: CheckRegistry) -> Review:
    loaded = load_project(path, rules)
    if loaded.project is None:
        return Review(path.name, None, None, None, (), loaded.diagnostics)
    result = score_project(loaded.project, rules)
    subject = from_project(result.project, result, path.name)
    return Review(path.name, None, result, subject, tuple(run_audit(subject, checks)),
                  (*loaded.diagnostics, *result.diagnostics))


__all__ = ["Review", "Row", "review_file"]
