"""Batch review (批量复核): many reports and forms at once, the way a finance bureau receives them.

:func:`collect` turns the files and folders a user names into the documents to review;
:func:`review_many` reviews them (in worker processes when asked) into one small :class:`Outcome`
per document, in input order; :func:`sort_rows` puts the ones that need a human first and
:func:`write_summary` writes the summary table (复核汇总表) as .xlsx or .html.
"""

from __future__ import annotations

import html
import os
import re
import signal
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import sheets
from ..audit import CheckRegistry, default_checks
from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import ZERO, round_half_up
from ..rules import default_registry
from ..rules.base import RuleRegistry
from . import Review, review_file

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".xlsx", ".pdf", ".yaml", ".yml")
KINDS = {"report": "报告", "form": "自评表", "department": "部门整体自评表"}
PROJECT_KIND = "项目文件"
NOT_RECOMPUTED = "未复算"
SUMMARY_TITLE = "复核汇总表"
SUMMARY_SUFFIXES = (".xlsx", ".html", ".htm")
# Marks a summary jixiao wrote, so reviewing the same folder again does not review it.
SUMMARY_MARK = '<meta name="generator" content="jixiao 复核汇总表">'
CREATOR = "jixiao"
HEAD_BYTES = 4096

Setup = Callable[[], tuple[RuleRegistry, CheckRegistry]]
Progress = Callable[[int, int, str], None]


# -- which files -------------------------------------------------------------------------------


def collect(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The files given, and the supported files inside the folders given (recursively, sorted),
    each once; a diagnostic for a path that does not exist or a folder with nothing to review."""
    found: list[Path] = []
    diags: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            inside = _documents_in(path)
            if not inside:
                diags.append(Diagnostic("file-unreadable", f"文件夹“{path}”中没有可以复核的文件", Source(str(path)),
                                        f"支持 {'、'.join(SUFFIXES)} 格式", Severity.WARNING))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            diags.append(Diagnostic("file-unreadable", f"找不到文件或文件夹：{path}", Source(str(path)),
                                    "检查路径是否写对"))
    return list(dict.fromkeys(found)), diags


def _documents_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and _wanted(p.relative_to(folder)) and _document(p))


def _wanted(relative: Path) -> bool:
    """Not hidden (nor inside a hidden folder), not a Word lock file, and of a format we read."""
    if any(part.startswith(".") for part in relative.parts) or relative.name.startswith("~$"):
        return False
    return relative.suffix.lower() in SUFFIXES


def _document(path: Path) -> bool:
    """Is this a document to review, rather than a file jixiao wrote or a YAML file of another kind?"""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return re.search(r"^jixiao\s*:", _head(path), re.MULTILINE) is not None  # a project file says so first
    if suffix in (".html", ".htm"):
        head = _head(path)
        return SUMMARY_MARK not in head and not re.search(r"<title>关于[《“][^<]*的复核意见</title>", head)
    if suffix == ".docx":
        return not re.search(r"关于[《“][^<]*的复核意见", _zipped(path, "word/document.xml"))
    if suffix == ".xlsx":
        core = _zipped(path, "docProps/core.xml")
        return not (f">{SUMMARY_TITLE}<" in core and f">{CREATOR}<" in core)
    return True


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""  # unreadable: kept, and the review says why


def _zipped(path: Path, member: str) -> str:
    """The beginning of one member of an Office file; empty when it is not one (the review will say)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return ""


# -- one row per document ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document reviewed, as the summary table shows it; small and picklable (from a worker)."""

    file: str  # the path as collected
    project: str = ""
    unit: str = ""
    year: str = ""
    kind: str = ""  # 报告 / 自评表 / 部门整体自评表 / 项目文件
    stated: Decimal | None = None  # the total as the document states it
    stated_grade: str = ""
    recomputed: Decimal | None = None
    recomputed_grade: str = ""
    difference: Decimal | None = None  # recomputed − stated, 2 decimals
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    top_grade: str = ""  # the most serious finding: 错误·确定 …
    top_message: str = ""
    opinion: str = ""
    unread: bool = False  # no scoring table (or project) could be read
    reason: str = ""  # the first error in reading it (or its first message): why it was not read
    taken_as_stated: int = 0  # leaves counted at the document's own score
    left: int = 0  # other indicator tables in the document, not reviewed (import-table-left)
    not_recomputed: str = ""  # why there is no recomputed total (Review.why_not_rescored)
    failed: bool = False  # an error-level finding, or not read: exit status 1
    error: str = ""  # the reader crashed: what it said
    review: dict[str, Any] = field(default_factory=dict, hash=False)  # Review.to_json()

    @property
    def recomputed_text(self) -> str:
        return NOT_RECOMPUTED if self.recomputed is None else f"{self.recomputed:.2f}"

    @property
    def tier(self) -> int:
        """0 errors, 1 warnings, 2 not (fully) read, 3 clean: the order a reviewer takes them in."""
        if self.error or self.unread or (self.failed and not self.errors):
            return 2
        return 0 if self.errors else 1 if self.warnings else 2 if self.left else 3  # a table left is not read

    def to_json(self) -> dict[str, Any]:
        extra = {"error": self.error} if self.error else {}
        return {"file": self.file, **self.review, "opinion": self.opinion, **extra}


def outcome(file: str, review: Review) -> Outcome:
    """The summary row of one review."""
    counts = {sev: sum(f.severity is sev for f in review.findings) for sev in Severity}
    stated, recomputed = _stated(review), review.rescored_total
    top = review.findings[0] if review.findings else None
    row = Outcome(
        file, *_particulars(review), stated=stated, stated_grade=_stated_grade(review),
        recomputed=recomputed, recomputed_grade=review.rescored_grade or "",
        difference=None if stated is None or recomputed is None else round_half_up(recomputed - stated),
        errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO],
        top_grade=top.grade if top else "", top_message=top.message if top else "",
        unread=_unread(review), reason=_reason(review.diagnostics),
        taken_as_stated=len(review.taken_as_stated), not_recomputed=review.why_not_rescored,
        left=sum(d.code == "import-table-left" for d in review.diagnostics),
        failed=review.failed or _unread(review), review=review.to_json())
    return replace(row, opinion=opinion(row))


def outcomes(file: str, review: Review) -> list[Outcome]:
    """The summary rows of a file: one, or one a form where it holds several (文件（第2份）…)."""
    if not review.parts:
        return [outcome(file, review)]
    # each row carries its own form's review only: the others are rows of their own
    return [outcome(f"{file}（第{k}份）", replace(r, parts=())) for k, r in enumerate(review.every, 1)]


def crashed(file: str, err: BaseException | str) -> Outcome:
    """A document the reader could not get through: a row that says so, never a stopped batch."""
    text = err if isinstance(err, str) else f"{type(err).__name__}: {err}"
    row = Outcome(file, failed=True, error=text)
    return replace(row, opinion=opinion(row))


def _particulars(review: Review) -> tuple[str, str, str, str]:
    """Project, unit, year and kind: as the document states them (a blank where it does not)."""
    if review.imported is None:
        info = review.result.project.info if review.result is not None else None
        return (info.name, info.department, str(info.year or ""), PROJECT_KIND) if info else ("", "", "", PROJECT_KIND)
    given = review.imported.report.info
    project, unit, year = (v.text if v else "" for v in (given.name, given.department, given.year))
    return project, unit, year, "" if _unread(review) else KINDS.get(review.imported.report.kind, "")


def _stated(review: Review) -> Decimal | None:
    s = review.subject
    value = (s.text_total or s.table_total) if s else None
    return value.number if value is not None else None


def _stated_grade(review: Review) -> str:
    s = review.subject
    return s.grade.text if s and s.grade else ""


def _unread(review: Review) -> bool:
    """Nothing to re-score: a total of 0 and no findings would be false reassurance."""
    return review.result is None if review.imported is None else not review.rows()


def _reason(diags: Sequence[Diagnostic]) -> str:
    """Why a document was not read: its first error, else its first message of any kind."""
    first = next((d for d in diags if d.severity is Severity.ERROR), diags[0] if diags else None)
    return first.message if first else ""


# -- the opinion in one sentence ---------------------------------------------------------------


def shorten(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# The first rule that applies gives the opinion; the wording's {fields} are those of _wording_fields.
OPINIONS: tuple[tuple[Callable[[Outcome], bool], str], ...] = (
    (lambda o: bool(o.error), "复核时程序出错（{error}），需人工复核。"),
    (lambda o: o.unread and o.kind == PROJECT_KIND, "未能读出项目文件{reason}，需人工复核。"),
    (lambda o: o.unread and bool(o.top_grade), "未能读出评分表{reason}，需人工复核；已读出的部分发现问题：{top}。"),
    (lambda o: o.unread, "未能读出评分表{reason}，需人工复核。"),
    (lambda o: o.errors > 0, "发现 {errors} 项确定错误：{top}，建议退回修改。"),
    (lambda o: o.failed, "读取文件时出错{reason}，需人工复核。"),  # an error in reading, none in the findings
    (lambda o: o.warnings > 0, "发现 {warnings} 项疑似问题：{top}，建议人工核实。"),
    (lambda o: o.left > 0, "文件中另有 {left} 张指标表未复核，需人工复核。"),
    (lambda o: o.recomputed is None, "复算总分未能得出{not_recomputed}，需人工复核。"),
    (lambda o: o.stated is None, "文件未写明总分，复算总分 {recomputed} 分，未发现问题。"),
    (lambda o: o.difference != 0, "复算总分与所报相差 {difference} 分，建议核实。"),
    (lambda o: o.taken_as_stated > 0, "复算总分与所报一致（{taken_as_stated} 个指标未能复算，按所报得分计入），未发现问题。"),
    (lambda o: True, "复算总分与所报一致，未发现问题。"),
)


def opinion(row: Outcome) -> str:
    wording = next(text for applies, text in OPINIONS if applies(row))
    return wording.format(**_wording_fields(row))


def _wording_fields(row: Outcome) -> dict[str, object]:
    return {"error": shorten(row.error, 60), "reason": f"（{shorten(row.reason)}）" if row.reason else "",
            "errors": row.errors, "warnings": row.warnings, "top": shorten(row.top_message),
            "recomputed": row.recomputed_text, "difference": signed(row.difference),
            "taken_as_stated": row.taken_as_stated, "left": row.left,
            "not_recomputed": f"（{shorten(row.not_recomputed)}）" if row.not_recomputed else ""}


def signed(value: Decimal | None) -> str:
    return "" if value is None else f"{value:+.2f}" if value else "0.00"


# -- reviewing many ----------------------------------------------------------------------------


def default_setup() -> tuple[RuleRegistry, CheckRegistry]:
    return default_registry(), default_checks()


_tools: tuple[RuleRegistry, CheckRegistry] | None = None  # a worker's registries, built once


def _start(setup: Setup) -> None:
    global _tools
    _tools = setup()


def _start_worker(setup: Setup) -> None:
    # Ctrl-C is the parent's to handle: it cancels what is queued; a worker ends its document quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start(setup)


def _review_one(path: Path, tolerance: Decimal) -> list[Outcome]:
    assert _tools is not None, "worker not started"
    rules, checks = _tools
    try:
        return outcomes(str(path), review_file(path, rules, checks, tolerance))
    except Exception as err:  # a reader bug on one document must not stop the other 999
        return [crashed(str(path), err)]


def review_many(paths: Sequence[Path], setup: Setup = default_setup, *, workers: int = 1,
                tolerance: Decimal = ZERO, progress: Progress | None = None) -> list[Outcome]:
    """Review every path, ``workers`` processes at a time (1: here, no pool); results in input order.
    ``setup`` builds the rule and check registries, once per worker; ``progress(done, total, file)``
    is called as each document is done. A file that holds several forms gives a row for each."""
    if workers <= 1 or len(paths) <= 1:
        return _in_process(paths, setup, tolerance, progress)
    results: dict[int, list[Outcome]] = {}
    queue = list(enumerate(paths))
    while queue:
        undone = _pooled(queue, setup, workers, tolerance, results, progress, len(paths))
        # A worker died (a crash, not an exception) and every document not done failed with it. The one
        # that killed it was among the first undone (workers run the queue in order, one call queued
        # ahead): each of those alone, so it takes only itself down; the rest all together again.
        suspects, queue = undone[:workers + 1], undone[workers + 1:]
        for index, path in suspects:
            if _pooled([(index, path)], setup, 1, tolerance, results, progress, len(paths)):
                results[index] = [crashed(str(path), "复核进程意外退出")]
                _tell(progress, len(results), len(paths), path)
    return [row for i in range(len(paths)) for row in results[i]]


def _in_process(paths: Sequence[Path], setup: Setup, tolerance: Decimal, progress: Progress | None) -> list[Outcome]:
    _start(setup)
    out: list[Outcome] = []
    for done, path in enumerate(paths, 1):
        out.extend(_review_one(path, tolerance))
        _tell(progress, done, len(paths), path)
    return out


def _pooled(items: list[tuple[int, Path]], setup: Setup, workers: int, tolerance: Decimal,
            results: dict[int, list[Outcome]], progress: Progress | None, total: int) -> list[tuple[int, Path]]:
    """Review ``items`` into ``results``; the items a broken pool left undone."""
    undone = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(setup,))
    futures: dict[Future[list[Outcome]], tuple[int, Path]] = {
        pool.submit(_review_one, path, tolerance): (index, path) for index, path in items}
    interrupted = False
    try:
        for future in as_completed(futures):
            index, path = futures[future]
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                undone.append((index, path))
                continue
            _tell(progress, len(results), total, path)
    except KeyboardInterrupt:
        interrupted = True  # stop after the documents in hand, not after the whole queue
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=interrupted)
    return sorted(undone)


def _tell(progress: Progress | None, done: int, total: int, path: Path) -> None:
    if progress is not None:
        progress(done, total, path.name)


# -- the summary -------------------------------------------------------------------------------


def sort_rows(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """Those that need a human first: errors (most first), warnings, unread, clean; then the
    largest difference between the stated and the recomputed total; then by file."""
    def key(o: Outcome) -> tuple[int, int, Decimal, str]:
        count = {0: o.errors, 1: o.warnings}.get(o.tier, 0)
        return o.tier, -count, -abs(o.difference or ZERO), o.file
    return sorted(outcomes, key=key)


HEADERS = ("文件", "项目名称", "单位", "年度", "类型", "所报总分", "所报等级", "复算总分", "复算等级", "差异",
           "错误", "警告", "提示", "最严重问题级别", "最严重问题", "复核意见")
NUMBER_COLUMNS = frozenset({"所报总分", "复算总分", "差异"})
COUNT_COLUMNS = frozenset({"错误", "警告", "提示"})
SHORT_COLUMNS = frozenset({"年度", "类型", "所报等级", "复算等级", "最严重问题级别"})
LONG_COLUMNS = frozenset({"最严重问题", "复核意见"})
TIER_NAMES = {0: "error", 1: "warning", 2: "unread", 3: "clean"}


def tally(outcomes: Sequence[Outcome]) -> str:
    """How many documents in each tier, in one Chinese sentence."""
    tiers = [o.tier for o in outcomes]
    return (f"共 {len(outcomes)} 份：有错误 {tiers.count(0)} 份，有警告 {tiers.count(1)} 份，"
            f"未能读出 {tiers.count(2)} 份，未发现问题 {tiers.count(3)} 份。")


def short_names(outcomes: Sequence[Outcome]) -> list[str]:
    """Each file relative to the folder all of them are in: 单位A/自评表.xlsx, not a long path."""
    parents = [os.path.abspath(Path(o.file).parent) for o in outcomes]
    try:
        root = os.path.commonpath(parents) if parents else ""
    except ValueError:  # different drives
        return [o.file for o in outcomes]
    return [os.path.relpath(os.path.abspath(o.file), root) for o in outcomes]


def cells(o: Outcome, name: str) -> tuple[object, ...]:
    """A row of the summary: numbers as Decimals (None when absent), the rest as text."""
    recomputed: object = o.recomputed if o.recomputed is not None else NOT_RECOMPUTED
    year: object = int(o.year) if o.year.isdigit() else o.year
    return (name, o.project, o.unit, year, o.kind, o.stated, o.stated_grade, recomputed, o.recomputed_grade,
            o.difference, o.errors, o.warnings, o.infos, o.top_grade, o.top_message, o.opinion)


def write_summary(outcomes: Sequence[Outcome], path: Path) -> None:
    """The summary table, one row a document, as ``.xlsx`` or ``.html``; ValueError for another suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUMMARY_SUFFIXES:
        raise ValueError(f"汇总表只能写成 .xlsx 或 .html 文件，不能写成“{path.suffix or path.name}”")
    if suffix == ".xlsx":
        _write_xlsx(outcomes, path)
    else:
        path.write_text(to_html(outcomes), encoding="utf-8")


FILLS = {0: "FDE8E8", 1: "FFF4D6", 2: "E8E8E8"}


def _write_xlsx(outcomes: Sequence[Outcome], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SUMMARY_TITLE
    book.properties.title, book.properties.creator = SUMMARY_TITLE, CREATOR
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, (o, name) in enumerate(zip(outcomes, short_names(outcomes), strict=True), start=2):
        fill = PatternFill("solid", fgColor=FILLS[o.tier]) if o.tier in FILLS else None
        for column, (header, value) in enumerate(zip(HEADERS, cells(o, name), strict=True), start=1):
            cell = sheet.cell(row, column)
            sheets.put(cell, value)  # a file named "=cmd.txt" stays text
            if header in NUMBER_COLUMNS and isinstance(value, Decimal):
                cell.number_format = "0.00"
            if fill is not None:
                cell.fill = fill
            cell.alignment = Alignment(wrap_text=header in LONG_COLUMNS, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"  # printed for the file: one page wide, the header on each
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet)
    book.save(path)


def _fit_columns(sheet: Any) -> None:
    """Widths fitted to the text (long text wrapped at 40), and row heights to the wrapped lines:
    openpyxl leaves both to the reader, and LibreOffice does not recompute them."""
    from openpyxl.utils import get_column_letter
    from rich.cells import cell_len  # counts a Chinese character as two columns, as Excel shows it

    widths = []
    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        cap = 40 if HEADERS[index - 1] in LONG_COLUMNS else 50
        widths.append(min(max(max(cell_len(_shown(v)) for v in column) + 2, 6), cap))
        sheet.column_dimensions[get_column_letter(index)].width = widths[-1]
    for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        lines = max(-(-cell_len(_shown(v)) // (w - 1)) for v, w in zip(row, widths, strict=True))
        sheet.row_dimensions[number].height = 15 * max(lines, 1)


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else str(value)


STYLE = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top}
th{background:#eef0f3;position:sticky;top:0;white-space:nowrap}td.n{text-align:right;white-space:nowrap}
td.s{white-space:nowrap}td{min-width:6em}td.n,td.s{min-width:0}
tr.error td{background:#fde8e8}tr.warning td{background:#fff4d6}tr.unread td{background:#e8e8e8}
td.long{min-width:16em;max-width:30em}"""


def to_html(outcomes: Sequence[Outcome]) -> str:
    """A self-contained page: the summary table, rows coloured by how serious they are."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
    body = [_html_row(o, name) for o, name in zip(outcomes, short_names(outcomes), strict=True)]
    return "\n".join([
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>{SUMMARY_MARK}",
        f"<title>{SUMMARY_TITLE}</title><style>{STYLE}</style></head><body>",
        f"<h1>{SUMMARY_TITLE}</h1><p>{html.escape(tally(outcomes))}</p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>", *body, "</tbody></table></body></html>", ""])


def _html_row(o: Outcome, name: str) -> str:
    tds = []
    for header, value in zip(HEADERS, cells(o, name), strict=True):
        kind = ("n" if header in NUMBER_COLUMNS | COUNT_COLUMNS else "s" if header in SHORT_COLUMNS
                else "long" if header in LONG_COLUMNS else "")
        text = signed(o.difference) if header == "差异" else _shown(value)
        tds.append(f"<td class='{kind}'>{html.escape(text)}</td>" if kind else f"<td>{html.escape(text)}</td>")
    return f"<tr class='{TIER_NAMES[o.tier]}'>{''.join(tds)}</tr>"


__all__ = ["Outcome", "collect", "crashed", "opinion", "outcome", "review_many", "short_names", "shorten", "signed",
           "sort_rows", "tally", "to_html", "write_summary"]
