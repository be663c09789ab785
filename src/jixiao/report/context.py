"""What the renderers of one run share: the CJK font found (charts and PDFs draw with it).

In a module of its own: the registry (:mod:`.renderers`) imports each renderer (``to_docx`` …),
and a renderer imports this, never the registry, so the imports run one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import FontFile, find_cjk_font


@dataclass(frozen=True, slots=True)
class Context:
    """What renderers share in one run: the CJK font file charts and PDFs draw with (None if absent)."""

    font: FontFile | None

    @staticmethod
    def detect() -> Context:
        return Context(find_cjk_font())
