"""A seeded generator of review test documents: published self-evaluation forms and evaluation reports.

    from tests.corpus.generate import generate
    paths = generate(seed=7, count=40, out=Path("/tmp/gen"), kinds=("form", "report"), formats=None)

writes NAME.<ext> and NAME.truth.yaml (the schema of tests/corpus/README.md) per document and returns the
document paths. The same seed gives byte-identical txt/html and truth files.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import defects, forms, reportdefects, reports, scoring
from .content import DEPARTMENT, PROJECT_TYPES
from .grid import Document
from .model import Defect, Form, Report
from .noise import Printer, metadata, page_marks
from .numbers import fixed
from .printform import FormPrinter
from .printreport import ReportPrinter
from .profiles import profiles
from .writers import TXT_LAYOUTS, TextStyle, to_html, to_text, write_docx, write_pdf, write_xlsx

__all__ = ["FORMATS", "KINDS", "generate"]

FORMATS = ("txt", "html", "docx", "xlsx", "pdf")
KINDS = ("form", "department", "report")
FORM_FORMATS = {"txt": 50, "html": 20, "docx": 10, "xlsx": 10, "pdf": 10}
REPORT_FORMATS = {"txt": 45, "html": 25, "docx": 15, "pdf": 15}


@dataclass
class Presentation:
    fmt: str
    layout: str
    text: TextStyle | None = None
    html_cells: bool = False
    trad: bool = False
    ocr: bool = False
    title_in_table: bool = False
    notes_in_table: bool = False


def pick_kind(rng: random.Random, kinds: Sequence[str]) -> str:
    weights = {"form": 68, "department": 12, "report": 20}
    allowed = [k for k in KINDS if k in kinds or (k == "department" and "form" in kinds)]
    return rng.choices(allowed, [weights[k] for k in allowed])[0]


def pick_format(rng: random.Random, kind: str, formats: Sequence[str]) -> str:
    table = REPORT_FORMATS if kind == "report" else FORM_FORMATS
    allowed = [f for f in table if f in formats] or [f for f in formats if f in table] or ["txt"]
    return rng.choices(allowed, [table.get(f, 1) for f in allowed])[0]


def text_style(rng: random.Random, year: int, author: str) -> TextStyle:
    layout = rng.choice(TXT_LAYOUTS)
    style = TextStyle(layout)
    if layout == "lines":
        style.variant = "bars" if rng.random() < 0.25 else ""
    if layout == "runs":
        style.variant = rng.choice(("row", "all"))
        # a document site's flattening glues the cells with no separator at all (优知文库, 道客)
        style.sep = rng.choice((" ", "  ", "")) if style.variant == "all" else rng.choice((" ", "  "))
    if rng.random() < 0.35:
        style.pages = rng.randint(1, 2)
        style.page_marks = tuple(page_marks(rng, style.pages + 1))
    if rng.random() < (0.5 if style.variant == "all" else 0.15):
        style.metadata = metadata(rng, author, year)
    return style


def present(rng: random.Random, fmt: str, kind: str, year: int, author: str) -> Presentation:
    if fmt == "txt":
        style = text_style(rng, year, author) if kind != "report" else TextStyle("tabs")
        return Presentation(fmt, style.layout, style, trad=kind != "report" and rng.random() < 0.12,
                            ocr=kind != "report" and rng.random() < 0.25, title_in_table=rng.random() < 0.3,
                            notes_in_table=rng.random() < 0.3)
    if fmt == "html" and kind != "report" and rng.random() < 0.3:
        return Presentation(fmt, "lines", html_cells=True, trad=rng.random() < 0.2, title_in_table=rng.random() < 0.3)
    return Presentation(fmt, "table", title_in_table=fmt != "xlsx" and rng.random() < 0.3, notes_in_table=rng.random() < 0.3)


def notes_for(pres: Presentation, model: Form | Report) -> str:
    parts = []
    if pres.ocr:
        parts.append("OCR noise (full-width digits, ％, stray spaces in labels, a dropped or doubled character in prose)")
    if pres.trad:
        parts.append("traditional characters")
    if pres.text and pres.text.pages:
        parts.append("page numbers inside the table")
    if pres.text and pres.text.metadata:
        parts.append("DOCX core properties before the table")
    if isinstance(model, Form):
        if "nature" in model.profile.columns:
            parts.append("target split over 指标性质/指标值/度量单位; target joins them")
        if not model.scored:
            parts.append("未评分: every score cell empty")
        if any(lf.kind == "qual" for lf in model.leaves):
            parts.append("qualitative rows rescored with the stated score, held inside its tier's band")
    return "; ".join(parts)


def resolve(found: list[Defect], p: Printer) -> list[dict[str, str]]:
    """The defects' words as the document prints them."""
    out = []
    for d in found:
        words = p.chars(d.words) if d.role in ("text", "label") else p(d.words, d.role)
        out.append({"code": d.code, "words": words})
    return out


def build(rng: random.Random, kind: str, defect_rate: float) -> Form | Report:
    profile = rng.choice(profiles())
    year = rng.randint(2019, 2024)
    count = rng.choices((1, 2, 3), (45, 35, 20))[0] if rng.random() < defect_rate else 0
    if kind == "report":
        report = reports.build_report(rng, profile, rng.choice(PROJECT_TYPES), year)
        return reportdefects.plant(rng, report, count) if count else report
    ptype = DEPARTMENT if kind == "department" else rng.choice(PROJECT_TYPES)
    form = forms.build_form(rng, profile, kind, ptype, year)
    if rng.random() < 0.1:
        forms.unscore(form)
    return defects.plant(rng, form, count) if count else form


def render(model: Form | Report, pres: Presentation, seed: int) -> tuple[Document, dict[str, Any], Printer]:
    p = Printer(seed, trad=pres.trad, ocr=pres.ocr)
    p.protected = {d.words for d in model.defects if d.role in ("name", "label", "l1", "text")}
    if isinstance(model, Form):
        fp = FormPrinter(model, p)
        return fp.document(pres.title_in_table, pres.notes_in_table), fp.truth(), p
    rp = ReportPrinter(model, p)
    return rp.document(), rp.truth(), p


def write(doc: Document, pres: Presentation, path: Path, rng: random.Random, year: int) -> None:
    if pres.fmt == "txt":
        assert pres.text is not None
        path.write_text(to_text(doc, pres.text, rng), encoding="utf-8")
    elif pres.fmt == "html":
        path.write_text(to_html(doc, pres.html_cells), encoding="utf-8")
    elif pres.fmt == "docx":
        write_docx(doc, path, year)
    elif pres.fmt == "xlsx":
        write_xlsx(doc, path)
    else:
        write_pdf(doc, path)


def truth_file(model: Form | Report, pres: Presentation, fields: dict[str, Any], p: Printer) -> dict[str, Any]:
    rescored = scoring.rescore_form(model) if isinstance(model, Form) else scoring.rescore_report(model)
    head = {"province": fields.pop("province"), "kind": fields.pop("kind"), "layout": pres.layout, "truncated": False}
    return {**head, **fields, "rescored": None if rescored is None else fixed(rescored), "notes": notes_for(pres, model),
            "defects": resolve(model.defects, p)}


SEVERAL_RATE = 0.08  # files that hold a unit's forms one after another


def another(seed: int, index: int, model: Form | Report, defect_rate: float) -> Form | None:
    """Now and then the file holds another form of the same unit after the first (in the same layout),
    from a random stream of its own, so the documents of a seed stay as they were."""
    rng = random.Random(f"jixiao-corpus-another:{seed}:{index}")
    if not isinstance(model, Form) or model.kind != "form" or rng.random() >= SEVERAL_RATE:
        return None
    form = forms.build_form(rng, model.profile, model.kind, rng.choice(PROJECT_TYPES), model.year)
    return defects.plant(rng, form, 1) if rng.random() < defect_rate else form


def one(seed: int, index: int, out: Path, kinds: Sequence[str], formats: Sequence[str], defect_rate: float) -> Path:
    rng = random.Random(f"jixiao-corpus:{seed}:{index}")
    kind = pick_kind(rng, kinds)
    model = build(rng, kind, defect_rate)
    fmt = pick_format(rng, kind, formats)
    author = forms.person(rng)
    pres = present(rng, fmt, kind, model.year, author)
    doc, fields, p = render(model, pres, rng.randint(0, 10**9))
    doc.author = author
    second = another(seed, index, model, defect_rate)
    if second is not None:  # its blocks after the first's; its leaves and defects are the file's too
        p.protected |= {d.words for d in second.defects if d.role in ("name", "label", "l1", "text")}
        printer = FormPrinter(second, p)
        doc.blocks.extend(printer.document(pres.title_in_table, pres.notes_in_table).blocks)
        fields["leaves"] = [*fields["leaves"], *({**leaf, "form": 2} for leaf in printer.truth()["leaves"])]
    name = f"{index:03d}-{model.profile.id}-{model.ptype.key}-{kind}" + ("-two" if second is not None else "")
    path = out / f"{name}.{fmt}"
    write(doc, pres, path, rng, model.year)
    truth = truth_file(model, pres, fields, p)
    if second is not None:
        truth["defects"] = [*truth["defects"], *resolve(second.defects, p)]
    (out / f"{name}.truth.yaml").write_text(yaml.safe_dump(truth, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def generate(seed: int, count: int, out: Path, kinds: Sequence[str] = ("form", "report"), formats: Sequence[str] | None = None,
             defect_rate: float = 0.75) -> list[Path]:
    """Write `count` documents and their truth files into `out`; defect_rate=0.0 gives clean documents only."""
    unknown = [k for k in kinds if k not in KINDS] + [f for f in formats or () if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown kind or format: {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    return [one(seed, i, out, kinds, formats or FORMATS, defect_rate) for i in range(count)]
