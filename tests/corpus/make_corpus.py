"""Write the .html and .docx versions of the corpus reports from their .txt originals.

Run after editing a .txt: ``python tests/corpus/make_corpus.py``. The conversion is independent of
jixiao's readers: lines with tabs are table rows, other lines paragraphs. In HTML, empty 一级/二级
cells below a filled one become a ``rowspan`` (as publishing systems write merged cells); in Word
they are merged cells. Repeated headers and rows split by a page stay as they are in the text.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

HERE = Path(__file__).parent
MERGED_COLUMNS = 2  # 一级 and 二级 are merged down their rows
PDF_FROM = "construction-old-community.html"  # one report also as PDF (needs weasyprint and a CJK font)


def blocks(text: str) -> list[str | list[list[str]]]:
    out: list[str | list[list[str]]] = []
    table: list[list[str]] | None = None
    for line in text.splitlines():
        if "\t" in line:
            if table is None:
                table = []
                out.append(table)
            table.append(line.split("\t"))
        elif line.strip():
            table = None
            out.append(line.strip())
    return out


def spans(rows: list[list[str]]) -> dict[tuple[int, int], int]:
    """(row, col) of a merged cell's first row → how many rows it covers. Header rows never merge,
    and a filled cell to the left (a new 一级 group, the 总分 row) ends the merge."""
    found: dict[tuple[int, int], int] = {}
    if not any("一级指标" in c for c in rows[0] + rows[min(1, len(rows) - 1)]):
        return found
    for col in range(MERGED_COLUMNS):
        start = None
        for r, row in enumerate(rows):
            if not _body(row) or any(c.strip() for c in row[:col]):
                start = None
            if not _body(row):
                continue
            if row[col].strip():
                start = r
                found[(r, col)] = 1
            elif start is not None:
                found[(start, col)] += 1
    return found


def _body(row: list[str]) -> bool:
    return not any("指标" in c and len(c) <= 6 for c in row)


def to_html(text: str, title: str) -> str:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"]
    for block in blocks(text):
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
            continue
        merged = spans(block)
        parts.append("<table border='1'>")
        for r, row in enumerate(block):
            cells = []
            for c, cell in enumerate(row):
                if c < MERGED_COLUMNS and not cell.strip() and _covered(merged, r, c):
                    continue
                span = merged.get((r, c), 1)
                attr = f" rowspan='{span}'" if span > 1 else ""
                cells.append(f"<td{attr}>{html.escape(cell) or '&nbsp;'}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _covered(merged: dict[tuple[int, int], int], r: int, c: int) -> bool:
    return any(col == c and start < r < start + n for (start, col), n in merged.items())


def to_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for block in blocks(text):
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = document.add_table(rows=len(block), cols=width)
        for r, row in enumerate(block):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
        for (start, col), n in spans(block).items():
            if n > 1:
                table.cell(start, col).merge(table.cell(start + n - 1, col))
    document.save(str(path))


def _pdf(source: Path) -> None:
    import weasyprint

    style = weasyprint.CSS(string="@page{size:A4;margin:15mm} body{font-family:'Noto Serif CJK SC',serif;font-size:9pt}"
                                  " table{border-collapse:collapse} td{border:1px solid #000;padding:2px}"
                                  " tr{page-break-inside:avoid}")
    weasyprint.HTML(filename=str(source)).write_pdf(str(source.with_suffix(".pdf")), stylesheets=[style])


def main() -> None:
    for source in sorted(HERE.glob("*.txt")):
        if source.stem.startswith("seed"):
            continue
        text = source.read_text(encoding="utf-8")
        source.with_suffix(".html").write_text(to_html(text, source.stem), encoding="utf-8")
        to_docx(text, source.with_suffix(".docx"))
        print(f"wrote {source.stem}.html, {source.stem}.docx", file=sys.stderr)
    _pdf(HERE / PDF_FROM)
    seed = HERE / "seed-yantian-it-om.txt"
    text = seed.read_text(encoding="utf-8")
    seed.with_suffix(".html").write_text(to_html(text, seed.stem), encoding="utf-8")
    to_docx(text, seed.with_suffix(".docx"))


if __name__ == "__main__":
    main()
