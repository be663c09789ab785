"""Audit checks: what a finding is, what a check is, the registry that holds them, and the run.

A check is a plain object with a code, a severity, a Chinese title and a ``run`` method that
reads a :class:`~jixiao.audit.subject.Subject` and yields :class:`Finding` values. Checks live
one per module in :mod:`jixiao.audit.checks`, each defining ``CHECK``; :func:`default_checks`
discovers them, and a caller may build its own :class:`CheckRegistry` instead. Nothing here
is global: the registry is passed in.
"""

from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from ..diagnostics import Severity, Source
from ..registry import Registry
from .subject import Subject

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Certainty(StrEnum):
    """How sure a finding is, in the reviewer's words: the arithmetic or the text is certain (确定),
    it needs a human look (疑似), or it is worth knowing (提示). Only a certain finding is an 错误."""

    CERTAIN = "certain"
    SUSPECTED = "suspected"
    HINT = "hint"

    @property
    def label(self) -> str:
        return {"certain": "确定", "suspected": "疑似", "hint": "提示"}[self.value]


_DEFAULT_CERTAINTY = {Severity.ERROR: Certainty.CERTAIN, Severity.WARNING: Certainty.SUSPECTED,
                      Severity.INFO: Certainty.HINT}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in the report and the words found there."""

    source: Source
    quote: str

    def to_json(self) -> dict[str, object]:
        s = self.source
        return {"file": s.file, "line": s.line, "cell": s.cell, "where": str(s), "quote": self.quote}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str  # Chinese, quoting the text involved
    locations: tuple[Location, ...]  # the most suspect place first
    fix: str  # what to do, in Chinese
    subject: str = ""  # what the finding is about (a figure, a name…); one finding per subject and place
    certainty: Certainty = Certainty.CERTAIN

    @property
    def grade(self) -> str:
        """``错误·确定``, ``警告·疑似``, ``提示``: how serious and how sure, as the reviewer reads it."""
        if self.severity is Severity.INFO:
            return "提示"
        return f"{self.severity.label}·{self.certainty.label}"

    @property
    def key(self) -> str:
        """What identifies this finding in a document across reviews, whatever the file is called (for a
        reviewer's dismissal): the check, the place inside the document and the words quoted."""
        first = self.locations[0] if self.locations else None
        if first is None:
            return f"{self.code}||{self.message}"
        s = first.source
        return f"{self.code}|{s.cell or ''}{s.line or ''}:{s.col or ''}|{first.quote}"

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity.value, "certainty": self.certainty.value,
                "grade": self.grade, "message": self.message, "locations": [loc.to_json() for loc in self.locations],
                "fix": self.fix, "key": self.key}

    def format(self) -> str:
        where = f"{self.locations[0].source}: " if self.locations else ""
        return f"{where}[{self.code}] {self.grade}：{self.message}（{self.fix}）"


CERTAINTY_ORDER = {Certainty.CERTAIN: 0, Certainty.SUSPECTED: 1, Certainty.HINT: 2}


class Check(ABC):
    """One kind of audit check. Subclasses set the class attributes and ``run``."""

    code: ClassVar[str]
    title: ClassVar[str]  # Chinese, shown in the review opinion
    severity: ClassVar[Severity]
    subject: ClassVar[str]  # figure | name | passage | indicator | arithmetic
    rank: ClassVar[int] = 0  # among findings on the same subject and place, the highest rank is kept
    kinds: ClassVar[frozenset[str]] = frozenset({"report", "form", "department", "project"})  # documents it reads

    @abstractmethod
    def run(self, subject: Subject) -> Iterable[Finding]:
        """Every finding of this kind in the subject."""

    def finding(self, message: str, locations: Iterable[Location], fix: str,
                severity: Severity | None = None, certain: bool = True, hint: bool = False) -> Finding:
        """A finding of this check. One that is not ``certain`` (the text read is ambiguous) is never an
        错误 but a 疑似 警告; a ``hint`` (a difference rounding explains) is a 提示."""
        level = severity or self.severity
        if hint:
            return Finding(self.code, Severity.INFO, message, tuple(locations), fix, self.subject, Certainty.HINT)
        if not certain:
            level = Severity.WARNING if level is Severity.ERROR else level
            return Finding(self.code, level, message, tuple(locations), fix, self.subject, Certainty.SUSPECTED)
        return Finding(self.code, level, message, tuple(locations), fix, self.subject, _DEFAULT_CERTAINTY[level])


class CheckRegistry(Registry[Check]):
    """The checks a run may use, by code."""

    @staticmethod
    def key(item: Check) -> str:
        return item.code


def default_checks() -> CheckRegistry:
    """Every built-in check: each module of :mod:`jixiao.audit.checks` that defines ``CHECK``."""
    from . import checks

    found: list[Check] = []
    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{checks.__name__}.{info.name}")
        check = getattr(module, "CHECK", None)
        if isinstance(check, Check):
            found.append(check)
    return CheckRegistry(found)


def run_audit(subject: Subject, registry: CheckRegistry) -> list[Finding]:
    """All findings, one per subject and place, most serious first."""
    ranked: list[tuple[int, Finding]] = []
    for check in registry:
        if subject.kind in check.kinds:
            ranked.extend((check.rank, f) for f in check.run(subject))
    kept: dict[tuple[str, str, str], tuple[int, Finding]] = {}
    for rank, finding in ranked:
        first = finding.locations[0] if finding.locations else None
        key = (finding.subject, str(first.source), first.quote) if first else (finding.code, finding.message, "")
        if key not in kept or rank > kept[key][0]:
            kept[key] = (rank, finding)
    order = sorted(kept.values(), key=lambda rf: (SEVERITY_ORDER[rf[1].severity], CERTAINTY_ORDER[rf[1].certainty], -rf[0]))
    return [f for _, f in order]
