"""Fonts: the official names a document asks for, and a CJK font file this machine can draw with.

Word and WPS pick fonts by name, so the docx names the fonts of GB/T 9704 even where they are not
installed (the reader's office machine has them). A chart drawn into a PNG, and a PDF, need a real
font file with Chinese glyphs; :func:`find_cjk_font` asks fontconfig for one.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

TITLE = "方正小标宋简体"  # 标题：2号
BODY = "仿宋_GB2312"  # 正文：3号
HEADING1 = "黑体"  # 一级标题 一、
HEADING2 = "楷体_GB2312"  # 二级标题 （一）
PAGE_NUMBER = "宋体"  # 页码：4号

# name → (the substitute Word and WPS use when it is missing, the font's kind as w:family)
DECLARED = {
    TITLE: ("宋体", "roman"),
    BODY: ("仿宋", "roman"),
    HEADING1: ("SimHei", "swiss"),
    HEADING2: ("楷体", "roman"),
    PAGE_NUMBER: ("SimSun", "roman"),
}

# Installed fonts to draw with when the official ones are absent, best first: Song-like serif for
# body text, sans for charts. These come with Debian's fonts-noto-cjk / fonts-wqy-zenhei.
SERIF_FALLBACKS = ("Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei")
SANS_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Serif CJK SC")


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font file with Chinese glyphs; ``index`` selects the face inside a .ttc collection."""

    path: str
    index: int
    family: str


def find_cjk_font(preferred: tuple[str, ...] = SANS_FALLBACKS) -> FontFile | None:
    """The best installed font with Chinese glyphs, or None when fontconfig knows none."""
    faces = _zh_faces()
    for family in preferred:
        for face in faces:
            if face.family == family:
                return face
    return faces[0] if faces else None


def _zh_faces() -> list[FontFile]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    out = subprocess.run([fc_list, "-f", "%{file}|%{index}|%{family[0]}|%{style[0]}\n", ":lang=zh"],
                         capture_output=True, text=True, check=False).stdout
    faces = []
    for line in sorted(out.splitlines()):
        parts = line.split("|")
        if len(parts) == 4 and parts[3] in ("Regular", "Book", "Medium", "R"):
            faces.append(FontFile(parts[0], int(parts[1] or 0), parts[2]))
    return faces


def css_stack(official: str, fallbacks: tuple[str, ...] = SERIF_FALLBACKS) -> str:
    """A CSS font-family list: the official font first, then installed look-alikes."""
    names = (official, *fallbacks)
    return ", ".join(f'"{name}"' for name in names) + ", serif"
