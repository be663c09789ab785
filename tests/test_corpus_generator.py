"""The corpus generator: deterministic, schema-true, and its truth files agree with an independent recomputation."""

from __future__ import annotations

import html
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.corpus.generate import generate

TEXT_FORMATS = ("txt", "html")
TOP_KEYS = {"province", "kind", "layout", "truncated", "project", "department", "unit", "year", "funds", "leaves", "total", "grade",
            "scored", "rescored", "notes", "defects"}
FUNDS_KEYS = {"initial", "budget", "arrived", "spent", "weight", "rate", "score"}
LEAF_KEYS = {"level1", "level2", "name", "target", "actual", "weight", "score", "applicable"}
CODES = {"weights-sum", "score-total", "grade-band", "score-over-weight", "score-recomputed", "rate-recomputed", "survey-contradiction",
         "figure-conflict", "name-variant", "foreign-passage", "name-is-sentence", "actual-kind", "target-missing", "criterion-missing",
         "loss-unexplained", "execution-score", "loss-met", "full-missed", "budget-changed", "template-text", "money-as-output",
         "indicator-misfiled", "header-blank", "completion-rate"}
MET_WORDS = {"达成", "达成预期指标", "效果明显", "达成年度目标", "达成预期目标", "基本达成"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(seed=11, count=60, out=tmp_path_factory.mktemp("gen"), formats=TEXT_FORMATS)


def truth_of(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.with_suffix(".truth.yaml").read_text(encoding="utf-8"))
    return loaded


def text_of(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", raw)) if path.suffix == ".html" else raw


SIMPLIFIED = str.maketrans("達預標顯", "达预标显")  # enough to read the achievement words of a traditional page


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").translate(SIMPLIFIED)


def num(text: str | None) -> Decimal | None:
    found = re.search(r"-?\d+(?:\.\d+)?", norm(text or "").replace(",", ""))
    return Decimal(found.group()) if found else None


def q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- an independent recomputation of a form's total from its truth and the rules its notes print ---
def form_leaf(leaf: dict[str, Any], doc: str) -> Decimal | None:
    w, stated = Decimal(norm(leaf["weight"])), num(leaf["score"])
    target, actual = norm(leaf["target"] or ""), norm(leaf["actual"] or "")
    t, a = num(target), num(actual)
    if not target or t is None or a is None:
        return qualitative(w, stated, actual, doc) if target else stated
    if target.startswith(("≤", "<")):
        if a <= t:
            return w
        return q2(w * max(Decimal(0), (2 * t - a) / t)) if "2倍" in doc else q2(w * t / a)
    if target.startswith("="):
        return w if a == t else q2(w * max(Decimal(0), 1 - abs(a - t) / t))
    return q2(w * min(a / t, Decimal(1)))


def qualitative(w: Decimal, stated: Decimal | None, actual: str, doc: str) -> Decimal | None:
    if stated is None or (actual not in MET_WORDS and actual != "部分达成"):
        return stated
    part_low = Decimal("0.5") if "80%-50%" in doc else Decimal("0.6")
    low, high = (Decimal("0.8"), Decimal(1)) if actual in MET_WORDS else (part_low, Decimal("0.8"))
    return q2(min(max(stated, w * low), w * high))


def recompute_form(truth: dict[str, Any], doc: str) -> Decimal | None:
    funds = truth["funds"]
    budget, spent, weight = num(funds["budget"]), num(funds["spent"]), num(funds["weight"])
    assert budget and spent is not None and weight is not None
    rows, weights = [q2(weight * min(spent / budget, Decimal(1)))], weight
    for leaf in truth["leaves"]:
        if leaf.get("applicable", True) and leaf.get("form", 1) == 1:  # the first form's: the file's rescored
            value = form_leaf(leaf, doc)
            if value is None:
                return None
            rows.append(value)
            weights += Decimal(norm(leaf["weight"]))
    total = sum(rows, Decimal(0))
    return q2(total * 100 / weights) if "百分制折算" in doc and weights != 100 else total


# --- the same for a report, from the criteria printed in its tab-separated scoring table ---
def criteria(doc: str) -> dict[str, str]:
    rows = [line.split("\t") for line in doc.splitlines() if line.count("\t") == 8]
    return {norm(cells[2]): cells[5] for cells in rows if cells[2]}


def report_leaf(leaf: dict[str, Any], crit: str) -> Decimal | None:
    w, stated, a = Decimal(leaf["weight"]), num(leaf["score"]), num(leaf["actual"])
    pct = a / 100 if a is not None else None
    if not crit or a is None or pct is None:
        return stated
    if "视为90%" in crit or "×分值" in crit or ("①" in crit and "分）" in crit):
        return q2(w * pct)
    if "90%（含）" in crit:
        return next((q2(w * s) for low, s in ((90, 1), (80, Decimal("0.8")), (70, Decimal("0.6"))) if a >= low), Decimal(0))
    if step := re.search(r"每降低1个百分点扣([\d.]+)分", crit):
        threshold = Decimal(re.findall(r"(?:≥|达到)(\d+(?:\.\d+)?)%", crit)[0])
        short = threshold - a
        return w if short <= 0 else max(Decimal(0), w - Decimal(step.group(1)) * math.ceil(short))
    if over := re.search(r"每超出1个百分点扣([\d.]+)分", crit):
        return w if a <= 100 else max(Decimal(0), w - Decimal(over.group(1)) * (a - 100))
    if item := re.search(r"每项扣([\d.]+)分", crit):
        return max(Decimal(0), w - Decimal(item.group(1)) * a)
    if "比例" in crit:
        return q2(w * min(a / (num(leaf["target"]) or a), Decimal(1)))
    if "发生1次及以上" in crit:
        return w if a == 0 else Decimal(0)
    return stated


def recompute_report(truth: dict[str, Any], doc: str) -> Decimal:
    table = criteria(doc)
    total = Decimal(0)
    for leaf in truth["leaves"]:
        crit = table[norm(leaf["name"])]
        met = not norm(leaf["actual"] or "").startswith("未")
        value = report_leaf(leaf, crit) if "否则不得分" not in crit else Decimal(leaf["weight"]) * met
        assert value is not None
        total += value
    return total


# --- the tests ---
def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate(seed=3, count=8, out=tmp_path / "a", formats=TEXT_FORMATS)
    second = generate(seed=3, count=8, out=tmp_path / "b", formats=TEXT_FORMATS)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.with_suffix(".truth.yaml").read_bytes() == b.with_suffix(".truth.yaml").read_bytes()


def test_new_seed_new_documents(tmp_path: Path) -> None:
    first = generate(seed=3, count=4, out=tmp_path / "a", formats=("txt",))
    second = generate(seed=4, count=4, out=tmp_path / "b", formats=("txt",))
    assert {p.read_text(encoding="utf-8") for p in first}.isdisjoint({p.read_text(encoding="utf-8") for p in second})


def test_truth_follows_the_schema(corpus: list[Path]) -> None:
    for path in corpus:
        truth = truth_of(path)
        assert set(truth) == TOP_KEYS, path.name
        assert truth["kind"] in ("form", "department", "report") and truth["layout"] in ("lines", "runs", "tabs", "pipes", "table")
        assert set(truth["funds"]) == FUNDS_KEYS
        assert all(v is None or isinstance(v, str) for v in truth["funds"].values())
        # a leaf of a file's second form says so (form: 2); the first form's leaves come first
        assert truth["leaves"] and all(set(leaf) - {"form"} == LEAF_KEYS for leaf in truth["leaves"])
        assert [leaf.get("form", 1) for leaf in truth["leaves"]] == sorted(leaf.get("form", 1) for leaf in truth["leaves"])
        for leaf in truth["leaves"]:
            assert all(leaf[k] is None or isinstance(leaf[k], str) for k in LEAF_KEYS - {"applicable"})
        assert all(set(d) == {"code", "words"} and d["code"] in CODES and d["words"] for d in truth["defects"])
        # up to 3 planted, weights-sum names two parents; a second form brings one more
        assert len(truth["defects"]) <= (5 if path.stem.endswith("-two") else 4)


def test_leaves_are_in_the_text(corpus: list[Path]) -> None:
    for path in corpus:
        doc = text_of(path)
        flat = doc.replace(" ", "")
        for leaf in truth_of(path)["leaves"]:
            assert leaf["name"].replace(" ", "") in flat, (path.name, leaf["name"])
            for key in ("weight", "score"):
                assert leaf[key] is None or leaf[key] in doc, (path.name, leaf["name"], key)


def test_rescored_follows_from_the_truth(corpus: list[Path]) -> None:
    for path in corpus:
        truth, doc = truth_of(path), text_of(path)
        if truth["kind"] == "report":
            if path.suffix == ".txt":
                assert truth["rescored"] == f"{recompute_report(truth, doc):.2f}", path.name
            continue
        expected = recompute_form(truth, doc)
        assert truth["rescored"] == (None if expected is None else f"{expected:.2f}"), path.name


def test_clean_documents_state_their_rescored_total(tmp_path: Path) -> None:
    for path in generate(seed=5, count=12, out=tmp_path, formats=TEXT_FORMATS, defect_rate=0.0):
        truth = truth_of(path)
        assert truth["defects"] == []
        if truth["scored"] and truth["total"] is not None and truth["rescored"] is not None:
            assert num(truth["total"]) == Decimal(truth["rescored"]), path.name


def test_defect_words_are_in_the_document(corpus: list[Path]) -> None:
    planted = 0
    for path in corpus:
        doc = text_of(path)
        for defect in truth_of(path)["defects"]:
            planted += 1
            assert defect["words"] in doc, (path.name, defect)
    assert planted > 20


def test_binary_formats_open(tmp_path: Path) -> None:
    import docx
    import openpyxl
    import pdfplumber

    paths = generate(seed=9, count=5, out=tmp_path, formats=("docx", "xlsx", "pdf"))
    for path in paths:
        name = truth_of(path)["leaves"][0]["name"]
        if path.suffix == ".docx":
            text = "".join(c.text for t in docx.Document(str(path)).tables for row in t.rows for c in row.cells)
        elif path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path).active
            assert sheet is not None
            text = "".join(str(c.value or "") for row in sheet.iter_rows() for c in row)
        else:
            with pdfplumber.open(path) as pdf:
                text = "".join(page.extract_text() or "" for page in pdf.pages)
        assert name.replace(" ", "") in text.replace(" ", "").replace("\n", ""), (path.name, name)
