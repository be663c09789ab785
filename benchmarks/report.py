"""How fast reports are written: reports per second per format, and the docx renderer against its floor.

    python benchmarks/report.py [--rounds N]

The floor is a bare python-docx script that writes the same paragraphs and tables (text, merged
cells) with no styling, fonts, page setup or chart: what any docx written with this library costs.
Aims: one report in every format in under a second; the docx renderer within 1.5x of the floor.
Imports are warmed up first, so the figures are steady-state times (a CLI run adds imports once).
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

from jixiao import default_registry, load_project, score_project
from jixiao.report import Chart, Context, Document, Heading, Paragraph, Table, build_report, default_renderers
from jixiao.report.chart import png
from jixiao.report.grid import place

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "yantian-it-om-2023" / "project.yaml"


def best_of(rounds: int, work: Callable[[], object]) -> float:
    """The fastest of ``rounds`` runs, in seconds (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_docx(doc: Document) -> bytes:
    """The floor: the same paragraphs and tables through python-docx, nothing else."""
    from docx import Document as new_document

    out = new_document()
    out.add_paragraph(doc.title)
    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            out.add_paragraph(block.text)
        elif isinstance(block, Table):
            grid = place(block)
            table = out.add_table(rows=grid.height, cols=grid.width)
            cells = [row.cells for row in table.rows]
            for p in grid.cells:
                cells[p.row][p.col].text = p.cell.text
            for p in grid.cells:
                if p.cell.rowspan > 1 or p.cell.colspan > 1:
                    cells[p.row][p.col].merge(cells[p.last_row][p.last_col])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    registry = default_registry()
    project = load_project(EXAMPLE, registry).project
    assert project is not None
    context = Context.detect()
    renderers = default_renderers()

    def build() -> Document:
        return build_report(score_project(project, registry)).document

    doc = build()
    for renderer in renderers:  # warm up: imports, fonts, caches
        renderer.render(doc, context)
    bare_docx(doc)

    build_s = best_of(rounds, build)
    print(f"score + build the document: {build_s * 1000:7.1f} ms")
    total = build_s
    for renderer in renderers:
        seconds = best_of(rounds, lambda r=renderer: r.render(doc, context))  # type: ignore[misc]
        total += seconds
        print(f"{renderer.name:5} {seconds * 1000:7.1f} ms  {1 / seconds:6.1f} reports/s")
    print(f"all four formats, from the project: {total:.2f} s  (aim: under 1 s)")
    docx = renderers.get("docx")
    assert docx is not None
    ours = best_of(rounds, lambda: docx.render(doc, context))
    floor = best_of(rounds, lambda: bare_docx(doc))
    chart = best_of(rounds, lambda: [png(c, context.font) for c in doc.blocks if isinstance(c, Chart)])
    print(f"docx renderer {ours * 1000:.1f} ms vs bare python-docx {floor * 1000:.1f} ms: "
          f"ratio {ours / floor:.2f} (aim: at most 1.5)")
    print(f"  of which drawing the chart's PNG (the floor has no picture): {chart * 1000:.1f} ms; "
          f"ratio without it {(ours - chart) / floor:.2f}")


if __name__ == "__main__":
    main()
