"""Word: the report in the layout of official documents (GB/T 9704-2012), with python-docx.

A4 with margins 37/35/28/26 mm; title in 方正小标宋简体 2号; body in 仿宋_GB2312 3号 on a fixed
28.95 pt line (225 mm of text height ÷ 22 lines); headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold;
page numbers "— 1 —" in 宋体 4号 at the outer side (odd pages right, even pages left). Every font
is named for all scripts, East-Asian included (w:eastAsia, which Word and WPS read for Chinese),
and declared in the font table with its usual substitute.
Table rows never break across pages and header rows repeat on each page. A draft's mark
(``Document.draft``) stands under the title in 楷体 and in the header of every page, 黑体 4号 at
the right.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import fonts
from .chart import png
from .context import Context
from .grid import place
from .model import FILLS, Block, Cell, Chart, Document, Heading, PageBreak, Paragraph, Signature, Table

if TYPE_CHECKING:  # python-docx is imported when a docx is written, not at CLI start-up
    from docx.document import Document as DocxDocument
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.oxml.table import CT_Tc
    from docx.shared import Length
    from docx.styles.style import ParagraphStyle
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
PAGE_NUMBER_PT = 14.0  # 4号
TABLE_PT, SMALL_TABLE_PT = 12.0, 9.0  # 小四, 小五
LINE_PT = 28.95  # fixed line spacing: 22 lines on a 225 mm text height
TEXT_WIDTH_MM = 156  # 210 − 28 − 26
LANDSCAPE_TEXT_WIDTH_MM = 243  # 297 − 28 − 26: a turned page keeps the side margins
CHART_WIDTH_MM = 150
HEADING_FONTS = {1: (fonts.HEADING1, False), 2: (fonts.HEADING2, False), 3: (fonts.BODY, True),
                 4: (fonts.BODY, False)}
TABLE_STYLE, SMALL_TABLE_STYLE, CAPTION_STYLE, FIGURE_STYLE = "表格文字", "表格文字（小）", "表题", "插图"
STYLE_IDS = {TABLE_STYLE: "JixiaoTable", SMALL_TABLE_STYLE: "JixiaoTableSmall", CAPTION_STYLE: "JixiaoCaption",
             FIGURE_STYLE: "JixiaoFigure"}
MUTED = "808080"  # grey: a group name repeated on each of its rows
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}  # w:jc values


def render(doc: Document, context: Context) -> bytes:
    from docx import Document as new_document

    out = new_document()
    _page_setup(out, doc.landscape)
    _styles(out)
    _declare_fonts(out)
    _page_numbers(out)
    _properties(out, doc)
    writer = _Writer(out, context, LANDSCAPE_TEXT_WIDTH_MM if doc.landscape else TEXT_WIDTH_MM)
    writer.paragraph(doc.title, "Title")
    if doc.draft:
        _draft_mark(out, writer, doc.draft)
    for block in doc.blocks:
        writer.block(block)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _properties(out: DocxDocument, doc: Document) -> None:
    """The core properties Word shows under 文件 › 信息: this document's, not the template's
    (python-docx's template says its author is "python-docx" and dates itself 2013)."""
    props = out.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)  # python-docx writes naive UTC
    props.title = doc.title
    props.author = props.last_modified_by = doc.author
    props.created = props.modified = now
    props.revision = 1
    props.subject = props.keywords = props.comments = props.category = ""
    props.language = "zh-CN"


# Page, styles, page numbers --------------------------------------------------------------------


def _page_setup(out: DocxDocument, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:  # wide forms: the page turns
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(21)


def set_fonts(element: object, font: str) -> None:
    """Name ``font`` for every script of a style's or run's rPr (East-Asian included); drop theme fonts.

    Official documents set digits and Latin letters in the same font as the Chinese around them."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), font)


def _paragraph_style(style: ParagraphStyle, font: str, size: float, *, bold: bool = False,
                     indent: bool = True, fixed: bool = True) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    set_fonts(style.element, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(BODY_PT * 2) if indent else Pt(0)
    if fixed:
        fmt.line_spacing = Pt(LINE_PT)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    else:
        fmt.line_spacing = 1.0


def _styles(out: DocxDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = out.styles
    _language(out)
    _paragraph_style(styles["Normal"], fonts.BODY, BODY_PT)
    styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = styles["Title"]
    _paragraph_style(title, fonts.TITLE, TITLE_PT, indent=False, fixed=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = title.paragraph_format.space_before = Pt(LINE_PT / 2)
    _drop_borders(title)
    _drop_character_spacing(title)
    for level, (font, bold) in HEADING_FONTS.items():
        style = styles[f"Heading {level}"]
        _paragraph_style(style, font, BODY_PT, bold=bold)
        style.paragraph_format.keep_with_next = True
    for name, size in ((TABLE_STYLE, TABLE_PT), (SMALL_TABLE_STYLE, SMALL_TABLE_PT)):
        style = _add_style(out, name)
        style.base_style = styles["Normal"]
        _paragraph_style(style, fonts.BODY, size, indent=False, fixed=False)
    caption = _add_style(out, CAPTION_STYLE)
    _paragraph_style(caption, fonts.HEADING1, 14.0, indent=False)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure = _add_style(out, FIGURE_STYLE)
    _paragraph_style(figure, fonts.BODY, BODY_PT, indent=False, fixed=False)  # fixed spacing would clip it
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True


def _add_style(out: DocxDocument, name: str) -> ParagraphStyle:
    """A paragraph style with a Chinese name (shown in Word) and an ASCII id (what the XML refers to)."""
    from docx.enum.style import WD_STYLE_TYPE

    style: ParagraphStyle = out.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = STYLE_IDS[name]
    return style


def _language(out: DocxDocument) -> None:
    """Mark the default language of East-Asian text as Chinese (for line breaking and fonts)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = out.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _drop_borders(style: ParagraphStyle) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.pPr
    border = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)


def _drop_character_spacing(style: ParagraphStyle) -> None:
    """The template's Title spreads its letters; an official title is set solid."""
    from docx.oxml.ns import qn

    rpr = style.element.rPr
    spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
    if spacing is not None:
        rpr.remove(spacing)


def _declare_fonts(out: DocxDocument) -> None:
    """Declare the official fonts in the font table with their usual substitutes (w:altName), so
    where 仿宋_GB2312 is missing (a stock Windows has 仿宋 only) Word and WPS use 仿宋, not a default."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    part = next(p for p in out.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for name, (alt, family) in fonts.DECLARED.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", family), ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        table.append(font)
    part._blob = serialize_part_xml(table)


def _page_numbers(out: DocxDocument) -> None:
    """"— 1 —" in 宋体 4号, one character in from the outer edge: right on odd pages, left on even."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out.settings.odd_and_even_pages_header_footer = True
    section = out.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        para = footer.paragraphs[0]
        fmt = para.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = 1.0
        fmt.left_indent = Pt(PAGE_NUMBER_PT) if align == WD_ALIGN_PARAGRAPH.LEFT else Pt(0)
        fmt.right_indent = Pt(PAGE_NUMBER_PT) if align == WD_ALIGN_PARAGRAPH.RIGHT else Pt(0)
        _page_field(para)


def _draft_mark(out: DocxDocument, writer: _Writer, mark: str) -> None:
    """（征求意见稿） under the title, and the mark in the header of every page (odd and even)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    line = writer.paragraph()
    line.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.paragraph_format.first_line_indent = Pt(0)
    set_fonts(line.add_run(f"（{mark}）")._r, fonts.HEADING2)
    section = out.sections[0]
    for header in (section.header, section.even_page_header):
        para = header.paragraphs[0]
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.first_line_indent = Pt(0)
        run = para.add_run(mark)
        set_fonts(run._r, fonts.HEADING1)
        run.font.size = Pt(PAGE_NUMBER_PT)


def _page_field(para: DocxParagraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for piece in ("— ", "PAGE", " —"):
        run = para.add_run()
        set_fonts(run._r, fonts.PAGE_NUMBER)
        run.font.size = Pt(PAGE_NUMBER_PT)
        if piece != "PAGE":
            run.text = piece
            continue
        for kind in ("begin", None, "end"):
            node = OxmlElement("w:fldChar" if kind else "w:instrText")
            if kind:
                node.set(qn("w:fldCharType"), kind)
            else:
                node.set(qn("xml:space"), "preserve")
                node.text = " PAGE "
            run._r.append(node)


# Blocks ------------------------------------------------------------------------------------


class _Writer:
    """Appends blocks to one docx. Style ids are looked up once: python-docx's lookup by name
    scans every style on each call, which made it the bulk of the rendering time."""

    def __init__(self, out: DocxDocument, context: Context, text_width_mm: float) -> None:
        self.out = out
        self.context = context
        self.text_width_mm = text_width_mm
        self.ids = {s.name: s.style_id for s in out.styles if s.name is not None}

    def paragraph(self, text: str = "", style: str = "Normal") -> DocxParagraph:
        para = self.out.add_paragraph(text)
        self.set_style(para, style)
        return para

    def set_style(self, para: DocxParagraph, style: str) -> None:
        if style != "Normal":
            para._p.style = self.ids[style]

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, "Title" if block.level == 0 else f"Heading {min(block.level, 4)}")
        elif isinstance(block, Paragraph):
            self.body(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Signature):
            self.signature(block)
        else:
            assert isinstance(block, PageBreak)
            self.page_break()

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def body(self, block: Paragraph) -> None:
        from docx.shared import Pt

        para = self.paragraph()
        if block.lead:
            para.add_run(block.lead).bold = True
        run = para.add_run(block.text)
        if block.label:
            set_fonts(run._r, fonts.HEADING1)
        if block.align != "justify":
            para.paragraph_format.alignment = _align(block.align)
        if not block.indent:
            para.paragraph_format.first_line_indent = Pt(0)

    def signature(self, block: Signature) -> None:
        """Two empty lines for the seal, then the signer centred over the date, which stands four
        characters in from the right (GB/T 9704-2012 7.3.5.1); kept on one page with the text above."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        signer_indent, date_indent = block.indents()
        for para in self.out.paragraphs[-3:]:  # the last lines of the text (and 附件：…) go with it
            para.paragraph_format.keep_with_next = True
        for _ in range(2):
            self.paragraph().paragraph_format.keep_with_next = True
        for text, indent, last in ((block.shown(), signer_indent, False), (block.date, date_indent, True)):
            fmt = self.paragraph(text).paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.first_line_indent = Pt(0)
            fmt.right_indent = Pt(BODY_PT * indent)
            fmt.keep_with_next = not last

    def chart(self, chart: Chart) -> None:
        from docx.shared import Mm

        picture = png(chart, self.context.font)
        self.paragraph(style=FIGURE_STYLE).add_run().add_picture(io.BytesIO(picture), width=Mm(CHART_WIDTH_MM))
        self.paragraph(chart.caption, CAPTION_STYLE)

    def table(self, table: Table) -> None:
        from docx.shared import Mm

        if table.caption:
            self.paragraph(table.caption, CAPTION_STYLE).paragraph_format.keep_with_next = True
        for line in table.above:
            self.note(line).paragraph_format.keep_with_next = True
        grid = place(table)
        docx_table = self.out.add_table(rows=grid.height, cols=grid.width)
        docx_table.style = "Table Grid"
        docx_table.autofit = False
        total = sum(c.width for c in grid.columns)
        widths = [Mm(self.text_width_mm * c.width / total) for c in grid.columns]
        _column_widths(docx_table, widths)
        # The w:tc elements by grid position, taken before any merge while the grid is regular
        # (python-docx's row.cells recomputes the grid each time it is asked).
        tcs = [tr.tc_lst for tr in docx_table._tbl.tr_lst]
        style = self.ids[SMALL_TABLE_STYLE if table.small else TABLE_STYLE]
        for row in tcs:
            for c, tc in enumerate(row):
                _cell_properties(tc, widths[c])
        for placed in grid.cells:
            _cell_text(tcs[placed.row][placed.col], placed.cell, style)
            if placed.cell.fill:
                _shade(tcs[placed.row][placed.col], FILLS[placed.cell.fill])
        for placed in grid.cells:
            if placed.cell.rowspan > 1 or placed.cell.colspan > 1:
                tcs[placed.row][placed.col].merge(tcs[placed.last_row][placed.last_col])
        _row_properties(docx_table, table.header_rows)
        for line in table.below:
            self.note(line)
        self.gap()

    def note(self, text: str) -> DocxParagraph:
        """A line that goes with a table, flush left."""
        from docx.shared import Pt

        para = self.paragraph(text)
        para.paragraph_format.first_line_indent = Pt(0)
        return para

    def gap(self) -> None:
        """A short empty line after a table, so the next paragraph does not touch its border."""
        from docx.shared import Pt

        self.paragraph(style=TABLE_STYLE).paragraph_format.line_spacing = Pt(8)


# Table cells are written as XML directly: python-docx's property setters search the element's
# children on every call, and a scoring table has hundreds of cells.


def _cell_properties(tc: CT_Tc, width: Length) -> None:
    """Width (w:tcW, which Word reads) and vertical centring (w:vAlign, last in w:tcPr)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = tc.get_or_add_tcPr()
    tc_w = tc_pr.find(qn("w:tcW"))
    if tc_w is not None:
        tc_w.set(qn("w:w"), str(width.twips))
        tc_w.set(qn("w:type"), "dxa")
    v_align = OxmlElement("w:vAlign")
    v_align.set(qn("w:val"), "center")
    tc_pr.append(v_align)


def _shade(tc: CT_Tc, rgb: str) -> None:
    """A light background (w:shd), before w:vAlign as the schema orders a cell's properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", rgb)):
        shd.set(qn(attr), value)
    tc.get_or_add_tcPr().find(qn("w:vAlign")).addprevious(shd)


def _cell_text(tc: CT_Tc, content: Cell, style_id: str) -> None:
    """The cell's paragraph: style and alignment (w:pStyle before w:jc), then one run of text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    para = tc.p_lst[0]
    p_pr = OxmlElement("w:pPr")
    for tag, value in (("w:pStyle", style_id), ("w:jc", JC[content.align])):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        p_pr.append(child)
    para.insert(0, p_pr)
    run = para.add_r()
    if content.bold:
        run.get_or_add_rPr().append(OxmlElement("w:b"))
    if content.muted:  # a group name repeated on a following row
        color = OxmlElement("w:color")
        color.set(qn("w:val"), MUTED)
        run.get_or_add_rPr().append(color)
    run.text = content.text


def _align(name: str) -> WD_PARAGRAPH_ALIGNMENT:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(name, WD_ALIGN_PARAGRAPH.JUSTIFY)


def _column_widths(docx_table: DocxTable, widths: Sequence[Length]) -> None:
    """The grid's column widths: LibreOffice reads w:gridCol, Word reads each cell's w:tcW."""
    from docx.oxml.ns import qn

    for grid_col, width in zip(docx_table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width.twips))


def _row_properties(docx_table: object, header_rows: int) -> None:
    """Rows never break across pages; the header rows repeat at the top of every page."""
    from docx.oxml import OxmlElement

    for i, row in enumerate(docx_table.rows):  # type: ignore[attr-defined]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
