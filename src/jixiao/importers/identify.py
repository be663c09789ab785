"""What a file given as a project file is instead, told by its content (never its name).

A clerk gives ``jixiao score`` the evaluation report, the self-evaluation form or a workbook
as often as the project file. :func:`not_a_project` looks at a file that did not load as a
project and, when its content says what it is, gives the one diagnostic that says so and names
the command that reads it, in place of "not UTF-8" or "should be a mapping".
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..diagnostics import Diagnostic, Source
from . import read_document
from .form import looks_like_form

HEAD = 4096
# A project file's own top-level keys, at the start of a line: a text with them is a project
# file with a mistake in it, not some other document.
_PROJECT_KEYS = re.compile(r"^(?:project|funds|framework|goals|indicators|facts|records|evidence)\s*[:：]", re.M)
_REVIEW = "复核请用 jixiao review {file}；要转成项目文件请用 jixiao import {file}"


def not_a_project(path: Path) -> Diagnostic | None:
    """The diagnostic for a file that is plainly something else, or None when it may be a
    project file with a mistake (its own diagnostics say more then)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD)
    except OSError:
        return None  # already reported by the loader
    where = Source(str(path))
    if not head.strip():
        return Diagnostic("file-unreadable", "文件是空的", where,
                          "项目文件可用 jixiao init 文件名 --framework 指标体系 生成后填写")
    kind = _kind(path, head)
    if kind == "binary":
        return Diagnostic("file-unreadable", "不是文本文件，也不是可识别的 Word、Excel 或 PDF 文件", where,
                          "项目文件是 UTF-8 编码的 .yaml 文本文件；请确认选对了文件")
    if kind == "zip":
        return Diagnostic("file-unreadable", "这是一个压缩包，不是项目文件", where,
                          "项目包（.zip）请用 jixiao db import 导入，或解压后对其中的项目文件运行本命令")
    if kind == "text" and _PROJECT_KEYS.search(_decoded(head)):
        return None
    what = {"docx": "Word 文档", "xlsx": "Excel 工作簿", "pdf": "PDF 文件", "html": "网页文件", "text": "文本文件"}[kind]
    document = read_document(path)
    if document.blocks and looks_like_form(document):
        return Diagnostic("file-unreadable", f"这是一份绩效自评表（{what}），不是项目文件", where,
                          _REVIEW.format(file=path))
    if kind == "xlsx":
        return Diagnostic("file-unreadable", "这是一个 Excel 工作簿（如工作记录表或填报表），不是项目文件", where,
                          "工作记录表要在项目文件的 records 中引用；从网页工作台下载的填报表请在网页的项目页上传；"
                          "项目文件可用 jixiao init 生成")
    text = "".join(p.text for p in document.paragraphs[:80])
    if "评价" in text or "绩效" in text or (kind != "text" and document.tables):
        return Diagnostic("file-unreadable", f"这是一份评价报告（{what}），不是项目文件", where,
                          _REVIEW.format(file=path))
    if kind == "text":
        return None  # a text with a slip in it: the loader's own message says where
    return Diagnostic("file-unreadable", f"这是一个{what}，不是项目文件", where,
                      "评价报告或自评表" + _REVIEW.format(file=path))


def _kind(path: Path, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (OSError, zipfile.BadZipFile, ValueError):
            return "binary"
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"\x00" in head or not _decoded(head):
        return "binary"
    start = head[:1024].lower()
    if b"<html" in start or b"<!doctype html" in start or b"<table" in start:
        return "html"
    return "text"


def _decoded(head: bytes) -> str:
    """The head as text, or "" when it is not UTF-8 or GB18030 text (a cut last character is allowed)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as err:
            if err.start >= len(head) - 4 and len(head) == HEAD:
                return head[:err.start].decode(encoding, errors="ignore")
    return ""
