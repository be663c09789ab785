"""The JSON API under ``/api``. Each route is a storage call plus (de)serialisation; failures
use the one error shape of :mod:`jixiao.web.errors`. Changing requests need the session cookie
and the ``X-CSRF-Token`` header that ``POST /api/session`` returns."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import AfterValidator, BaseModel, Field

from ..frameworks import builtin_names
from ..limits import LIMITS
from ..numbers import points
from ..storage import Actor, Filters, Incoming, Invalid, ProjectView, UserView
from ..storage.access import may_admin, may_assign
from . import auth
from .auth import COOKIE, api_actor, set_session_cookie, store_of
from .errors import unreadable
from .params import INT32, ProjectId

ERROR_SCHEMA = {"description": "错误（统一格式）", "content": {"application/json": {"schema": {
    "type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "code", "message", "diagnostics"],
        "properties": {"status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"},
                       "diagnostics": {"type": "array", "items": {"type": "object"}}}}}}}}}
ERRORS: dict[int | str, dict[str, Any]] = {code: ERROR_SCHEMA for code in (400, 401, 403, 404, 409, 413, 422, 503)}

router = APIRouter(responses=ERRORS)


def _utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC (see storage.schema.utcnow); the API says so explicitly."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


UtcTime = Annotated[dt.datetime, AfterValidator(_utc)]
Version = Annotated[int, Field(ge=1, le=INT32, description="修改所基于的版本号；他人已保存新版本时返回 409")]
Who = Annotated[Actor, Depends(api_actor)]


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store the NUL character, and no name, note or project file has one: it
    is refused on every database alike."""
    if "\x00" in value:
        raise ValueError("含有 NUL 字符（\\0），无法保存；请删去该字符")
    return value


# Every string of a request is bounded, so no field holds a worker or the database for long.
Name = Annotated[str, Field(max_length=64), AfterValidator(_no_nul)]  # a user name, a password's length is its own
Word = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]  # a department, role, status, filter
Note = Annotated[str, Field(max_length=LIMITS.text_length), AfterValidator(_no_nul)]  # a reason, a fact value
FileText = Annotated[str, Field(max_length=LIMITS.yaml_bytes), AfterValidator(_no_nul)]  # a project file
EditPath = Annotated[str, Field(max_length=500), AfterValidator(_no_nul)]  # facts.培训次数.actual
Filter = Annotated[str, Query(max_length=200)]
MAX_CHANGES = 2000  # values in one save; the workbook of a large project has a few hundred
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


class SessionIn(BaseModel):
    username: Name
    password: str = Field(max_length=1024)


class SessionOut(BaseModel):
    username: str
    role: str
    department: str
    csrf_token: str


class ProjectSummary(BaseModel):
    id: int
    name: str
    department: str
    year: int | None
    category: str
    status: str
    total: str | None
    grade: str
    errors: int
    version: int
    updated_at: UtcTime


class ProjectList(BaseModel):
    items: list[ProjectSummary]
    count: int
    page: int
    per_page: int
    pages: int


class ProjectOut(ProjectSummary):
    text: str
    evaluators: list[str]


class ProjectIn(BaseModel):
    text: FileText = Field(description="项目文件（YAML）的全文")


class FileIn(BaseModel):
    version: Version
    text: FileText
    reason: Note = ""


class FactsPatch(BaseModel):
    version: Version
    changes: dict[EditPath, Note] = Field(max_length=MAX_CHANGES,
                                          description="路径 → 取值（YAML），如 {\"facts.培训次数.actual\": \"4\"}")
    reason: Note = Field("", description="修改理由；调整得分（override）时必填")


class StatusPatch(BaseModel):
    version: Version
    status: Word


class AssignIn(BaseModel):
    username: Name


class AuditOut(BaseModel):
    id: int
    at: UtcTime
    username: str
    action: str
    path: str
    old: str
    new: str
    reason: str


class UserIn(BaseModel):
    username: Name
    role: Word
    password: str = Field(max_length=1024)
    department: Word = ""


class UserOut(BaseModel):
    username: str
    role: str
    department: str
    active: bool
    locked: bool


def _summary(row: ProjectView) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "department": row.department, "year": row.year,
            "category": row.category, "status": row.status,
            "total": points(row.total) if row.total is not None else None, "grade": row.grade,
            "errors": row.errors, "version": row.version, "updated_at": row.updated_at}


def _full(row: ProjectView) -> ProjectOut:
    """The project as the API shows it (``row`` read or saved with its evaluators)."""
    return ProjectOut(**_summary(row), text=row.text, evaluators=list(row.evaluators))


# -- session ----------------------------------------------------------------------------------


@router.post("/session", response_model=SessionOut, summary="登录")
async def log_in(body: SessionIn, request: Request, response: Response) -> SessionOut:
    login = await auth.log_in(request, body.username, body.password)  # on the login threads
    set_session_cookie(request, response, login.token)
    a = login.actor
    return SessionOut(username=a.username, role=a.role, department=a.department, csrf_token=login.csrf_token)


@router.delete("/session", status_code=204, summary="退出登录")
def log_out(request: Request, who: Who) -> Response:
    store_of(request).log_out(request.cookies.get(COOKIE, ""))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE)
    return response


# -- projects ---------------------------------------------------------------------------------


@router.get("/projects", response_model=ProjectList, summary="项目列表（按角色可见范围、筛选、分页）")
def list_projects(request: Request, who: Who, year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                  department: Filter = "", category: Filter = "", grade: Filter = "", status: Filter = "", name: Filter = "",
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                  per_page: Annotated[int, Query(ge=1, le=500)] = 50) -> ProjectList:
    filters = Filters(year, department, category, grade, status, name)
    found = store_of(request).projects(who, filters, page, per_page)
    items = [ProjectSummary(**_summary(r)) for r in found.rows]
    return ProjectList(items=items, count=found.count, page=found.page, per_page=found.per_page, pages=found.pages)


@router.post("/projects", status_code=201, response_model=ProjectOut, summary="新建项目（请求体为项目文件内容）",
             openapi_extra={"requestBody": {"required": True, "content": {
                 # Inline: a $ref to ProjectIn would dangle, since no route declares it as its body
                 # (this one reads the body itself), and the fuzzer then sent only YAML.
                 "application/json": {"schema": ProjectIn.model_json_schema()},
                 "application/yaml": {"schema": {"type": "object", "description": "项目文件：一个 YAML 键值表"}}}}})
async def create_project(request: Request, who: Who) -> ProjectOut:
    text = await _project_text(request)
    return _full(store_of(request).create(who, [Incoming("请求体", text)], "新建")[0])


async def _project_text(request: Request) -> str:
    """The project file from the body: raw YAML, or JSON ``{"text": ...}``."""
    raw = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        decoded = raw.decode("utf-8")
        if kind in YAML_TYPES:
            return decoded
        return ProjectIn.model_validate(json.loads(decoded)).text
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        why = unreadable(err) or "请求体应为 UTF-8 编码的项目文件（YAML），或 JSON {\"text\": \"项目文件内容\"}"
        raise Invalid(why) from err


def _read(request: Request, who: Actor, project_id: int) -> ProjectView:
    return store_of(request).project(who, project_id)


@router.get("/projects/{project_id}", response_model=ProjectOut, summary="项目详情（含项目文件全文）")
def get_project(project_id: ProjectId, request: Request, who: Who) -> ProjectOut:
    return _full(store_of(request).project(who, project_id, evaluators=True))


@router.get("/projects/{project_id}/score", summary="得分（与 jixiao score --json 相同）")
def get_score(project_id: ProjectId, request: Request, who: Who) -> dict[str, Any]:
    store = store_of(request)
    scoring = store.scoring(_read(request, who, project_id))
    return scoring.to_json()


@router.get("/projects/{project_id}/file", response_class=PlainTextResponse, summary="导出项目文件（YAML）")
def get_file(project_id: ProjectId, request: Request, who: Who) -> PlainTextResponse:
    row = _read(request, who, project_id)
    return PlainTextResponse(row.text, media_type="application/yaml; charset=utf-8")


@router.put("/projects/{project_id}/file", response_model=ProjectOut, summary="用新的项目文件替换")
def put_file(project_id: ProjectId, body: FileIn, request: Request, who: Who) -> ProjectOut:
    return _full(store_of(request).replace(who, project_id, body.version, body.text, body.reason))


@router.patch("/projects/{project_id}/facts", response_model=ProjectOut, summary="修改事实、资金或绩效目标")
async def patch_facts(project_id: ProjectId, body: FactsPatch, request: Request, who: Who) -> ProjectOut:
    # Async for the reason given at pages.project_page: the hot path of the workbench.
    return _full(store_of(request).change(who, project_id, body.version, body.changes, body.reason))


@router.patch("/projects/{project_id}/status", response_model=ProjectOut, summary="修改项目状态")
def patch_status(project_id: ProjectId, body: StatusPatch, request: Request, who: Who) -> ProjectOut:
    return _full(store_of(request).set_status(who, project_id, body.version, body.status))


@router.get("/projects/{project_id}/audit", response_model=list[AuditOut], summary="审计日志")
def get_audit(project_id: ProjectId, request: Request, who: Who) -> list[AuditOut]:
    entries = store_of(request).audit(who, project_id)
    return [AuditOut.model_validate(e, from_attributes=True) for e in entries]


@router.post("/projects/{project_id}/evaluators", status_code=204, summary="指派评价人员")
def post_evaluator(project_id: ProjectId, body: AssignIn, request: Request, who: Who) -> Response:
    may_assign(who)
    store_of(request).assign(who, project_id, body.username)
    return Response(status_code=204)


@router.get("/frameworks", response_model=list[str], summary="内置指标体系")
def get_frameworks(who: Who) -> list[str]:
    return builtin_names()


# -- users ------------------------------------------------------------------------------------


def _user_out(user: UserView) -> UserOut:
    return UserOut(username=user.username, role=user.role, department=user.department, active=user.active,
                   locked=user.locked)


@router.get("/users", response_model=list[UserOut], summary="用户列表（管理员）")
def get_users(request: Request, who: Who) -> list[UserOut]:
    may_admin(who)
    return [_user_out(u) for u in store_of(request).accounts()]


@router.post("/users", status_code=201, response_model=UserOut, summary="新建用户（管理员）")
def post_user(body: UserIn, request: Request, who: Who) -> UserOut:
    may_admin(who)
    return _user_out(store_of(request).add_user(who, body.username, body.role, body.password, body.department))
