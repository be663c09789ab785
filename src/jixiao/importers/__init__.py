"""Importers: read a published evaluation report (text, HTML, docx, xlsx, PDF) into a jixiao project.

Pipeline: a reader turns the file into a :class:`~.document.Document` (paragraphs and located
table cells) → :func:`~.extract.extract` finds the indicator table, goals, money, stated totals
→ :func:`~.build.build` recognises each criterion as a rule kind and writes the project file,
loaded back through the ordinary loader. Every stage returns diagnostics beside its output and
never raises on bad input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Source, os_reason
from ..rules.base import RuleRegistry
from .build import Imported, build
from .document import Document
from .extract import extract
from .form import Form, looks_like_form, read_form, read_forms
from .form.report import as_report
from .model import Report
from .outline import outline_roots

HEAD_BYTES = 4096


@dataclass(frozen=True, slots=True)
class ReaderKind:
    """One input format: does a file look like ours (name and first bytes), and read it."""

    name: str
    accepts: Callable[[Path, bytes], bool]
    read: Callable[[Path], Document]


def default_readers() -> tuple[ReaderKind, ...]:
    """The built-in formats, most specific first; plain text is the last resort."""
    from . import read_docx, read_html, read_pdf, read_text, read_xlsx

    return (ReaderKind("docx", read_docx.accepts, read_docx.read), ReaderKind("xlsx", read_xlsx.accepts, read_xlsx.read),
            ReaderKind("pdf", read_pdf.accepts, read_pdf.read), ReaderKind("html", read_html.accepts, read_html.read),
            ReaderKind("text", read_text.accepts, read_text.read))


def read_document(path: Path, readers: tuple[ReaderKind, ...] | None = None) -> Document:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        return _unreadable(path, "file-unreadable", f"无法读取文件：{os_reason(err)}", "检查文件路径和读取权限")
    for reader in readers or default_readers():
        if reader.accepts(path, head):
            return reader.read(path)
    return _unreadable(path, "import-unrecognized", "无法识别的文件格式", "支持 .txt、.html、.docx、.xlsx、.pdf 格式的评价报告和自评表")


def _unreadable(path: Path, code: str, message: str, hint: str) -> Document:
    return Document(path.name, "unknown", (), (Diagnostic(code, message, Source(path.name), hint),))


def import_report(path: Path, registry: RuleRegistry) -> Imported:
    """Read any supported report or self-evaluation form into a project; what could not be read
    is in the diagnostics."""
    return build(read_report(read_document(path)), registry)


def import_reports(path: Path, registry: RuleRegistry) -> list[Imported]:
    """As :func:`import_report`, each form of a file that holds several (see :func:`read_reports`)
    its own project."""
    return [build(report, registry) for report in read_reports(read_document(path))]


MIN_ROWS = 2  # rows a table read without its grid must give before it stands for the document


def read_reports(document: Document) -> list[Report]:
    """The document as one report, or, where it holds several forms one after another (a unit's
    forms published in one file), as one report a form, in reading order; the document's own
    diagnostics go with the first."""
    if not looks_like_form(document):
        return [_report(document, False, lambda: read_form(document))]
    forms = read_forms(document)
    if len(forms) >= 2:
        return [as_report(form, document, first=k == 0) for k, form in enumerate(forms)]
    return [_report(document, True, lambda: forms[0] if forms else None)]


def read_report(document: Document) -> Report:
    """A self-evaluation form is read as a form, anything else as a report with a scoring table;
    a report whose table the report reader does not find (flattened past its grid by a document
    site) is read by the form's row segmentation, which needs no grid; one with no table at all, by
    the headings of its prose when they carry the indicators' points (see :mod:`.outline`). A form
    whose indicator table gives no row is still the form: what was read of it (its funds block) is
    reviewed, and the review says the table was not read."""
    return _report(document, looks_like_form(document), lambda: read_form(document))


def _report(document: Document, form_like: bool, reading: Callable[[], Form | None]) -> Report:
    """``reading`` reads the form, only when it is wanted: a report read by its own reader needs none."""
    form = reading() if form_like else None
    if form is not None and (form.rows or not form.columns):
        return as_report(form, document)
    report = extract(document)
    if report.roots:
        return report
    form = form if form_like else reading()
    if form is not None and len(form.rows) >= MIN_ROWS:
        return as_report(form, document)
    roots = outline_roots(document.paragraphs)  # no table at all: a report that scores in numbered headings
    if not roots:
        return as_report(form, document) if form_like and form is not None else report
    found = tuple(d for d in report.diagnostics if d.code != "import-no-table")
    return dataclasses.replace(report, roots=roots, diagnostics=found)


__all__ = ["Document", "Imported", "ReaderKind", "Report", "default_readers", "import_report", "import_reports",
           "read_document", "read_report", "read_reports"]
