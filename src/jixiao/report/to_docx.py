"""Word: the report in the layout of official documents (GB/T 9704-2012), with python-docx.

A4 with margins 37/35/28/26 mm; title in 方正小标宋简体 2号; body in 仿宋_GB2312 3号 on a fixed
28.95 pt line (225 mm of text height ÷ 22 lines), 28 characters a line and 22 lines a page (a
line grid, w:docGrid, that 3号 text keeps to, its characters set 0.25 pt closer: ``_condensing``);
headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold; page numbers "— 1 —" in 宋体 4号 at the
outer side (odd pages right, even pages left). Every font is named for all scripts, East-Asian
included (w:eastAsia, which Word and WPS read for Chinese), and declared in the font table with
its usual substitute.
Table rows never break across pages and header rows repeat on each page. A draft's mark
(``Document.draft``) stands under the title in 楷体 and in the header of every page, 黑体 4号 at
the right. A cover and a table of contents, when the document has them, make a first section of
their own without page numbers; the body's section numbers its pages from 1. The contents are a
Word TOC field whose entries are written out (linked to bookmarks on the headings), so they show
without updating the field; updating it (更新域) adds the page numbers.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from . import fonts
from .chart import png
from .context import Context
from .grid import place
from .model import FILLS, Block, Cell, Chart, Contents, Cover, Document, Entry, Heading, PageBreak, Paragraph, Signature, Table

if TYPE_CHECKING:  # python-docx is imported when a docx is written, not at CLI start-up
    from docx.document import Document as DocxDocument
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.oxml.table import CT_Tc
    from docx.oxml.text.run import CT_R
    from docx.oxml.xmlchemy import BaseOxmlElement
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
TOC_STYLES = {1: "toc 1", 2: "toc 2"}  # Word's own names: updating the field writes its entries in them
STYLE_IDS = {TABLE_STYLE: "JixiaoTable", SMALL_TABLE_STYLE: "JixiaoTableSmall", CAPTION_STYLE: "JixiaoCaption",
             FIGURE_STYLE: "JixiaoFigure", TOC_STYLES[1]: "TOC1", TOC_STYLES[2]: "TOC2"}
TOC_FIELD = ' TOC \\o "1-2" \\h \\z \\u '  # headings 1–2 and paragraphs with an outline level, as links
COVER_GAP_MM = 50  # above the cover's title, and between it and the particulars
MUTED = "808080"  # grey: a group name repeated on each of its rows
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}  # w:jc values


def render(doc: Document, context: Context) -> bytes:
    from docx import Document as new_document

    out = new_document()
    text_width_mm = LANDSCAPE_TEXT_WIDTH_MM if doc.landscape else TEXT_WIDTH_MM
    _page_setup(out, doc.landscape)
    _styles(out, _condensing(text_width_mm))
    _declare_fonts(out)
    _page_numbers(out)
    _properties(out, doc)
    if doc.draft:
        _draft_header(out, doc.draft)
    entries = doc.entries()
    writer = _Writer(out, context, text_width_mm, {e.at: f"_Toc{n}" for n, e in enumerate(entries, 1)})
    if doc.front:
        _front(writer, doc, entries)
    writer.paragraph(doc.title, "Title")
    if doc.draft:
        writer.draft_line(doc.draft)
    for at, block in enumerate(doc.blocks):
        writer.block(block, at)
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
    _line_grid(section._sectPr)


def _line_grid(sect_pr: BaseOxmlElement) -> None:
    """22 lines a page: a line grid (w:docGrid type "lines") whose pitch is the body's fixed line,
    as Word's 页面设置 › 文档网格 shows it.

    Not a grid of lines and characters (type "linesAndChars" with a negative w:charSpace), though
    that is how Word itself fits 28 characters: LibreOffice puts each 3号 character in two cells
    of a pitch below 16 pt, 14 a line (seen with LibreOffice 7.4); the 28 come from ``_condensing``."""
    from docx.oxml.ns import qn

    grid = sect_pr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def _condensing(text_width_mm: float) -> int:
    """How much closer 3号 characters are set (w:spacing, in twentieths of a point, negative) so
    that the nearest whole number of them, 28 on a portrait page, fits the text width: 28 × 16 pt
    is 448 pt, the width 442.2 pt, so each gives up 0.25 pt (0.2 would leave 27 a line). Rounded
    down, never up, so the last character stays on its line; a wider page may need nothing."""
    from docx.shared import Mm

    width: int = Mm(text_width_mm).twips  # what the margins leave, in the twips Word lays out in
    per_line = round(width / (BODY_PT * 20))
    return min(math.floor(width / per_line - BODY_PT * 20), 0)


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
                     indent: bool = True, fixed: bool = True, condense: int = 0) -> None:
    """A style's font, size and spacing. 3号 on the fixed line keeps to the line grid with its
    characters ``condense``d; any other text leaves the grid (a table's lines would each take a
    grid line) and is set solid, whatever the style it is based on."""
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
    on_grid = fixed and size == BODY_PT
    _character_spacing(style, condense if on_grid else 0)
    if not on_grid:
        _off_grid(style.element.get_or_add_pPr())


def _character_spacing(style: ParagraphStyle, twentieths: int) -> None:
    """The style's w:spacing, replacing the template's (its Title spreads its letters)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def _off_grid(p_pr: BaseOxmlElement) -> None:
    """Lines of a style or a paragraph (its w:pPr) that do not snap to the line grid (w:snapToGrid off)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p_pr.insert_element_before(snap, *PPR_AFTER_SNAP)


# What follows w:snapToGrid in w:pPr and w:spacing in w:rPr, in the schema's order.
PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                  "w:rPr", "w:sectPr", "w:pPrChange")
RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
                     "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
                     "w:oMath")


def _styles(out: DocxDocument, condense: int) -> None:
    """The styles; ``condense``: how much closer 3号 characters are set (``_condensing``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = out.styles
    _language(out)
    _paragraph_style(styles["Normal"], fonts.BODY, BODY_PT, condense=condense)
    styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    styles["Normal"].paragraph_format.widow_control = True  # no paragraph leaves one line alone on a page
    title = styles["Title"]
    _paragraph_style(title, fonts.TITLE, TITLE_PT, indent=False, fixed=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = title.paragraph_format.space_before = Pt(LINE_PT / 2)
    _drop_borders(title)
    for level, (font, bold) in HEADING_FONTS.items():
        style = styles[f"Heading {level}"]
        _paragraph_style(style, font, BODY_PT, bold=bold, condense=condense)
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
    _contents_styles(out, condense)


def _contents_styles(out: DocxDocument, condense: int) -> None:
    """目录 like the title; each entry in 仿宋 3号, a second level two characters in, dots to the
    page number at the right margin (which updating the field writes)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm, Pt

    heading = out.styles["TOC Heading"]  # Word's own, outside the outline (w:outlineLvl 9)
    _paragraph_style(heading, fonts.TITLE, TITLE_PT, indent=False, fixed=False)
    heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_after = Pt(LINE_PT / 2)
    for level, name in TOC_STYLES.items():
        style = _add_style(out, name)
        style.base_style = out.styles["Normal"]
        _paragraph_style(style, fonts.BODY, BODY_PT, indent=False, condense=condense)
        style.paragraph_format.left_indent = Pt(BODY_PT * 2 * (level - 1))
        style.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _add_style(out: DocxDocument, name: str) -> ParagraphStyle:
    """A paragraph style with a Chinese name (shown in Word) and an ASCII id (what the XML refers to).

    Added to the styles element directly: ``Styles.add_style`` first looks for the name among all
    of the template's 160-odd styles, a quarter of the time spent on styles, for names that are
    ours and added once."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.styles.style import StyleFactory

    style = cast("ParagraphStyle", StyleFactory(out.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False)))
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


def _draft_header(out: DocxDocument, mark: str) -> None:
    """A draft's mark in the header of every page (odd and even), 黑体 4号 at the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = out.sections[0]
    for header in (section.header, section.even_page_header):
        para = header.paragraphs[0]
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.paragraph_format.first_line_indent = Pt(0)
        run = para.add_run(mark)
        set_fonts(run._r, fonts.HEADING1)
        run.font.size = Pt(PAGE_NUMBER_PT)


def _bookmark(para: DocxParagraph, name: str, outline: bool) -> None:
    """A bookmark around the paragraph's text, the target of a contents entry; ``outline`` gives
    a paragraph not in a heading style (an appendix's title) Word's outline level 1 (w:outlineLvl
    0), so updating the TOC field lists it too."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    number = name.removeprefix("_Toc")
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), number)
    para._p.get_or_add_pPr().addnext(start)
    para._p.append(end)
    if outline:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "0")
        para._p.get_or_add_pPr().insert_element_before(level, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                                         "w:pPrChange")


def _page_field(para: DocxParagraph) -> None:
    from docx.shared import Pt

    for piece in ("— ", "PAGE", " —"):
        run = para.add_run()
        set_fonts(run._r, fonts.PAGE_NUMBER)
        run.font.size = Pt(PAGE_NUMBER_PT)
        if piece != "PAGE":
            run.text = piece
            continue
        _field_chars(run._r, "begin", " PAGE ", "end")


# Cover and contents ----------------------------------------------------------------------------


def _front(writer: _Writer, doc: Document, entries: Sequence[Entry]) -> None:
    """The cover, the contents on a new page, then the end of their section: the body starts on a
    new page, numbered 1."""
    if doc.cover is not None:
        writer.cover(doc.cover, doc.title, doc.draft)
    if doc.contents is not None:
        writer.contents(doc.contents, entries)
    _end_front(writer.paragraph())


def _end_front(para: DocxParagraph) -> None:
    """End the first section at ``para``: it has the body's page and headers but no footer (no
    page number), and the body's section, the document's last, numbers its pages from 1."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    body_section = para._p.getparent().get_or_add_sectPr()
    front = copy.deepcopy(body_section)
    for ref in front.findall(qn("w:footerReference")):
        front.remove(ref)
    para._p.set_sectPr(front)
    para.paragraph_format.line_spacing = Pt(1)  # the break's own line, off the grid, never pushes a page over
    _off_grid(para._p.get_or_add_pPr())
    start = OxmlElement("w:pgNumType")
    start.set(qn("w:start"), "1")
    body_section.insert_element_before(start, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                       "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings")


def _field(para: DocxParagraph, *parts: str) -> None:
    """Field characters in a run of their own (see :func:`_field_chars`)."""
    _field_chars(para.add_run()._r, *parts)


def _field_chars(run: CT_R, *parts: str) -> None:
    """Append to ``run`` field characters: ``begin``, ``separate``, ``end``, or an instruction."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for part in parts:
        if part in ("begin", "separate", "end"):
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), part)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = part
        run.append(node)


def _link(para: DocxParagraph, anchor: str, text: str) -> None:
    """``text`` as a link to the bookmark ``anchor`` (w:hyperlink w:anchor, as Word's own TOC writes)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    piece = OxmlElement("w:t")
    piece.text = text
    run.append(piece)
    link.append(run)
    para._p.append(link)


def _content_control(first: BaseOxmlElement, last: BaseOxmlElement) -> None:
    """Wrap the paragraphs ``first``..``last`` in a content control marked as a table of contents
    (w:sdt, docPartGallery), as Word keeps its own: Word and WPS treat it as one, and readers of
    the body's paragraphs (python-docx, jixiao's importer) pass over it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sdt, pr, part, content = (OxmlElement(t) for t in ("w:sdt", "w:sdtPr", "w:docPartObj", "w:sdtContent"))
    for tag, value in (("w:docPartGallery", "Table of Contents"), ("w:docPartUnique", None)):
        child = OxmlElement(tag)
        if value:
            child.set(qn("w:val"), value)
        part.append(child)
    pr.append(part)
    sdt.append(pr)
    sdt.append(content)
    first.addprevious(sdt)
    node: BaseOxmlElement | None = first
    while node is not None:
        following = node.getnext() if node is not last else None
        content.append(node)
        node = following


# Blocks ------------------------------------------------------------------------------------


class _Writer:
    """Appends blocks to one docx. Style ids are looked up once: python-docx's lookup by name
    scans every style on each call, which made it the bulk of the rendering time."""

    def __init__(self, out: DocxDocument, context: Context, text_width_mm: float,
                 anchors: Mapping[int, str]) -> None:
        self.out = out
        self.context = context
        self.text_width_mm = text_width_mm
        self.ids = {s.name: s.style_id for s in out.styles if s.name is not None}
        self.anchors = anchors  # the bookmark of each heading the contents list, by its block's index

    def paragraph(self, text: str = "", style: str = "Normal") -> DocxParagraph:
        para = self.out.add_paragraph()
        if text:
            put_text(para._p.add_r(), text)
        self.set_style(para, style)
        return para

    def set_style(self, para: DocxParagraph, style: str) -> None:
        if style != "Normal":
            para._p.style = self.ids[style]

    def block(self, block: Block, at: int) -> None:
        if isinstance(block, Heading):
            para = self.paragraph(block.text, "Title" if block.level == 0 else f"Heading {min(block.level, 4)}")
            if at in self.anchors:
                _bookmark(para, self.anchors[at], outline=block.level == 0)
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

    def draft_line(self, mark: str) -> None:
        """（征求意见稿） under a title, in 楷体."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        line = self.paragraph()
        line.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.first_line_indent = Pt(0)
        set_fonts(line.add_run(f"（{mark}）")._r, fonts.HEADING2)

    def cover(self, cover: Cover, title: str, draft: str) -> None:
        """The title a third of the way down, a draft's mark, then the particulars, their longest
        line centred and each value wrapping under the first."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        self.paragraph(title, "Title").paragraph_format.space_before = Mm(COVER_GAP_MM)
        if draft:
            self.draft_line(draft)
        left, hang = cover.indents(self.text_width_mm * 72 / 25.4 / BODY_PT)
        for n, (label, value) in enumerate(cover.lines):
            fmt = self.paragraph(f"{label}：{value}").paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent, fmt.first_line_indent = Pt(BODY_PT * (left + hang)), Pt(-BODY_PT * hang)
            if n == 0:
                fmt.space_before = Mm(COVER_GAP_MM)

    def contents(self, contents: Contents, entries: Sequence[Entry]) -> None:
        """目录 on a new page, then a TOC field whose result is the entries, each a link to its
        heading, held in a table-of-contents content control."""
        title = self.paragraph(contents.title, "TOC Heading")
        title.paragraph_format.page_break_before = True
        lines = [self.paragraph(style=TOC_STYLES[min(e.level, 2)]) for e in entries] or [self.paragraph()]
        _field(lines[0], "begin", TOC_FIELD, "separate")
        for line, entry in zip(lines, entries, strict=False):
            _link(line, self.anchors[entry.at], entry.text)
        _field(lines[-1], "end")
        _content_control(title._p, lines[-1]._p)

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.paragraph().add_run().add_break(WD_BREAK.PAGE)

    def body(self, block: Paragraph) -> None:
        from docx.shared import Pt

        para = self.paragraph()
        if block.lead:
            lead = para._p.add_r()
            lead.get_or_add_rPr().get_or_add_b()
            put_text(lead, block.lead)
        run = para._p.add_r()
        put_text(run, block.text)
        if block.label:
            set_fonts(run, fonts.HEADING1)
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
    put_text(run, content.text)


def put_text(run: CT_R, text: str) -> None:
    """``text`` into a run as python-docx's ``run.text`` writes it (a w:t, spaces kept), without
    its character-by-character pass, which only a tab or a line break needs (a w:tab, a w:br).
    Thousands of cells and paragraphs go through here."""
    if any(ch in text for ch in "\t\r\n"):
        run.text = text
    elif text:
        run.add_t(text)


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
