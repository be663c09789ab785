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
from typing import ClassVar

from ..diagnostics import Severity, Source
from ..registry import Registry
from .subject import Subject

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


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

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "severity": self.severity.value, "message": self.message,
                "locations": [loc.to_json() for loc in self.locations], "fix": self.fix}

    def format(self) -> str:
        where = f"{self.locations[0].source}: " if self.locations else ""
        return f"{where}[{self.code}] {self.severity.label}：{self.message}（{self.fix}）"


class Check(ABC):
    """One kind of audit check. Subclasses set the class attributes and ``run``."""

    code: ClassVar[str]
    title: ClassVar[str]  # Chinese, shown in the review opinion
    severity: ClassVar[Severity]
    subject: ClassVar[str]  # figure | name | passage | indicator | arithmetic
    rank: ClassVar[int] = 0  # among findings on the same subject and place, the highest rank is kept

    @abstractmethod
    def run(self, subject: Subject) -> Iterable[Finding]:
        """Every finding of this kind in the subject."""

    def finding(self, message: str, locations: Iterable[Location], fix: str,
                severity: Severity | None = None) -> Finding:
        return Finding(self.code, severity or self.severity, message, tuple(locations), fix, self.subject)


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
        ranked.extend((check.rank, f) for f in check.run(subject))
    kept: dict[tuple[str, str, str], tuple[int, Finding]] = {}
    for rank, finding in ranked:
        first = finding.locations[0] if finding.locations else None
        key = (finding.subject, str(first.source), first.quote) if first else (finding.code, finding.message, "")
        if key not in kept or rank > kept[key][0]:
            kept[key] = (rank, finding)
    order = sorted(kept.values(), key=lambda rf: (SEVERITY_ORDER[rf[1].severity], -rf[0]))
    return [f for _, f in order]
