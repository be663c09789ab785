"""Output formats as renderers in a registry: one function per format, from one document model.

A renderer turns a :class:`~jixiao.report.model.Document` into the bytes of a file. The registry
is built by :func:`default_renderers` and passed in, never global, so a caller (the CLI, a later
web service, a test) may add or replace formats without touching this package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..registry import Registry
from .context import Context
from .model import Document

RenderFunction = Callable[[Document, Context], bytes]


def always_available() -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Renderer:
    name: str  # as given to --format
    suffix: str  # file name extension, with the dot
    title: str  # Chinese name shown to users
    render: RenderFunction
    check: Callable[[], str] = always_available  # why this format cannot be written here, or ""


class RendererRegistry(Registry[Renderer]):
    """The formats a run may write, by name, in the order they were registered."""

    @staticmethod
    def key(item: Renderer) -> str:
        return item.name

    def for_file(self, path: Path) -> Renderer | None:
        """The renderer that writes files named like ``path`` (``.htm`` is ``.html``), or None."""
        suffix = path.suffix.lower()
        suffix = ".html" if suffix == ".htm" else suffix
        return next((r for r in self if r.suffix == suffix), None)


def default_renderers() -> RendererRegistry:
    """Word, Excel, HTML and PDF. Each renderer imports its library only when it runs."""
    from . import to_docx, to_html, to_pdf, to_xlsx

    return RendererRegistry((
        Renderer("docx", ".docx", "Word 文档", to_docx.render),
        Renderer("xlsx", ".xlsx", "Excel 评分表", to_xlsx.render),
        Renderer("html", ".html", "网页", to_html.render),
        Renderer("pdf", ".pdf", "PDF 文档", to_pdf.render, to_pdf.check),
    ))


def write(doc: Document, path: Path, renderers: RendererRegistry | None = None, context: Context | None = None) -> None:
    """``doc`` written to ``path`` by the renderer of its suffix; a suffix none has is a ValueError."""
    renderer = (renderers or default_renderers()).for_file(path)
    if renderer is None:
        raise ValueError(f"no renderer writes {path.suffix!r} files")
    path.write_bytes(renderer.render(doc, context or Context.detect()))
