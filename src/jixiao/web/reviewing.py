"""Review an existing report from the project page (复核): the uploaded file is read in a
temporary folder by :func:`jixiao.review.review_file` and the findings are shown; nothing is
stored, neither the file nor the result."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..audit import default_checks
from ..diagnostics import Diagnostic, Source
from ..review import Review, review_file
from ..rules.base import RuleRegistry
from ..storage import projects as store_projects
from ..storage.attachments import safe_name
from . import auth, support
from .api import ProjectId
from .pages import Csrf, Who, render

# Reports only: a project file (.yaml) would be loaded with its framework path, which may name
# a file on the server.
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
MAX_NAME_BYTES = 200  # file systems refuse names over 255 bytes

router = APIRouter(include_in_schema=False)


@router.post("/projects/{project_id}/review")
async def project_review(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                         file: UploadFile) -> Response:
    auth.check_csrf(request, csrf_token)
    store = auth.store_of(request)
    with store.reading() as db:
        row = store_projects.readable(db, who, project_id)
    name = upload_name(file.filename)
    content = await support.read_bytes(file)
    refusal = _refusal(name)
    # Reading a PDF or Word file takes a while: off the event loop, so other requests go on.
    review = None if refusal else await run_in_threadpool(review_upload, name, content, store.registry)
    return render(request, "review.html", 400 if refusal else 200, p=row, file_name=name, review=review,
                  diagnostics=refusal or (review.diagnostics if review else ()))


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name without any folder, as the review's places will cite it."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    fits = safe_name(name) and len(name.encode()) <= MAX_NAME_BYTES
    return name if fits else "上传报告" + PurePosixPath(name).suffix.lower()


def _refusal(name: str) -> list[Diagnostic]:
    if PurePosixPath(name).suffix.lower() in REPORT_SUFFIXES:
        return []
    return [Diagnostic("import-unrecognized", f"“{name}”不是可以复核的评价报告", Source(name),
                       "支持 .txt、.html、.docx、.pdf 格式的评价报告")]


def review_upload(name: str, content: bytes, registry: RuleRegistry) -> Review:
    """The review of ``content`` saved under ``name`` in a folder removed right after."""
    with tempfile.TemporaryDirectory(prefix="jixiao-review-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return review_file(path, registry, default_checks())
