"""Small helpers of the pages: a new project file from a framework, uploads, downloads, reports."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from fastapi import UploadFile

from ..diagnostics import Diagnostic, Source
from ..frameworks import builtin_names, load_framework
from ..limits import LIMITS
from ..rules.base import RuleRegistry
from ..storage import Invalid, utcnow
from ..storage.yamledit import apply_edits
from ..templates import project_template
from ..yamlsrc import Scalar
from .guard import megabytes

BEIJING = dt.timedelta(hours=8)


def from_framework(framework: str, name: str, department: str, year: int, category: str,
                   registry: RuleRegistry) -> str:
    """The ``jixiao init`` file for ``framework`` with the form's particulars filled in."""
    if framework not in builtin_names():
        raise Invalid(f"没有名为“{framework}”的内置指标体系；可选：{'、'.join(builtin_names())}")
    diags: list[Diagnostic] = []
    # A built-in framework is found by name; the folder argument is not consulted.
    loaded = load_framework(Scalar(framework, Source("新建项目")), Path.cwd(), registry, diags)
    if loaded is None:
        raise Invalid(f"指标体系“{framework}”无法加载", diags)
    text = project_template(loaded, framework, registry, year, samples=False)  # no sample is ever scored
    particulars = {"project.name": name, "project.department": department, "project.category": category}
    quoted = {path: _quoted(value) for path, value in particulars.items() if value.strip()}
    return apply_edits(text, quoted)[0]


def framework_choices(registry: RuleRegistry) -> list[tuple[str, str]]:
    """(code, Chinese title) of every built-in framework, for the new-project form; the code
    when a framework has no title or does not load (built-ins are built once, then cached)."""
    return [(name, _title(name, registry)) for name in builtin_names()]


def _title(name: str, registry: RuleRegistry) -> str:
    loaded = load_framework(Scalar(name, Source("新建项目")), Path.cwd(), registry, [])
    return loaded.title if loaded is not None and loaded.title else name


def _quoted(value: str) -> str:
    """A form value as a YAML string, whatever characters it holds."""
    return '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


async def read_bytes(upload: UploadFile) -> bytes:
    """One uploaded file, refused over ``LIMITS.upload_bytes`` (the guard bounds the whole form)."""
    raw = await upload.read(LIMITS.upload_bytes + 1)
    if len(raw) > LIMITS.upload_bytes:
        raise Invalid(f"{upload.filename or '上传文件'} 超过 {megabytes(LIMITS.upload_bytes)}，请拆分后上传")
    return raw


async def read_upload(upload: UploadFile) -> str:
    raw = await read_bytes(upload)
    name = upload.filename or "上传文件"
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Invalid(f"{name} 不是 UTF-8 编码的文本文件", [
            Diagnostic("file-unreadable", "文件不是 UTF-8 编码", Source(name), "请用 UTF-8 编码另存该文件")]) from err


def attachment(filename: str) -> dict[str, str]:
    """A download header that carries a Chinese file name (RFC 6266 ``filename*``)."""
    return {"Content-Disposition": f"attachment; filename=\"download\"; filename*=UTF-8''{quote(filename)}"}


def beijing(moment: dt.datetime | None) -> str:
    return (moment + BEIJING).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def now() -> dt.datetime:
    return utcnow()


@lru_cache(maxsize=1)
def report_formats() -> tuple[tuple[str, str], ...]:
    """(name, Chinese title) of every report format the report package renders (asked by every
    project page; the renderers are fixed for the life of the process)."""
    from ..report import default_renderers

    return tuple((r.name, r.title) for r in default_renderers())


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
