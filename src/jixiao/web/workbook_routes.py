"""Routes of the data-entry workbook (see :mod:`jixiao.web.workbook`): download it from the
project page or the API, upload it back. An upload applies every changed value in one
transaction, or nothing: a bad cell, a stale version or a new error of the core refuses it all."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import Response

from ..diagnostics import Diagnostic, Source
from ..limits import LIMITS
from ..storage import Actor, Invalid, ProjectView, Refused, Store, StoreError, file_name
from ..storage.access import Action, can
from ..storage.yamledit import load_data, split
from . import api, auth, pages, support, workbook
from .guard import megabytes
from .params import ProjectId
from .views import workspace

UPLOAD_NAME = "数据填报表.xlsx"
REASON = "Excel 导入"
XLSX = support.MEDIA_TYPES["xlsx"]

router = APIRouter(include_in_schema=False)
api_router = APIRouter(responses=api.ERRORS)
PageWho = Annotated[Actor, Depends(auth.person)]


def download_name(row: ProjectView) -> str:
    return f"项目{row.id}-{row.name}数据填报表.xlsx"


def _expected(store: Store, row: ProjectView, overrides: bool) -> list[workbook.Entry]:
    scoring = store.scoring(row)
    ws = store.memo(("workspace", row.id, row.version),
                    lambda: workspace(row.text, scoring, store.registry, file_name(row)))
    return workbook.entries(row.text, ws, overrides)


def workbook_bytes(store: Store, who: Actor, row: ProjectView) -> bytes:
    """The workbook ``who`` may fill in: a unit's has no score-adjustment rows."""
    info = [("项目编号", str(row.id)), ("项目名称", row.name), ("主管部门", row.department),
            ("年度", str(row.year or ""))]
    return workbook.build(_expected(store, row, can(who, Action.OVERRIDE)), info, row.version)


def import_workbook(store: Store, who: Actor, project_id: int, content: bytes, name: str) -> ProjectView:
    """Apply a filled-in workbook as one edit (reason “Excel 导入”), or refuse it whole: the edit
    passes the storage's one gate, and each refusal is named at the cell its value came from."""
    row = store.project(who, project_id)
    upload = workbook.read(content, _expected(store, row, overrides=True), name)
    try:
        return store.apply(who, project_id, upload.version, upload.edits, REASON)
    except Refused as err:
        lines = _lines(err.text, upload.cells)
        raise Invalid(f"{name} 中的取值使项目文件出现错误，没有导入任何数据",
                      [_relocated(d, lines, upload.cells, name) for d in err.diagnostics]) from err
    except Invalid as err:
        raise Invalid(err.message, [_at_cell(d, upload, name) for d in err.diagnostics]) from err


def _at_cell(d: Diagnostic, upload: workbook.Upload, name: str) -> Diagnostic:
    """A path edit's refusal, located at the cell the value came from."""
    cell = upload.cells.get(d.source.file) if d.source else None
    return Diagnostic(d.code, d.message, Source(name, cell=cell), d.hint, d.severity) if cell else d


def _relocated(d: Diagnostic, lines: dict[int, str], cells: dict[str, str], name: str) -> Diagnostic:
    """The cell whose value is on the diagnostic's line, else the first cell of the leaf it names."""
    cell = lines.get(d.source.line) if d.source and d.source.line else None
    if cell is None:
        cell = next((c for path, c in cells.items() if path.startswith("facts.") and f"“{split(path)[1]}”" in d.message), None)
    return Diagnostic(d.code, d.message, Source(name, cell=cell), d.hint, d.severity) if cell else d


def _lines(text: str, cells: dict[str, str]) -> dict[int, str]:
    """1-based line of each edited value in ``text`` → the cell it came from."""
    data = load_data(text)
    out: dict[int, str] = {}
    for path, cell in cells.items():
        line = _line_of(data, split(path))
        if line is not None:
            out.setdefault(line, cell)
    return out


def _line_of(data: Any, keys: list[str]) -> int | None:
    node = data
    for key in keys[:-1]:
        node = _child(node, key)
    last, lc = keys[-1], getattr(node, "lc", None)  # ruamel's line/column record
    try:
        position = lc.value(last) if isinstance(node, dict) else lc.item(int(last))  # type: ignore[union-attr]
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None
    return int(position[0]) + 1


def _child(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node[int(key)]
    return None


# -- pages ------------------------------------------------------------------------------------


@router.get("/projects/{project_id}/workbook.xlsx")
def page_download(request: Request, who: PageWho, project_id: ProjectId) -> Response:
    store = auth.store_of(request)
    row = store.project(who, project_id)
    return Response(workbook_bytes(store, who, row), media_type=XLSX, headers=support.attachment(download_name(row)))


@router.post("/projects/{project_id}/workbook")
async def page_upload(request: Request, who: PageWho, project_id: ProjectId,
                      csrf_token: Annotated[str, Form()], file: UploadFile) -> Response:
    auth.check_csrf(request, csrf_token)
    content = await support.read_bytes(file)
    try:
        import_workbook(auth.store_of(request), who, project_id, content, file.filename or UPLOAD_NAME)
    except StoreError as err:
        if err.status in (401, 403, 404):
            raise
        return pages._project_response(request, who, project_id, err.message, err.diagnostics)
    return pages._project_response(request, who, project_id, ok=f"已导入 {file.filename}，得分已重新计算")


# -- API --------------------------------------------------------------------------------------


@api_router.get("/projects/{project_id}/workbook", response_class=Response, summary="下载数据填报表（Excel）",
                responses={200: {"content": {XLSX: {}}}})
def api_download(project_id: ProjectId, request: Request, who: api.Who) -> Response:
    store = auth.store_of(request)
    row = store.project(who, project_id)
    return Response(workbook_bytes(store, who, row), media_type=XLSX, headers=support.attachment(download_name(row)))


@api_router.post("/projects/{project_id}/workbook", response_model=api.ProjectOut,
                 summary="上传填好的数据填报表（请求体为 xlsx 文件）",
                 openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {"schema": {
                     "type": "string", "format": "binary"}}}}})
async def api_upload(project_id: ProjectId, request: Request, who: api.Who) -> api.ProjectOut:
    content = await request.body()
    if len(content) > LIMITS.upload_bytes:
        raise Invalid(f"请求体超过 {megabytes(LIMITS.upload_bytes)}")
    return api._full(import_workbook(auth.store_of(request), who, project_id, content, UPLOAD_NAME))
