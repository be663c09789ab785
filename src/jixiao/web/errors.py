"""One error shape for every API endpoint, and Chinese error pages for the browser.

Every failure under ``/api`` answers ``{"error": {"status", "code", "message", "diagnostics"}}``:
refusals from the storage layer, unknown routes, wrong methods, malformed requests and bugs alike.
Input that breaks a parser's own limits (JSON nested thousands deep, a number of thousands of
digits) is the sender's mistake, answered 422; anything else unexpected is a bug, logged and 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from ..diagnostics import Diagnostic, Source
from ..storage.errors import StoreError
from .guard import BodyTooLarge

LOG = logging.getLogger("jixiao.web")

HTTP_MESSAGES = {
    400: ("bad-request", "请求不合法"),
    401: ("not-logged-in", "未登录或登录已过期，请重新登录"),
    403: ("forbidden", "无权进行此操作"),
    404: ("not-found", "找不到该地址或对象"),
    405: ("method-not-allowed", "该地址不支持此请求方法"),
    406: ("not-acceptable", "无法按要求的格式回答"),
    413: ("too-large", "请求内容过大"),
    415: ("unsupported-media-type", "不支持该内容类型"),
    422: ("invalid", "请求内容不合法"),
}


def error_body(status: int, code: str, message: str, diagnostics: Sequence[Diagnostic] = ()) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message,
                      "diagnostics": [d.to_json() for d in diagnostics]}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _respond(request: Request, status: int, code: str, message: str,
             diagnostics: Sequence[Diagnostic] = (), headers: Mapping[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse(error_body(status, code, message, diagnostics), status, headers=headers)
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", 303)
    from .pages import error_page  # pages import this module

    return error_page(request, status, message, diagnostics)


async def _store_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StoreError)
    return _respond(request, exc.status, exc.code, exc.message, exc.diagnostics)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    # FastAPI answers any failure to read a JSON body as a bare 400; say why when it is the input's.
    cause = exc.__cause__ if exc.status_code == 400 else None
    why = "请求体不是 UTF-8 编码的 JSON，无法读取" if isinstance(cause, UnicodeDecodeError) else unreadable(cause)
    if why is not None:
        return _respond(request, 422, "invalid-request", why)
    code, message = HTTP_MESSAGES.get(exc.status_code, ("http-error", "请求失败"))
    return _respond(request, exc.status_code, code, message, headers=exc.headers)


def unreadable(exc: BaseException | None) -> str | None:
    """The Chinese message when ``exc`` is a parser refusing input beyond its limits (Python's
    JSON reader recursing too deep, ``int()`` of more than 4300 digits); None for anything else."""
    if isinstance(exc, RecursionError):
        return "请求内容嵌套过深（列表或对象层层嵌套），无法读取，没有作任何修改；请检查后重新提交"
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "请求中有位数过多的数字（数千位），无法读取，没有作任何修改；请检查后重新提交"
    return None


async def _unreadable(request: Request, exc: Exception) -> Response:
    """The safety net behind every parser: input too deep or too long to read is a 422 (logged
    with its traceback, in case it was a bug after all); any other ValueError is a bug (500)."""
    why = unreadable(exc)
    if why is None:
        raise exc
    LOG.warning("unreadable input on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(request, 422, "invalid-request", why)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    diagnostics = [_diagnostic(error) for error in exc.errors()]
    return _respond(request, 422, "invalid-request", "请求内容不合法：" + "；".join(d.message for d in diagnostics),
                    diagnostics)


VALIDATION_MESSAGES = {  # pydantic's error type → the Chinese message ({where} is the field)
    "missing": "缺少“{where}”",
    "json_invalid": "请求体不是合法的 JSON",
    "string_too_long": "“{where}”过长（最多 {max_length} 个字符）",
    "too_long": "“{where}”的项数过多（最多 {max_length} 项）",
    "greater_than_equal": "“{where}”不能小于 {ge}",
    "less_than_equal": "“{where}”不能大于 {le}",
    "int_parsing_size": "“{where}”的数字位数过多",
    "finite_number": "“{where}”应为有限的数",
    "int_type": "“{where}”应为整数",
    "int_parsing": "“{where}”应为整数",
    "int_from_float": "“{where}”应为整数",
    "string_type": "“{where}”应为文字（字符串）",
    "dict_type": "“{where}”应为 JSON 对象",
    "model_attributes_type": "“{where}”应为 JSON 对象",
    "value_error": "“{where}”{error}",
}


def _diagnostic(error: Any) -> Diagnostic:
    where = ".".join(str(part) for part in error.get("loc", ()))
    kind = str(error.get("type", ""))
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        message = VALIDATION_MESSAGES[kind].format(where=where, **context)
    except (KeyError, IndexError):
        message = f"“{where}”的取值不合法（{kind}）"
    return Diagnostic("bad-value", message, Source(f"请求:{where}"))


async def too_large(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    """The guard's 413 (see :mod:`jixiao.web.guard`): the error shape under ``/api``, a page elsewhere."""
    request = Request(scope, receive)
    await _respond(request, 413, "too-large", message)(scope, receive, send)


async def _body_too_large(request: Request, exc: Exception) -> Response:
    """A streamed body ran over while a route read it: the guard replaces this answer with its
    own 413; handled here only so that it is not logged as a crash."""
    return _respond(request, 413, "too-large", HTTP_MESSAGES[413][1])


async def _busy(request: Request, exc: Exception) -> Response:
    """The database did not answer in time (SQLite's write lock held too long, a lost connection):
    nothing was saved, and trying again is the right advice."""
    LOG.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return _respond(request, 503, "busy", "服务器繁忙，数据库暂时无法响应；您的修改没有保存，请稍后重试")


async def _unstorable(request: Request, exc: Exception) -> Response:
    """The database refused a value (e.g. PostgreSQL cannot store the NUL character)."""
    return _respond(request, 422, "invalid", "请求中含有数据库无法保存的字符或取值（例如 NUL 字符），未作任何修改")


async def _crash(request: Request, exc: Exception) -> Response:
    LOG.exception("unexpected error on %s %s", request.method, request.url.path)
    return _respond(request, 500, "internal-error", "服务器内部错误，请稍后重试或联系管理员")


def install(app: FastAPI) -> None:
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OperationalError, _busy)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(BodyTooLarge, _body_too_large)
    app.add_exception_handler(RecursionError, _unreadable)
    app.add_exception_handler(ValueError, _unreadable)
    app.add_exception_handler(Exception, _crash)
