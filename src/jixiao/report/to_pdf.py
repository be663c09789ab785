"""PDF: the HTML report printed by WeasyPrint.

Why this route: WeasyPrint is a pip package that lays out paged HTML with CSS (A4, margins, page
numbers at the outer side, table header rows repeated on every page) in a fraction of a second,
and it needs only pango and a CJK font from the system. The other route, the docx through
LibreOffice, needs a 300 MB office suite and takes seconds per report to start. Printing the HTML
also keeps the PDF and the HTML identical by construction.
"""

from __future__ import annotations

from .context import Context
from .model import Document
from .to_html import html_text


def check() -> str:
    """Why WeasyPrint cannot run here (not installed, or pango missing), or "" when it can."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: F401
    except (ImportError, OSError) as err:
        return f"无法加载 PDF 引擎 WeasyPrint：{err}"
    return ""


def render(doc: Document, context: Context) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=html_text(doc)).write_pdf()
    return pdf
