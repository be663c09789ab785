"""Annotated copies of a reviewed report: each finding marked where the reviewer looks.

A PDF gets a Highlight annotation over the quoted characters, with the note as its content and
popup, so any PDF viewer shows it; a Word file gets a comment anchored on the quoted runs. A note
whose quote cannot be found is listed, with its place, in one note on page 1 (PDF) or one comment
on the first paragraph with text (docx), so nothing is lost.

Quotes are matched ignoring whitespace and Unicode compatibility forms (NFKC: full-width digits,
Kangxi radicals some PDF fonts produce), searching the named cell or paragraph first, then the
named page, then everywhere; when no place holds the whole quote, the longest prefix of at least
:data:`MIN_PREFIX` characters found is marked, since findings shorten or rephrase the end of a
quote more often than its beginning.

Places are numbered as the importers number them (:mod:`jixiao.importers.read_docx`,
:mod:`jixiao.importers.read_pdf`): body paragraphs counting empty ones, tables in body order,
rows and merged grid positions as python-docx gives them, PDF tables numbered across the whole
document.

Errors :func:`annotate` raises, every message in Chinese:

- :class:`ValueError` for a suffix other than .pdf/.docx, or an output path that is the source;
- :class:`UnreadableReport` (a ``ValueError``) when the source is damaged or not what its suffix
  says;
- :class:`OSError` when the source cannot be read or the copy cannot be written;
- :class:`RuntimeError` for a .docx when python-docx is older than 1.2 (no comments API).

The source is read into memory once and never opened for writing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run
    from pdfplumber.page import Page
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject

AUTHOR = "jixiao 复核"
INITIALS = "JX"
MIN_PREFIX = 6  # characters: a shorter prefix would land on any common phrase
QUOTE_IN_SUMMARY = 60  # characters of each quote repeated in the note listing unplaced ones
YELLOW = (1.0, 0.9, 0.0)
PRINT_FLAG = 4  # highlights print, as Acrobat's own do

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Note:
    quote: str  # text to highlight, as quoted by the finding
    text: str  # the note, Chinese: e.g. "[错误·确定] 指标“成本控制率”…（建议：…）"
    page: int | None = None  # PDF: 1-based page when known
    paragraph: int | None = None  # docx: 1-based body paragraph as in “第12段”
    cell: tuple[int, int, int] | None = None  # docx (and PDF): (table, row, column), 1-based as in “表3第5行第9列”


@dataclass(frozen=True, slots=True)
class Annotated:
    path: Path
    placed: int
    unplaced: tuple[Note, ...]


class UnreadableReport(ValueError):
    """The source is damaged or not a PDF/Word file; ``str()`` is a Chinese message for the user."""


_PLACE = re.compile(r"第(\d+)页|表(\d+)第(\d+)行第(\d+)列|第(\d+)段")


def note_place(where: str) -> dict[str, object]:
    """Note keyword arguments from a place as findings print it.

    ``报告.pdf:第3页表2第5行第9列`` → page 3, cell (2, 5, 9); ``第12段`` → paragraph 12;
    ``表3第5行第9列`` → cell (3, 5, 9); ``第3页`` and ``第3页第7行`` → page 3. A file name before
    the last colon is ignored; a place not understood gives no arguments (the note is then
    searched for everywhere)."""
    out: dict[str, object] = {}
    for m in _PLACE.finditer(where.rsplit(":", 1)[-1]):
        if m[1]:
            out.setdefault("page", int(m[1]))
        elif m[2]:
            out.setdefault("cell", (int(m[2]), int(m[3]), int(m[4])))
        else:
            out.setdefault("paragraph", int(m[5]))
    return out


def annotate(source: Path, notes: Sequence[Note], out: Path) -> Annotated:
    """Write ``out``, a copy of ``source`` (.pdf or .docx) carrying ``notes``; see the module's
    docstring for how quotes are found and which exceptions are raised."""
    kind = source.suffix.lower()
    if kind not in (".pdf", ".docx"):
        raise ValueError(f"只能为 PDF 或 Word（.docx）报告生成批注副本：{source.name}")
    if out.resolve() == source.resolve():
        raise ValueError(f"批注副本不能覆盖原文件：{source.name}")
    data = source.read_bytes()  # one snapshot; the source is not touched again
    if kind == ".pdf":
        written, unplaced = _annotate_pdf(data, notes, source.name)
    else:
        written, unplaced = _annotate_docx(source, data, notes)
    out.write_bytes(written)
    return Annotated(out, len(notes) - len(unplaced), tuple(unplaced))


# --- matching, shared by both formats -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span(Generic[T]):
    """A stretch of the document as comparable characters, each with where it came from."""

    text: str  # NFKC, whitespace dropped
    items: tuple[T, ...]  # one per character of ``text``
    narrow: bool = False  # exactly the cell or paragraph the note names


def _comparable(text: str) -> Iterator[str]:
    # Character by character, so each normalized character can point back at its source.
    for char in text:
        for piece in unicodedata.normalize("NFKC", char):
            if not piece.isspace():
                yield piece


def _span(pieces: Iterable[tuple[str, T]], narrow: bool = False) -> _Span[T]:
    chars: list[str] = []
    items: list[T] = []
    for text, item in pieces:
        for piece in _comparable(text):
            chars.append(piece)
            items.append(item)
    return _Span("".join(chars), tuple(items), narrow)


def _needle(quote: str) -> str:
    # Findings mark a cut sentence with "…" (NFKC: "..."); the dots are not in the document.
    return "".join(_comparable(quote)).strip(".")


def _locate(quote: str, spans: Callable[[], Iterable[_Span[T]]]) -> tuple[T, ...] | None:
    """What the quote covers in the first span holding it whole, else the longest prefix found.

    A named cell or paragraph whose whole text is inside the quote counts as holding it: findings
    quote a cell together with its row's name (“成本控制率：2”)."""
    needle = _needle(quote)
    if not needle:
        return None
    for span in spans():
        at = span.text.find(needle)
        if at >= 0:
            return span.items[at : at + len(needle)]
        if span.narrow and span.text and span.text in needle:
            return span.items
    return _longest_prefix(needle, spans())


def _longest_prefix(needle: str, spans: Iterable[_Span[T]]) -> tuple[T, ...] | None:
    best: tuple[T, ...] = ()
    for span in spans:
        size = _prefix_size(span.text, needle, max(MIN_PREFIX, len(best) + 1))
        if size:
            at = span.text.find(needle[:size])
            best = span.items[at : at + size]
    return best or None


def _prefix_size(text: str, needle: str, least: int) -> int:
    """Length of the longest proper prefix of ``needle`` in ``text``, if at least ``least``; else 0."""
    low, high = least, len(needle) - 1
    if low > high or needle[:low] not in text:
        return 0
    while low < high:  # a prefix found means every shorter one is found too
        mid = (low + high + 1) // 2
        low, high = (mid, high) if needle[:mid] in text else (low, mid - 1)
    return low


def _place(note: Note) -> str:
    parts = [f"第{note.page}页"] if note.page else []
    if note.cell:
        parts.append("表{}第{}行第{}列".format(*note.cell))
    if note.paragraph:
        parts.append(f"第{note.paragraph}段")
    return "".join(parts) or "位置不明"


def _summary(notes: Sequence[Note]) -> str:
    lines = [f"以下 {len(notes)} 条复核意见未能在文中找到所引原文，集中列在此处："]
    for number, note in enumerate(notes, 1):
        quote = note.quote if len(note.quote) <= QUOTE_IN_SUMMARY else note.quote[:QUOTE_IN_SUMMARY] + "…"
        lines.append(f"{number}. 〔{_place(note)}〕原文“{quote}”：{note.text}")
    return "\n".join(lines)


@contextmanager
def _damaged(what: str) -> Iterator[None]:
    """Turn a library's error on a malformed file into :class:`UnreadableReport`."""
    try:
        yield
    except (UnreadableReport, OSError):
        raise
    except Exception as err:
        raise UnreadableReport(f"{what}：{type(err).__name__}") from err


# --- PDF ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Glyph:
    page: int  # 1-based
    line: int  # line number on the page, as pdfplumber orders its text
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pdfminer's rotated page space (y up)
    centre: tuple[float, float]  # in pdfplumber's space (y down), to test against table cells


@dataclass(frozen=True, slots=True)
class _Frame:
    """How pdfminer's rotated page space maps back to PDF user space, where annotations live."""

    matrix: tuple[float, float, float, float, float, float]  # pdfminer's CTM: user space → page space
    width: float
    height: float

    def user(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self.matrix
        det = a * d - b * c
        return (d * (x - e) - c * (y - f)) / det, (a * (y - f) - b * (x - e)) / det

    def clamp(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A page-space box shifted to lie on the page."""
        x0, y0, x1, y1 = box
        dx = max(0.0, -x0) - max(0.0, x1 - self.width)
        dy = max(0.0, -y0) - max(0.0, y1 - self.height)
        return x0 + dx, y0 + dy, x1 + dx, y1 + dy

    def rect(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        points = [self.user(x0, y0), self.user(x1, y1)]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)


def _frame(page: Page) -> _Frame:
    # The same matrix pdfminer's interpreter applies for /Rotate (PDFPageInterpreter.process_page).
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
    matrices = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1), 270: (0, 1, -1, 0, y1, -x0)}
    a, b, c, d, e, f = matrices.get(page.page_obj.rotate, (1, 0, 0, 1, -x0, -y0))
    return _Frame((a, b, c, d, e, f), float(page.width), float(page.height))


class _PdfText:
    """The pages' characters as spans, read once per page and only when a note needs them."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self.pages = pages
        self._text: dict[int, _Span[_Glyph]] = {}
        self._tables: dict[int, list[Any]] = {}
        self._cells: dict[int, list[_Span[_Glyph]]] = {}

    def page(self, number: int) -> _Span[_Glyph]:
        if number not in self._text:
            self._text[number] = _span(_glyphs(self.pages[number - 1], number))
        return self._text[number]

    def tables(self, number: int) -> list[Any]:
        if number not in self._tables:
            try:
                self._tables[number] = self.pages[number - 1].find_tables()
            except Exception:  # a damaged page: its text is still searched, just not by cell
                self._tables[number] = []
        return self._tables[number]

    def cells(self, number: int) -> list[_Span[_Glyph]]:
        """Every table cell on the page, in table order; kept, since unplaced notes search them all."""
        if number not in self._cells:
            self._cells[number] = [self._within(self._within(self.page(number), table.bbox), box)
                                   for table in self.tables(number) for row in table.rows for box in row.cells
                                   if box is not None]
        return self._cells[number]

    def cell(self, page: int, table: int, row: int, column: int) -> _Span[_Glyph] | None:
        """Table ``table`` counted across the document, as :mod:`jixiao.importers.read_pdf` does."""
        index = table - 1 - sum(len(self.tables(p)) for p in range(1, page))
        found = self.tables(page)
        if not 0 <= index < len(found) or not 1 <= row <= len(found[index].rows):
            return None
        boxes = found[index].rows[row - 1].cells
        box = boxes[column - 1] if 1 <= column <= len(boxes) else None
        return self._within(self.page(page), box, True) if box is not None else None

    @staticmethod
    def _within(span: _Span[_Glyph], box: tuple[float, float, float, float], narrow: bool = False) -> _Span[_Glyph]:
        # The characters whose centre is in the box, the test pdfplumber's table extraction uses.
        x0, top, x1, bottom = box
        kept = [(c, g) for c, g in zip(span.text, span.items, strict=True)
                if x0 <= g.centre[0] < x1 and top <= g.centre[1] < bottom]
        return _Span("".join(c for c, _ in kept), tuple(g for _, g in kept), narrow)


def _glyphs(page: Page, number: int) -> Iterator[tuple[str, _Glyph]]:
    try:
        tuples = page.get_textmap().tuples  # pdfplumber's reading order, the one the importer quoted from
    except Exception:  # a damaged content stream: nothing on this page can be matched
        return
    shift = float(page.mediabox[0])  # pdfplumber adds the media box's left edge back to x
    line = 0
    for text, obj in tuples:
        if text == "\n":
            line += 1
        elif obj is not None:
            x0, x1 = float(obj["x0"]), float(obj["x1"])
            box = (x0 - shift, float(obj["y0"]), x1 - shift, float(obj["y1"]))
            yield text, _Glyph(number, line, box, ((x0 + x1) / 2, (float(obj["top"]) + float(obj["bottom"])) / 2))


def _pdf_spans(text: _PdfText, note: Note) -> Iterator[_Span[_Glyph]]:
    count = len(text.pages)
    named = note.page if note.page is not None and 1 <= note.page <= count else None
    if named is not None and note.cell is not None:
        cell = text.cell(named, *note.cell)
        if cell is not None:
            yield cell
    order = [named, *(p for p in range(1, count + 1) if p != named)] if named else range(1, count + 1)
    for number in order:
        yield text.page(number)
        yield from text.cells(number)  # a wrapped cell's lines are apart in the page's text


def _annotate_pdf(data: bytes, notes: Sequence[Note], name: str) -> tuple[bytes, list[Note]]:
    import pdfplumber  # heavy: only when a PDF is annotated
    from pypdf import PdfReader, PdfWriter

    from ..importers.read_pdf import MAX_PAGES

    problem = f"不是有效的 PDF 文件，无法生成批注副本（{name}）"
    with _damaged(problem):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableReport(f"PDF 文件已加密，无法生成批注副本（{name}）")
        writer = PdfWriter(clone_from=reader)
        plumber = pdfplumber.open(io.BytesIO(data))
    with plumber, _damaged(problem):
        pages = plumber.pages[: min(MAX_PAGES, len(writer.pages))]
        if not pages:
            raise UnreadableReport(f"PDF 文件中没有页面（{name}）")
        text = _PdfText(pages)
        unplaced = []
        for note in notes:
            glyphs = _locate(note.quote, partial(_pdf_spans, text, note))
            if glyphs:
                _highlight(writer, _frame(pages[glyphs[0].page - 1]), glyphs, note.text)
            else:
                unplaced.append(note)
        if unplaced:
            _pin(writer, _frame(pages[0]), _summary(unplaced))
        buffer = io.BytesIO()
        writer.write(buffer)
    return buffer.getvalue(), unplaced


def _lines(glyphs: Sequence[_Glyph]) -> list[tuple[float, float, float, float]]:
    """One box per line the quote runs over, in page space."""
    boxes: dict[int, tuple[float, float, float, float]] = {}
    for g in glyphs:
        x0, y0, x1, y1 = boxes.get(g.line, g.box)
        boxes[g.line] = (min(x0, g.box[0]), min(y0, g.box[1]), max(x1, g.box[2]), max(y1, g.box[3]))
    return list(boxes.values())


def _highlight(writer: PdfWriter, frame: _Frame, glyphs: Sequence[_Glyph], note: str) -> None:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    quads: list[float] = []
    for x0, y0, x1, y1 in _lines(glyphs):
        # Upper left, upper right, lower left, lower right of the text, as viewers expect.
        for x, y in ((x0, y1), (x1, y1), (x0, y0), (x1, y0)):
            quads.extend(frame.user(x, y))
    xs, ys = quads[0::2], quads[1::2]
    annot = _annotation("/Highlight", (min(xs), min(ys), max(xs), max(ys)), note)
    annot[NameObject("/QuadPoints")] = ArrayObject(FloatObject(round(v, 2)) for v in quads)
    _add(writer, glyphs[0].page - 1, annot, frame, _beside(frame, _lines(glyphs)[-1]), False)


def _beside(frame: _Frame, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Where the popup opens: right of and below the quote's last line, on the page."""
    x1, y0 = box[2], box[1]
    return frame.clamp((x1 + 6, y0 - 120, x1 + 246, y0))


def _pin(writer: PdfWriter, frame: _Frame, summary: str) -> None:
    """A sticky note at the top left of page 1, its popup open, listing the notes not placed."""
    from pypdf.generic import BooleanObject, NameObject

    top = frame.height
    annot = _annotation("/Text", frame.rect((18, top - 38, 38, top - 18)), summary)
    annot[NameObject("/Name")] = NameObject("/Comment")
    annot[NameObject("/Open")] = BooleanObject(True)
    _add(writer, 0, annot, frame, frame.clamp((44, top - 260, 344, top - 18)), True)


def _annotation(subtype: str, rect: tuple[float, float, float, float], contents: str) -> DictionaryObject:
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    now = dt.datetime.now(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in rect),
        NameObject("/Contents"): TextStringObject(contents),
        NameObject("/T"): TextStringObject(AUTHOR),
        NameObject("/M"): TextStringObject(now),
        NameObject("/C"): ArrayObject(FloatObject(v) for v in YELLOW),
        NameObject("/F"): NumberObject(PRINT_FLAG),
    })


def _add(writer: PdfWriter, index: int, annot: DictionaryObject, frame: _Frame,
         popup_box: tuple[float, float, float, float], open_: bool) -> None:
    """The annotation and its popup, linked both ways (viewers differ in which link they follow)."""
    from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject, FloatObject, NameObject

    added = writer.add_annotation(index, annot)
    popup = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Popup"),
        NameObject("/Rect"): ArrayObject(FloatObject(round(v, 2)) for v in frame.rect(popup_box)),
        NameObject("/Parent"): added.indirect_reference,
        NameObject("/Open"): BooleanObject(open_),
    })
    added[NameObject("/Popup")] = writer.add_annotation(index, popup).indirect_reference


# --- Word -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _At:
    run: Run
    offset: int  # in ``run.text``
    paragraph: Paragraph


class _Body:
    """The body's paragraphs and tables, numbered as :mod:`jixiao.importers.read_docx` numbers them."""

    def __init__(self, document: DocxDocument) -> None:
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        self.document = document
        self.paragraphs: list[Paragraph] = []
        self.tables: list[Table] = []
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                self.paragraphs.append(Paragraph(element, document))
            elif tag == "tbl":
                self.tables.append(Table(element, document))

    def paragraph(self, number: int) -> Paragraph | None:
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None

    def cell(self, table: int, row: int, column: int) -> _Cell | None:
        if not 1 <= table <= len(self.tables):
            return None
        rows = self.tables[table - 1].rows
        cells = rows[row - 1].cells if 1 <= row <= len(rows) else ()
        return cells[column - 1] if 1 <= column <= len(cells) else None

    def cells(self) -> Iterator[_Cell]:
        seen: dict[int, object] = {}  # holding each element keeps its id from being reused
        for table in self.tables:
            for row in table.rows:
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell comes back at every grid position
                        seen[id(cell._tc)] = cell._tc
                        yield cell


def _runs(paragraph: Paragraph) -> Iterator[Run]:
    # The runs paragraph.text is made of, hyperlinks' included, so offsets match the imported text.
    from docx.text.run import Run

    for item in paragraph.iter_inner_content():
        if isinstance(item, Run):
            yield item
        else:
            yield from item.runs


def _docx_span(paragraphs: Iterable[Paragraph], narrow: bool = False) -> _Span[_At]:
    pieces = ((char, _At(run, i, p)) for p in paragraphs for run in _runs(p) for i, char in enumerate(run.text))
    return _span(pieces, narrow)


def _docx_spans(body: _Body, note: Note) -> Iterator[_Span[_At]]:
    # Built afresh for each note: anchoring an earlier note splits runs.
    cell = body.cell(*note.cell) if note.cell else None
    if cell is not None:
        yield _docx_span(cell.paragraphs, True)
    paragraph = body.paragraph(note.paragraph) if note.paragraph else None
    if paragraph is not None:
        yield _docx_span([paragraph], True)
    for p in body.paragraphs:
        yield _docx_span([p])
    for c in body.cells():
        yield _docx_span(c.paragraphs)


def _annotate_docx(source: Path, data: bytes, notes: Sequence[Note]) -> tuple[bytes, list[Note]]:
    import docx  # heavy: only when a Word file is annotated
    from docx.document import Document

    from ..importers.read_docx import _zip_problem

    if not hasattr(Document, "add_comment"):  # checked here, or it would pass for a damaged file
        raise RuntimeError("写 Word 批注需要 python-docx 1.2 或更高版本，请升级：pip install -U python-docx")
    problem = _zip_problem(source)  # refuses a zip bomb before anything is unpacked
    if problem is not None:
        raise UnreadableReport(f"{problem}（{source.name}）")
    with _damaged(f"不是有效的 Word（.docx）文件，无法生成批注副本（{source.name}）"):
        document = docx.Document(io.BytesIO(data))
        body = _Body(document)
        unplaced = []
        for note in notes:
            found = _locate(note.quote, partial(_docx_spans, body, note))
            if found:
                document.add_comment(list(_narrowed(found[0], found[-1])), text=note.text, author=AUTHOR, initials=INITIALS)
            else:
                unplaced.append(note)
        if unplaced:
            document.add_comment(_first_runs(body), text=_summary(unplaced), author=AUTHOR, initials=INITIALS)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue(), unplaced


_SPLITTABLE = {"rPr", "t", "tab", "br", "cr", "lastRenderedPageBreak"}


def _plain(run: Run) -> bool:
    """Whether setting the run's text back loses nothing: text, tabs and line breaks only."""
    from docx.oxml.ns import qn

    for child in run.element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag not in _SPLITTABLE or (tag == "br" and child.get(qn("w:type"), "textWrapping") != "textWrapping"):
            return False
    return True


def _split(at: _At, offset: int) -> Run:
    """Cut ``at.run`` before ``offset``: it keeps the head; the returned new run, just after it, the rest."""
    from docx.text.run import Run

    text = at.run.text
    tail = copy.deepcopy(at.run.element)  # same formatting
    at.run.element.addnext(tail)
    at.run.text = text[:offset]
    new = Run(tail, at.paragraph)
    new.text = text[offset:]
    return new


def _narrowed(first: _At, last: _At) -> tuple[Run, Run]:
    """The first and last run of the quote, split off their neighbours where that loses nothing.

    A run holding a field, drawing or page break is kept whole, so the comment then covers a little
    more than the quote."""
    start, end = first.run, last.run
    if last.offset + 1 < len(end.text) and _plain(end):
        _split(last, last.offset + 1)  # the end is cut first: it may be the start's run
    if first.offset > 0 and _plain(start):
        tail = _split(first, first.offset)
        end = tail if end.element is start.element else end
        start = tail
    return start, end


def _first_runs(body: _Body) -> list[Run]:
    """The runs of the first paragraph with text (the title, as a rule), for the unplaced notes."""
    for paragraph in [*body.paragraphs, *(p for c in body.cells() for p in c.paragraphs)]:
        runs = [r for r in _runs(paragraph) if r.text.strip()]
        if runs:
            return runs
    paragraph = body.paragraphs[0] if body.paragraphs else body.document.add_paragraph()
    return [paragraph.add_run("")]


__all__ = ["Annotated", "Note", "UnreadableReport", "annotate", "note_place"]
