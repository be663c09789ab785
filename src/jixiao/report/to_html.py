"""HTML: one self-contained file (styles and the chart inline), for the screen and for printing.

The print styles follow GB/T 9704-2012 (A4, margins 37/35/28/26 mm, 3号 body on a 28.95 pt line
so a page holds 22 lines, page numbers "— 1 —" at the outer side); the PDF renderer prints this
same HTML, so the two never disagree. A draft's mark (``Document.draft``) stands under the title
and, printed, at the top right of every page. A cover and a table of contents, when the document
has them, come first on pages without page numbers (the body starts on a right-hand page, as
page 1); the contents link to the headings and, printed, give their pages (``target-counter``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from . import fonts
from .chart import svg
from .context import Context
from .grid import Placed, place
from .model import FILLS, Block, Chart, Document, Heading, PageBreak, Paragraph, Signature, Table

HEADING_TAGS = {0: "h1", 1: "h2", 2: "h3", 3: "h4", 4: "h5"}


def _style() -> str:
    body = fonts.css_stack(fonts.BODY, ("FangSong", "STFangsong", *fonts.SERIF_FALLBACKS))
    title = fonts.css_stack(fonts.TITLE, ("STZhongsong", *fonts.SERIF_FALLBACKS))
    hei = fonts.css_stack(fonts.HEADING1, ("SimHei", *fonts.SANS_FALLBACKS))
    kai = fonts.css_stack(fonts.HEADING2, ("KaiTi", "STKaiti", *fonts.SERIF_FALLBACKS))
    song = fonts.css_stack(fonts.PAGE_NUMBER, ("SimSun", *fonts.SERIF_FALLBACKS))
    return f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ margin: 37mm 26mm 35mm 28mm;
  @bottom-right {{ content: "— " counter(page) " —"; font: 14pt {song}; vertical-align: top;
                   padding-top: 7mm; padding-right: 14pt; }} }}
@page :left {{ margin: 37mm 28mm 35mm 26mm;
  @bottom-left {{ content: "— " counter(page) " —"; font: 14pt {song}; vertical-align: top;
                  padding-top: 7mm; padding-left: 14pt; }} }}
html {{ background: #eee; }}
body {{ font-family: {body}; font-size: 16pt; line-height: 28.95pt; color: #000; background: #fff;
        max-width: 156mm; margin: 0 auto; padding: 20mm 27mm; }}
h1, h2, h3, h4, h5, p {{ font-size: 16pt; font-weight: normal; margin: 0; }}
h1 {{ font-family: {title}; font-size: 22pt; line-height: 1.6; text-align: center; margin: 0 0 28.95pt; }}
h2 {{ font-family: {hei}; text-indent: 2em; }}
h3 {{ font-family: {kai}; text-indent: 2em; }}
h4 {{ font-weight: bold; text-indent: 2em; }}
h5 {{ text-indent: 2em; }}
h1, h2, h3, h4, h5 {{ break-after: avoid; }}
p {{ text-align: justify; }}
p.indent {{ text-indent: 2em; }}
p.center {{ text-align: center; }}
p.right {{ text-align: right; }}
p.label {{ font-family: {hei}; }}
.signature {{ margin-top: 57.9pt; break-inside: avoid; break-before: avoid; }}  /* two lines for the seal */
.closing {{ break-inside: avoid; }}
.signature p {{ text-align: right; }}
.caption {{ font-family: {hei}; font-size: 14pt; text-align: center; line-height: 1.8; break-after: avoid; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; margin: 4pt 0 12pt; font-size: 12pt;
         line-height: 1.4; }}
table.small {{ font-size: 9pt; line-height: 1.3; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 3pt; text-align: center; vertical-align: middle; }}
th {{ font-family: {hei}; font-weight: normal; }}
td.left {{ text-align: left; }}
td.right {{ text-align: right; }}
td.bold {{ font-weight: bold; }}
td.muted {{ color: #808080; }}
figure {{ margin: 8pt 0; text-align: center; break-inside: avoid; }}
figure svg {{ max-width: 100%; height: auto; font-family: {hei}; }}
.page-break {{ break-before: page; }}
@media print {{ html, body {{ background: none; }} body {{ padding: 0; max-width: none; }}
  p {{ text-align: left; }} }}  /* WeasyPrint justifies only at spaces, which would gape around figures */
"""


def render(doc: Document, context: Context) -> bytes:
    return html_text(doc).encode("utf-8")


def _landscape() -> str:
    """A turned page: A4 on its side, the text 243 mm wide (297 − 28 − 26)."""
    return "\n@page { size: A4 landscape; }\nbody { max-width: 243mm; }\n"


def _draft(mark: str) -> str:
    """The mark of a draft at the top right of every printed page, and its line under the title."""
    kai = fonts.css_stack(fonts.HEADING2, ("KaiTi", "STKaiti", *fonts.SERIF_FALLBACKS))
    hei = fonts.css_stack(fonts.HEADING1, ("SimHei", *fonts.SANS_FALLBACKS))
    quoted = mark.replace("\\", "\\\\").replace('"', '\\"')
    return (f'\n@page {{ @top-right {{ content: "{quoted}"; font: 14pt {hei}; vertical-align: bottom;'
            f" padding-bottom: 7mm; }} }}\n"
            f"p.draft {{ font-family: {kai}; text-align: center; margin: -14pt 0 28.95pt; }}\n")


def html_text(doc: Document) -> str:
    ids = {entry.at: _anchor(entry.at) for entry in doc.entries()}
    body = _body(doc.blocks, ids)
    style = (_style() + (_landscape() if doc.landscape else "") + (_draft(doc.draft) if doc.draft else "")
             + (_front_style() if doc.front else ""))
    mark = _draft_line(doc.draft)
    opening = ' class="opening"' if doc.front else ""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(doc.title)}</title>\n{_meta(doc)}<style>{style}</style>\n</head>\n<body>\n"
            f"{_cover(doc)}{_contents(doc)}<h1{opening}>{escape(doc.title)}</h1>\n{mark}{body}\n</body>\n</html>\n")


def _draft_line(mark: str) -> str:
    return f'<p class="draft">（{escape(mark)}）</p>\n' if mark else ""


def _anchor(at: int) -> str:
    return f"b{at}"


def _front_style() -> str:
    """The cover and the contents: pages named ``front``, without page numbers and not counted, so
    the body, which starts on a right-hand page, is page 1; an empty page put in to make it so is
    neither numbered nor counted. Printed, each line of the contents ends in dots and its page."""
    title = fonts.css_stack(fonts.TITLE, ("STZhongsong", *fonts.SERIF_FALLBACKS))
    return f"""
@page front {{ counter-reset: page 0; @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page :blank {{ counter-reset: page 0; @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
.cover, nav.contents {{ page: front; }}
.cover {{ break-after: page; }}
h1.opening {{ break-before: right; }}
.cover p {{ text-indent: 0; }}
.cover .title {{ font-family: {title}; font-size: 22pt; line-height: 1.6; text-align: center; margin: 50mm 0 0; }}
.cover .draft {{ margin: 0; }}
.particulars {{ display: table; margin: 50mm auto 0; }}  /* as wide as its longest line, centred */
.particulars p {{ text-align: left; }}
nav.contents h1 {{ margin-bottom: 14.5pt; }}
nav.contents p {{ text-align: left; }}
nav.contents .level2 {{ padding-left: 2em; }}
nav.contents a {{ color: inherit; text-decoration: none; }}
nav.contents a::after {{ content: leader(dotted) " " target-counter(attr(href url), page); }}
@media screen {{ .cover, nav.contents {{ border-bottom: 0.75pt solid #999; padding-bottom: 28.95pt;
                                        margin-bottom: 28.95pt; }} }}
"""


def _cover(doc: Document) -> str:
    """The cover: the title, a draft's mark, the particulars."""
    if doc.cover is None:
        return ""
    _, hang = doc.cover.indents(0)  # the block is centred by its width; a wrapped value stays under the first
    lines = "".join(f'<p style="padding-left:{hang:g}em;text-indent:-{hang:g}em">{escape(label)}：{escape(value)}</p>'
                    for label, value in doc.cover.lines)
    return (f'<section class="cover"><p class="title">{escape(doc.title)}</p>{_draft_line(doc.draft)}'
            f'<div class="particulars">{lines}</div></section>\n')


def _contents(doc: Document) -> str:
    """The contents: each entry a link to its heading."""
    if doc.contents is None:
        return ""
    lines = "".join(f'<p class="level{e.level}"><a href="#{_anchor(e.at)}">{escape(e.text)}</a></p>'
                    for e in doc.entries())
    return f'<nav class="contents"><h1>{escape(doc.contents.title)}</h1>{lines}</nav>\n'


def _meta(doc: Document) -> str:
    """The author and the date, which WeasyPrint writes into the PDF's metadata with the title."""
    meta = [("author", doc.author)] if doc.author else []
    meta += [("dcterms.created", doc.date.isoformat())] if doc.date else []
    return "".join(f'<meta name="{name}" content="{escape(value)}">\n' for name, value in meta)


def _body(blocks: Sequence[Block], ids: Mapping[int, str]) -> str:
    """The blocks (``ids``: the anchors of headings the contents link to, by position), the closing
    ones kept on one page: the body's last paragraph, the 附件 note and the signature (GB/T 9704: a
    signature is never alone on a page; Word does it by keep-with-next)."""
    shown = [_block(b, ids.get(i, "")) for i, b in enumerate(blocks)]
    at = next((i for i, b in enumerate(blocks) if isinstance(b, Signature)), None)
    if at is None:
        return "\n".join(shown)
    start = at
    while start > 0 and isinstance(blocks[start - 1], Paragraph) and _closing(blocks[start - 1]):
        start -= 1
    start = start - 1 if start > 0 and isinstance(blocks[start - 1], Paragraph) else start
    closing = "\n".join(shown[start:at + 1])
    return "\n".join([*shown[:start], f'<div class="closing">{closing}</div>', *shown[at + 1:]])


def _closing(block: Block) -> bool:
    """An empty line or a line of the 附件 note, between the body and the signature."""
    text = block.text if isinstance(block, Paragraph) else ""
    return not text.strip() or text.startswith(("附件：", "\u3000\u3000\u3000"))


def _block(block: Block, anchor: str = "") -> str:
    if isinstance(block, Heading):
        tag = HEADING_TAGS.get(block.level, "h5")
        attr = f' id="{anchor}"' if anchor else ""
        return f"<{tag}{attr}>{_text(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        return _paragraph(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Signature):
        return _signature(block)
    if isinstance(block, Chart):
        return f'<figure>{svg(block)}<figcaption class="caption">{escape(block.caption)}</figcaption></figure>'
    assert isinstance(block, PageBreak)
    return '<div class="page-break"></div>'


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _signature(block: Signature) -> str:
    signer, date = block.indents()
    return (f'<div class="signature"><p style="padding-right:{signer:g}em">{escape(block.shown())}</p>'
            f'<p style="padding-right:{date:g}em">{escape(block.date)}</p></div>')


def _paragraph(p: Paragraph) -> str:
    kinds = ("indent" if p.indent else "", "" if p.align == "justify" else p.align, "label" if p.label else "")
    classes = " ".join(c for c in kinds if c)
    lead = f"<strong>{escape(p.lead)}</strong>" if p.lead else ""
    attr = f' class="{classes}"' if classes else ""
    return f"<p{attr}>{lead}{_text(p.text) or '<br>'}</p>"  # an empty line keeps its height


def _table(table: Table) -> str:
    grid = place(table)
    total = sum(c.width for c in grid.columns)
    cols = "".join(f'<col style="width:{c.width * 100 / total:.1f}%">' for c in grid.columns)
    by_row: list[list[Placed]] = [[] for _ in range(grid.height)]
    for placed in grid.cells:
        by_row[placed.row].append(placed)
    head = "".join(_row(r, "th") for r in by_row[:table.header_rows])
    body = "".join(_row(r, "td") for r in by_row[table.header_rows:])
    caption = f'<p class="caption">{escape(table.caption)}</p>' if table.caption else ""
    cls = ' class="small"' if table.small else ""
    above, below = ("".join(f"<p>{_text(line)}</p>" for line in lines) for lines in (table.above, table.below))
    return (f"{caption}{above}<table{cls}><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody>"
            f"</table>{below}")


def _row(cells: list[Placed], tag: str) -> str:
    return "<tr>" + "".join(_cell(p, tag) for p in cells) + "</tr>"


def _cell(placed: Placed, tag: str) -> str:
    cell = placed.cell
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    kinds = ("" if cell.align == "center" else cell.align, "bold" if cell.bold else "", "muted" if cell.muted else "")
    classes = " ".join(c for c in kinds if c)
    if classes and tag == "td":
        attrs += f' class="{classes}"'
    if cell.fill:
        attrs += f' style="background:#{FILLS[cell.fill]}"'
    return f"<{tag}{attrs}>{_text(cell.text)}</{tag}>"
