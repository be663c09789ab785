"""Server-rendered pages in Chinese (Jinja2, plus htmx for saving a form without a reload).

Each handler checks who is asking, calls the storage layer and renders a template; the project
page's numbers and messages all come from the core's scoring (see :mod:`jixiao.web.views`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from ..diagnostics import Diagnostic
from ..numbers import points
from ..storage import ROLES, STATUSES, Actor, Filters, Incoming, Invalid, ProjectPage, Refused, StoreError, file_name
from ..storage.access import Action, can, may_admin, may_assign, moves
from . import auth, bundles, facts_form, support
from .params import INT32, ProjectId
from .views import as_typed, typed_into, workspace

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.globals.update(ROLES=ROLES, STATUSES=STATUSES, points=points, moves=moves, can=can, Action=Action)
TEMPLATES.env.filters["beijing"] = support.beijing

router = APIRouter(include_in_schema=False)
Who = Annotated[Actor, Depends(auth.person)]
Csrf = Annotated[str, Form()]
PER_PAGE = 50


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    actor = getattr(request.state, "actor", None)
    csrf = getattr(request.state, "csrf", "")
    return TEMPLATES.TemplateResponse(request, name, {"me": actor, "csrf": csrf, **context}, status_code=status)


def error_page(request: Request, status: int, message: str, diagnostics: Sequence[Diagnostic] = ()) -> Response:
    return render(request, "error.html", status, message=message, diagnostics=diagnostics)


# -- login ------------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/projects") -> Response:
    response = HTMLResponse("")
    token = auth.login_csrf(request, response)
    page = render(request, "login.html", next=_local(next), login_csrf=token, error="")
    page.raw_headers.extend(h for h in response.raw_headers if h[0] == b"set-cookie")
    return page


def _local(target: str) -> str:
    """Only redirect within this site after logging in."""
    return target if target.startswith("/") and not target.startswith("//") else "/projects"


@router.post("/login")
async def login_submit(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
                       csrf_token: Csrf, next: Annotated[str, Form()] = "/projects") -> Response:
    """Async: the login runs on threads of its own (auth.log_in), not the request pool."""
    auth.check_login_csrf(request, csrf_token)
    try:
        login = await auth.log_in(request, username, password)
    except StoreError as err:
        return render(request, "login.html", err.status, next=_local(next), login_csrf=csrf_token,
                      error=err.message, username=username)
    response = RedirectResponse(_local(next), 303)
    auth.set_session_cookie(request, response, login.token)
    return response


@router.post("/logout")
def logout(request: Request, who: Who, csrf_token: Csrf) -> Response:
    auth.check_csrf(request, csrf_token)
    auth.store_of(request).log_out(request.cookies.get(auth.COOKIE, ""))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(auth.COOKIE)
    return response


# -- project list -----------------------------------------------------------------------------


@router.get("/")
def home() -> Response:
    return RedirectResponse("/projects", 303)


@router.get("/projects")
def project_list(request: Request, who: Who, year: str = "", department: str = "", category: str = "",
                 grade: str = "", status: str = "", name: str = "",
                 page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> Response:
    filters = Filters(int(year) if year.isdigit() and len(year) == 4 else None, department, category, grade, status, name)
    found = auth.store_of(request).projects(who, filters, max(page, 1), PER_PAGE, choices=True)
    query = {k: v for k, v in {"year": year, "department": department, "category": category, "grade": grade,
                               "status": status, "name": name}.items() if v}
    return render(request, "projects.html", found=found, filters=query, choices=found.choices,
                  frameworks=support.framework_choices(auth.store_of(request).registry), query=urlencode(query))


@router.post("/projects/new")
def project_new(request: Request, who: Who, csrf_token: Csrf, framework: Annotated[str, Form()],
                name: Annotated[str, Form()], department: Annotated[str, Form()],
                year: Annotated[int, Form(ge=1900, le=2200)], category: Annotated[str, Form()] = "") -> Response:
    auth.check_csrf(request, csrf_token)
    store = auth.store_of(request)
    text = support.from_framework(framework, name, department or who.department, year, category, store.registry)
    title = dict(support.framework_choices(store.registry)).get(framework, framework)
    row = store.create(who, [Incoming(f"新项目（{title}）", text)], "新建")[0]
    return RedirectResponse(f"/projects/{row.id}", 303)


@router.post("/projects/import")
async def project_import(request: Request, who: Who, csrf_token: Csrf, files: list[UploadFile]) -> Response:
    """Import project files (YAML) and project bundles (zip, their records with them): all or none."""
    auth.check_csrf(request, csrf_token)
    store = auth.store_of(request)
    texts = [await bundles.incoming(f) for f in files]
    rows = store.create(who, texts)
    return RedirectResponse(f"/projects/{rows[0].id}" if len(rows) == 1 else "/projects", 303)


# -- one project ------------------------------------------------------------------------------


def _page_context(request: Request, who: Actor, shown: ProjectPage, refused: Refused | None = None) -> dict[str, Any]:
    """What the project page shows: the stored version, or, after a refused save, the refused
    text with each error beside the field that caused it (nothing of it is stored)."""
    store, row = auth.store_of(request), shown.project
    ws = store.memo(("workspace", row.id, row.version),
                    lambda: workspace(row.text, shown.scoring, store.registry, file_name(row)))
    if refused is not None:
        ws = as_typed(workspace(refused.text, refused.scoring, store.registry, file_name(row)), ws)
    may_assign_here = can(who, Action.ASSIGN)
    people = shown.assignees
    return {"attachments": shown.attachments, "p": row, "ws": ws,
            "audit": shown.audit, "assigned": people.assigned,
            "evaluator_names": people.candidates if may_assign_here else [],
            "may_override": can(who, Action.OVERRIDE), "may_write": can(who, Action.WRITE, row.status),
            "may_assign": may_assign_here, "downloads": support.report_formats()}


def _project_response(request: Request, who: Actor, project_id: ProjectId, message: str = "",
                      problems: Sequence[Diagnostic] = (), ok: str = "",
                      refused: tuple[int, Refused] | None = None,
                      typed: tuple[int, Mapping[str, str]] | None = None) -> Response:
    """The project page; ``refused`` is (the version the refused edit started from, the refusal);
    ``typed`` (that version, the edits) puts back what a save refused before its text could be
    read had asked for, into the controls of the version it started from."""
    page = auth.store_of(request).page(who, project_id)  # one session for everything the page shows
    shown = refused[1] if refused is not None and refused[0] == page.project.version else None
    context = _page_context(request, who, page, shown)  # not someone's newer version
    if shown is not None:
        problems = ()  # each is shown beside its field, or among the workspace's general ones
    elif typed is not None and typed[0] == page.project.version:
        context["ws"], problems = typed_into(context["ws"], typed[1], problems)
    template = "workspace.html" if request.headers.get("HX-Request") else "project.html"
    return render(request, template, message=message, problems=problems, ok=ok, **context)


@router.get("/projects/{project_id}")
async def project_page(request: Request, who: Who, project_id: ProjectId) -> Response:
    # Async although it works without awaiting: a worker process serves its requests in turn
    # (scoring holds Python's global lock anyway), without two hand-offs to a thread and back.
    return _project_response(request, who, project_id)


@router.post("/projects/{project_id}/edit")
async def project_edit(request: Request, who: Who, project_id: ProjectId) -> Response:
    """Save a form of controls (``set:PATH``, ``rate:PATH``, a checklist's boxes: see
    :mod:`.facts_form`); answer with the re-scored workspace, or the latest data with the
    refusal explained (the person's typing is echoed in the message)."""
    form = await request.form()
    auth.check_csrf(request, str(form.get("csrf_token", "")))
    changes = facts_form.changes((str(k), v) for k, v in form.multi_items() if isinstance(v, str))
    version = int(raw) if (raw := str(form.get("version", ""))).isdigit() and int(raw) <= INT32 else 0
    store = auth.store_of(request)
    try:
        store.edit(who, project_id, version, changes, str(form.get("reason", "")))
    except Refused as err:  # the form again, as typed, each error beside its field
        message = f"{err.message}。标红的是您填写而未保存的内容；页面上的得分仍是已保存版本的得分"
        return _project_response(request, who, project_id, message, err.diagnostics, refused=(version, err))
    except StoreError as err:
        if err.status in (401, 404):
            raise
        typed = "；".join(f"{path} = {value}" for path, value in changes.items() if value)  # not the blanks
        return _project_response(request, who, project_id, f"{err.message}（您填写的内容：{typed}）", err.diagnostics,
                                 typed=(version, changes) if isinstance(err, Invalid) else None)  # not over newer data
    return _project_response(request, who, project_id, ok="已保存，得分已重新计算")


@router.post("/projects/{project_id}/status")
def project_status(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                   version: Annotated[int, Form(ge=1, le=INT32)], status: Annotated[str, Form()]) -> Response:
    auth.check_csrf(request, csrf_token)
    auth.store_of(request).set_status(who, project_id, version, status)
    return RedirectResponse(f"/projects/{project_id}", 303)


@router.post("/projects/{project_id}/assign")
def project_assign(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                   username: Annotated[str, Form()]) -> Response:
    auth.check_csrf(request, csrf_token)
    may_assign(who)
    auth.store_of(request).assign(who, project_id, username)
    return RedirectResponse(f"/projects/{project_id}", 303)


@router.get("/projects/{project_id}/file")
def project_file(request: Request, who: Who, project_id: ProjectId) -> Response:
    row = auth.store_of(request).project(who, project_id)
    return PlainTextResponse(row.text, media_type="application/yaml; charset=utf-8",
                             headers=support.attachment(f"项目{row.id}-{row.name}.yaml"))


@router.post("/projects/{project_id}/file")
async def project_file_upload(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                              version: Annotated[int, Form(ge=1, le=INT32)], file: UploadFile,
                              reason: Annotated[str, Form()] = "") -> Response:
    auth.check_csrf(request, csrf_token)
    text = await support.read_upload(file)
    auth.store_of(request).replace(who, project_id, version, text, reason)
    return RedirectResponse(f"/projects/{project_id}", 303)


@router.post("/projects/{project_id}/records")
async def project_records(request: Request, who: Who, project_id: ProjectId, csrf_token: Csrf,
                          version: Annotated[int, Form(ge=1, le=INT32)], file: UploadFile) -> Response:
    """Upload a work-records file (CSV or xlsx); the project is re-scored with it."""
    auth.check_csrf(request, csrf_token)
    content = await support.read_bytes(file)
    try:
        auth.store_of(request).attach(who, project_id, version, file.filename or "records.csv", content)
    except StoreError as err:
        if err.status in (401, 403, 404):
            raise
        return _project_response(request, who, project_id, err.message, err.diagnostics)
    return _project_response(request, who, project_id, ok=f"已上传记录文件 {file.filename}，得分已重新计算")


@router.get("/projects/{project_id}/report.{fmt}")
def project_report(request: Request, who: Who, project_id: ProjectId, fmt: str) -> Response:
    """The report as ``jixiao report`` writes it (:func:`jixiao.pipeline.render`): a project not
    complete gets the draft (征求意见稿), without a total or grade, that lists what is missing."""
    from .. import pipeline

    if fmt not in dict(support.report_formats()):
        raise Invalid(f"不支持的报告格式“{fmt}”")
    store = auth.store_of(request)
    scoring = store.scoring(store.project(who, project_id))
    rendered = pipeline.render(scoring, (fmt,))
    if rendered.refused:
        raise Invalid("项目无法计分，不能生成报告", [*scoring.diagnostics, *rendered.diagnostics])
    suffix, content = rendered.outputs[0]
    return Response(content, media_type=support.MEDIA_TYPES.get(fmt, "application/octet-stream"),
                    headers=support.attachment(f"{rendered.stem}{suffix}"))


# -- users ------------------------------------------------------------------------------------


@router.get("/admin/users")
def user_admin(request: Request, who: Who, message: str = "") -> Response:
    may_admin(who)
    everyone = auth.store_of(request).accounts()
    slowed = {u.username for u in everyone if u.locked}
    return render(request, "users.html", people=everyone, slowed=slowed, message=message)


@router.post("/admin/users")
def user_add(request: Request, who: Who, csrf_token: Csrf, username: Annotated[str, Form()],
             role: Annotated[str, Form()], password: Annotated[str, Form()],
             department: Annotated[str, Form()] = "") -> Response:
    auth.check_csrf(request, csrf_token)
    may_admin(who)
    auth.store_of(request).add_user(who, username, role, password, department, f"{username}（{ROLES.get(role, role)}）")
    return RedirectResponse("/admin/users?" + urlencode({"message": f"已添加用户 {username}"}), 303)


@router.post("/admin/users/{username}/{action}")
def user_action(request: Request, who: Who, username: str, action: str, csrf_token: Csrf) -> Response:
    auth.check_csrf(request, csrf_token)
    may_admin(who)
    auth.store_of(request).account_action(who, username, action)
    return RedirectResponse("/admin/users", 303)
