"""The API documentation (接口说明) for administrators: FastAPI's own Swagger UI page, with its
script and style sheet vendored under ``/static`` (swagger-ui-dist, taken with ``npm pack
swagger-ui-dist@5``; Apache-2.0, its licences beside it), so it works without the internet.

The page starts Swagger UI with one inline script, which the workbench's Content-Security-Policy
refuses. This page alone sends the policy with that script's hash added (``'sha256-…'``): nothing
else inline may run, here or anywhere. Swagger UI sends only GET requests from the page: a changing
request needs the CSRF header, which the page has no way to add.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from ..storage import Actor, Forbidden
from ..storage.access import Action, can
from . import auth
from .guard import content_security_policy

PATH = "/admin/api"
TITLE = "接口说明 · jixiao 绩效评价工作台"
SWAGGER_VERSION = "5.35.0"  # of the vendored static/swagger-ui-bundle.js and static/swagger-ui.css
SETTINGS = {
    "validatorUrl": None,  # no badge from validator.swagger.io: it would send the schema's address out
    "supportedSubmitMethods": ["get"],  # see the module's docstring
    "defaultModelsExpandDepth": -1,  # the schemas are shown with each operation already
}
# Swagger UI groups operations by tag, "default" for none: each route's group, by its path.
TAGS = (("/api/session", "登录与退出"), ("/api/projects", "项目"), ("/api/users", "用户（管理员）"),
        ("/api/frameworks", "指标体系"))
OTHER = "其他"
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# The schema's description, which the page shows first (Markdown).
DESCRIPTION = """\
绩效评价工作台的 JSON 接口，与网页使用同一套权限：每个角色只能看到、修改网页上允许的项目。

- **登录**：`POST /api/session`，请求体为 `{"username", "password"}`；返回的 `csrf_token` 用于之后的修改请求，
  会话保存在 Cookie 中（8 小时）。
- **修改类请求**（POST、PUT、PATCH、DELETE）须带请求头 `X-CSRF-Token`。本页只能试用查询（GET）接口。
- **出错时**一律返回 `{"error": {"status", "code", "message", "diagnostics"}}`：未登录 401、无权限 403、
  他人已修改 409；`diagnostics` 列出每个问题所在的行号或单元格。
- 机器可读的接口定义：[/api/openapi.json](/api/openapi.json)。[返回工作台](/projects)
"""

router = APIRouter(include_in_schema=False)
Who = Annotated[Actor, Depends(auth.person)]


def tag_operations(app: FastAPI) -> None:
    """Give each operation of ``app``'s schema the Chinese name of its group (:data:`TAGS`)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            used = []
            for path, operations in schema.get("paths", {}).items():
                tag = next((name for prefix, name in TAGS if path.startswith(prefix)), OTHER)
                for operation in operations.values():
                    used.extend(operation.setdefault("tags", [tag]))
            schema["tags"] = [{"name": name} for name in (*(n for _, n in TAGS), OTHER) if name in used]
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to change the schema


@router.get(PATH)
def api_docs(request: Request, who: Who) -> Response:
    if not can(who, Action.MANAGE_USERS):
        raise Forbidden("只有管理员可以查看接口说明")
    html, policy = page(str(request.app.openapi_url))
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


@lru_cache(maxsize=4)
def page(openapi_url: str) -> tuple[str, str]:
    """The Swagger UI page reading ``openapi_url``, and the policy that lets its own script run."""
    made = get_swagger_ui_html(openapi_url=openapi_url, title=TITLE, swagger_js_url="/static/swagger-ui-bundle.js",
                               swagger_css_url="/static/swagger-ui.css", swagger_favicon_url="data:,",
                               swagger_ui_parameters=SETTINGS)
    html = bytes(made.body).decode("utf-8")
    html = html.replace("<html>", '<html lang="zh-CN">', 1)
    return html, content_security_policy(*(script_hash(s) for s in INLINE_SCRIPT.findall(html)))


def script_hash(script: str) -> str:
    """A CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
