"""The provinces' layouts and wordings of layouts.yaml, loaded into typed records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LAYOUTS = Path(__file__).with_name("layouts.yaml")


@dataclass(frozen=True)
class GradeScale:
    bands: tuple[tuple[Decimal, str], ...]  # (lowest total, grade word), highest first
    note: str | None

    def grade(self, total: Decimal) -> str:
        for low, word in self.bands:
            if total >= low:
                return word
        return self.bands[-1][1]

    def neighbour(self, word: str) -> str:
        """Another grade word of the scale, next to this one: the wrong word a careless unit writes."""
        words = [w for _, w in self.bands]
        i = words.index(word)
        return words[i + 1] if i + 1 < len(words) else words[i - 1]


@dataclass(frozen=True)
class Funds:
    block: str
    columns: tuple[str, ...]
    labels: dict[str, str]
    rows: dict[str, str]
    subrow_rate: bool
    money: str


@dataclass(frozen=True)
class Profile:
    id: str
    province: str
    places: tuple[str, ...]
    agency_style: str
    codes: bool
    project_codes: bool
    title: str
    title_year: str
    title_year_before: str
    prefix: str
    header: dict[str, str]
    leader: dict[str, str] | None
    funds: Funds
    goals: dict[str, str]
    execution_points: Decimal
    level1: tuple[tuple[str, Decimal], ...]
    level1_label: str
    level2: dict[str, str]
    columns: tuple[str, ...]
    column_labels: dict[str, str]
    indicator_header: str
    block_label: str
    total_label: str
    grade_label: str
    grade_scale: GradeScale
    reverse_rule: str
    qual_bands: dict[str, tuple[Decimal, Decimal]]
    rescale: bool
    notes: tuple[str, ...]
    score_style: str
    rate_style: str
    actual_units: bool
    qual_actual: tuple[str, ...]
    report: dict[str, Any]

    @property
    def cost_level1(self) -> bool:
        """Newer forms file 成本指标 as a 一级 of its own."""
        return any(name == "成本指标" for name, _ in self.level1)

    def report_scale(self) -> GradeScale:
        return scale(str(self.report.get("grade_scale", "national")))


@cache
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(LAYOUTS.read_text(encoding="utf-8"))
    return loaded


@cache
def scale(name: str) -> GradeScale:
    raw = data()["grade_scales"][name]
    return GradeScale(tuple((Decimal(str(low)), str(word)) for low, word in raw["bands"]), raw["note"])


def _bands(name: str) -> dict[str, tuple[Decimal, Decimal]]:
    raw = data()["qual_bands"][name]
    return {tier: (Decimal(lo) / 100, Decimal(hi) / 100) for tier, (lo, hi) in raw.items()}


def _profile(raw: dict[str, Any]) -> Profile:
    f = raw["funds"]
    return Profile(
        id=raw["id"],
        province=raw["province"],
        places=tuple(raw["places"]),
        agency_style=raw["agency_style"],
        codes=raw["codes"],
        project_codes=raw["project_codes"],
        title=raw["title"],
        title_year=raw.get("title_year", ""),
        title_year_before=raw.get("title_year_before", ""),
        prefix=raw.get("prefix", ""),
        header=raw["header"],
        leader=raw["leader"],
        funds=Funds(f["block"], tuple(f["columns"]), f["labels"], f["rows"], f["subrow_rate"], str(f["money"])),
        goals=raw["goals"],
        execution_points=Decimal(raw["execution_points"]),
        level1=tuple((str(n), Decimal(p)) for n, p in raw["level1"]),
        level1_label=raw["level1_label"],
        level2=raw["level2"],
        columns=tuple(raw["columns"]),
        column_labels=raw["column_labels"],
        indicator_header=raw["indicator_header"],
        block_label=raw["block_label"],
        total_label=raw["total_label"],
        grade_label=raw["grade_label"],
        grade_scale=scale(raw["grade_scale"]),
        reverse_rule=raw["reverse_rule"],
        qual_bands=_bands(raw["qual_bands"]),
        rescale=raw["rescale"],
        notes=tuple(raw["notes"]),
        score_style=str(raw["score_style"]),
        rate_style=str(raw["rate_style"]),
        actual_units=raw["actual_units"],
        qual_actual=tuple(raw["qual_actual"]),
        report=raw["report"],
    )


@cache
def profiles() -> tuple[Profile, ...]:
    return tuple(_profile(raw) for raw in data()["profiles"])


def note_text(key: str) -> str:
    return str(data()["notes"][key])


def wordings(key: str) -> list[str]:
    return list(data()["report_wordings"][key])


def criteria(kind: str) -> list[str]:
    return list(data()["criteria"][kind])


def department() -> dict[str, Any]:
    return dict(data()["department"])
