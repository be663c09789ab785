"""Review existing reports and forms from the project page (复核): each uploaded file is read in a
temporary folder by :func:`jixiao.pipeline.review` and the findings are shown, several files
under one summary table; nothing is stored, neither the files nor the results."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from .. import pipeline
from ..audit import default_checks
from ..diagnostics import Diagnostic, Source
from ..review import Review
from ..review.batch import Outcome, crashed, outcomes, sort_rows, tally
from ..rules.base import RuleRegistry
from ..storage import Invalid
from ..storage.attachments import safe_name
from . import auth, support
from .pages import Csrf, Who, render
from .params import ProjectId

# Reports and forms only: a project file (.yaml) would be loaded with its framework path, which may
# name a file on the server.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".xlsx", ".pdf")
MAX_NAME_BYTES = 200  # file systems refuse names over 255 bytes
MAX_FILES = 30  # each file is up to LIMITS.upload_bytes (and the form too: web/guard.py); a bureau's batch beyond this belongs to the CLI

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Reviewed:
    """One uploaded file on the page: its review (None when refused or crashed), its summary row."""

    number: int  # its place among the uploads, for the summary's links
    name: str
    review: Review | None
    row: Outcome
    diagnostics: tuple[Diagnostic, ...]


@router.post("/projects/{project_id}/review")
async def project_review(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                         file: list[UploadFile]) -> Response:
    auth.check_csrf(request, csrf_token)
    store = auth.store_of(request)
    row = store.project(who, project_id)
    if len(file) > MAX_FILES:
        raise Invalid(f"一次最多复核 {MAX_FILES} 个文件，请分批上传（共选择了 {len(file)} 个）")
    groups = [await _review_upload(number, upload, store.registry) for number, upload in enumerate(file, 1)]
    # a file that holds several forms is several items, numbered in turn for the summary's links
    items = [replace(item, number=k) for k, item in enumerate((i for group in groups for i in group), 1)]
    status = 400 if all(item.review is None and not item.row.error for item in items) else 200
    return render(request, "review.html", status, p=row, items=items, rows=sort_rows_of(items),
                  tally=tally([item.row for item in items]), titles=check_titles())


@lru_cache(maxsize=1)
def check_titles() -> Mapping[str, str]:
    """The Chinese title of each audit check by its code, for the findings table (the checks are
    fixed for the life of the process)."""
    return {check.code: check.title for check in default_checks()}


def sort_rows_of(items: list[Reviewed]) -> list[Reviewed]:
    """The items in the summary's order: the ones that need a human first."""
    by_row = {id(item.row): item for item in items}
    return [by_row[id(r)] for r in sort_rows(item.row for item in items)]


async def _review_upload(number: int, upload: UploadFile, registry: RuleRegistry) -> list[Reviewed]:
    name = upload_name(upload.filename)
    try:
        content = await support.read_bytes(upload)
    except Invalid as err:  # one file too large: refused alone, the others are still reviewed
        return [_refused(number, name, [Diagnostic("import-too-large", err.message, Source(name), "请拆分后上传")])]
    refusal = _refusal(name)
    if refusal:
        return [_refused(number, name, refusal)]
    try:
        # Reading a PDF or Word file takes a while: off the event loop, so other requests go on.
        review = await run_in_threadpool(review_upload, name, content, registry)
    except Exception as err:  # a reader bug on one file: that file's row says so, the page still shows
        return [Reviewed(number, name, None, crashed(name, err), ())]
    return [Reviewed(number, row.file, part, row, part.diagnostics)
            for part, row in zip(review.every, outcomes(name, review), strict=True)]


def _refused(number: int, name: str, diagnostics: list[Diagnostic]) -> Reviewed:
    row = Outcome(name, unread=True, reason=diagnostics[0].message, failed=True)
    return Reviewed(number, name, None, replace(row, opinion=f"{diagnostics[0].message}，未复核。"), tuple(diagnostics))


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name without any folder, as the review's places will cite it."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    fits = safe_name(name) and len(name.encode()) <= MAX_NAME_BYTES
    return name if fits else "上传报告" + PurePosixPath(name).suffix.lower()


def _refusal(name: str) -> list[Diagnostic]:
    if PurePosixPath(name).suffix.lower() in REPORT_SUFFIXES:
        return []
    return [Diagnostic("import-unrecognized", f"“{name}”不是可以复核的评价报告或自评表", Source(name),
                       "支持 .txt、.html、.docx、.xlsx、.pdf 格式的评价报告和自评表")]


def review_upload(name: str, content: bytes, registry: RuleRegistry) -> Review:
    """The review of ``content`` saved under ``name`` in a folder removed right after."""
    with tempfile.TemporaryDirectory(prefix="jixiao-review-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return pipeline.review(path, registry, default_checks())
