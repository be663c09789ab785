"""Reports: the evaluation report built as one format-neutral document, rendered per format.

``build_report(result)`` → :class:`Built` (a :class:`Document` and warnings); a renderer from
``default_renderers()`` turns the document into the bytes of a docx, xlsx, html or pdf file.
Names are loaded on first use, so registering ``jixiao report`` costs the CLI's start-up nothing.
See the report rows of ``src/jixiao/docs.md`` for what each module owns.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import Built, build_report
    from .context import Context
    from .model import Bar, Block, Cell, Chart, Column, Contents, Cover, Document, Heading, PageBreak, Paragraph, Sum, Table
    from .renderers import Renderer, RendererRegistry, default_renderers

_HOMES = {
    "Built": "build", "build_report": "build",
    "Bar": "model", "Block": "model", "Cell": "model", "Chart": "model", "Column": "model", "Contents": "model",
    "Cover": "model", "Document": "model", "Heading": "model", "PageBreak": "model", "Paragraph": "model", "Sum": "model", "Table": "model",
    "Context": "context", "Renderer": "renderers", "RendererRegistry": "renderers", "default_renderers": "renderers",
}

__all__ = [
    "Bar", "Block", "Built", "Cell", "Chart", "Column", "Contents", "Context", "Cover", "Document", "Heading",
    "PageBreak", "Paragraph", "Renderer", "RendererRegistry", "Sum", "Table", "build_report", "default_renderers",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)
