"""Working days and deadline rules, checked against the State Council's 2023 and 2024 holiday notices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jixiao.diagnostics import Diagnostic
from jixiao.evidence.calendar import WorkCalendar, load_calendar, official_calendar
from jixiao.evidence.deadline import parse_deadline

D = dt.date.fromisoformat


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return official_calendar()


@pytest.mark.parametrize(("start", "n", "due", "why"), [
    ("2023-03-03", 1, "2023-03-06", "Friday + 1: the weekend is skipped"),
    ("2023-09-28", 5, "2023-10-11", "国庆 2023: 9-29..10-6 off, Sat 10-7 and Sun 10-8 are working days"),
    ("2023-12-29", 1, "2024-01-02", "year end: Monday 1 January 2024 is 元旦"),
    ("2024-02-09", 1, "2024-02-18", "春节 2024: 2-10..2-17 off, Sunday 2-18 is a make-up working day"),
    ("2024-02-02", 1, "2024-02-04", "春节 2024: Sunday 2-4 is a make-up working day"),
    ("2024-09-27", 3, "2024-10-08", "国庆 2024: Sunday 9-29 works, 10-1..10-7 off"),
])
def test_working_days_follow_the_official_calendar(cal: WorkCalendar, start: str, n: int, due: str, why: str) -> None:
    assert cal.add_workdays(D(start), n) == D(due), why


def test_a_make_up_weekend_day_is_a_working_day_and_a_holiday_weekday_is_not(cal: WorkCalendar) -> None:
    assert cal.is_workday(D("2023-10-07"))  # Saturday, 调休上班
    assert not cal.is_workday(D("2023-10-02"))  # Monday, 国庆
    assert not cal.is_workday(D("2023-10-14"))  # an ordinary Saturday


@pytest.mark.parametrize(("words", "anchor", "due"), [
    ("次月10日前", "2023-03-31 23:59", "2023-04-10 23:59:59.999999"),
    ("次月10日前", "2023-12-31 00:00", "2024-01-10 23:59:59.999999"),  # across the year end
    ("次月31日前", "2024-01-15 09:00", "2024-02-29 23:59:59.999999"),  # past the month's end: its last day
    ("故障解决后5个工作日内", "2023-09-28 15:55", "2023-10-11 23:59:59.999999"),
    ("3日内", "2023-12-30 10:00", "2024-01-02 23:59:59.999999"),
    ("2小时内", "2023-05-09 09:40", "2023-05-09 11:40:00"),
    ("30分钟内", "2023-05-09 23:50", "2023-05-10 00:20:00"),
])
def test_deadline_words(cal: WorkCalendar, words: str, anchor: str, due: str) -> None:
    deadline = parse_deadline(words)
    assert deadline is not None
    assert deadline.due(at(anchor), cal) == at(due)


def test_done_exactly_at_the_two_hour_limit_is_on_time(cal: WorkCalendar) -> None:
    deadline = parse_deadline("2小时内")
    assert deadline is not None
    due = deadline.due(at("2023-05-09 09:40"), cal)
    assert due is not None and at("2023-05-09 11:40") <= due < at("2023-05-09 11:41")


def test_words_that_name_no_deadline_are_not_guessed() -> None:
    assert parse_deadline("尽快") is None
    assert parse_deadline("下月初") is None


def test_a_year_the_package_lacks_is_named_with_what_to_do(cal: WorkCalendar) -> None:
    assert not cal.covers(2099)
    assert cal.add_workdays(D("2099-03-02"), 1) is None
    hint = cal.missing_hint(2099)
    assert "2099年" in hint and "evidence.calendar" in hint and "docs/evidence.md" in hint


def test_a_holiday_file_supplies_a_missing_year(tmp_path: Path) -> None:
    file = tmp_path / "holidays-2099.yaml"
    file.write_text("holidays: [2099-01-01, 2099-01-02]\nworkdays: [2099-01-03]\n", encoding="utf-8")
    diags: list[Diagnostic] = []
    cal = load_calendar(file, diags)
    assert diags == []
    # Thursday 1 January and Friday 2 January are off; Saturday 3 January is a working day.
    assert cal.add_workdays(D("2099-01-01"), 1) == D("2099-01-03")
    assert cal.add_workdays(D("2099-01-01"), 2) == D("2099-01-05")


def test_a_holiday_file_replaces_the_package_for_the_years_it_lists(tmp_path: Path) -> None:
    file = tmp_path / "corrected-2023.yaml"
    file.write_text("holidays: [2023-03-01]\n", encoding="utf-8")
    cal = load_calendar(file, [])
    assert not cal.is_workday(D("2023-03-01"))
    assert cal.is_workday(D("2023-10-02"))  # the package's 国庆 is replaced for 2023
    assert not cal.is_workday(D("2024-10-02"))  # other years keep the package's dates


def test_a_bad_holiday_file_is_located(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("holidays: [国庆]\nworkday: []\n", encoding="utf-8")
    diags: list[Diagnostic] = []
    load_calendar(file, diags)
    assert [(d.code, str(d.source)) for d in diags] == [
        ("wrong-type", f"{file}:1:12"), ("unknown-key", f"{file}:2:1")]
