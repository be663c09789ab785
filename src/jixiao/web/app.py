"""The web application: FastAPI with the JSON API under ``/api`` and server-rendered pages.

``create_app(store)`` wires the routers, the static files and the error handlers around one
:class:`~jixiao.storage.Store`, inside the guard of :mod:`jixiao.web.guard` (body limits,
security headers); ``jixiao serve`` runs it with uvicorn.
"""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from .. import __version__
from ..storage import Store
from . import api, apidocs, bundles, errors, guard, pages, reviewing, workbook_routes

STATIC = Path(__file__).parent / "static"
THREADS_VARIABLE = "JIXIAO_THREADS"


def _start_up(threads: int | None) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """What a worker process does before serving: cap its thread pool, and calm its garbage
    collector (:func:`_calm_collector`).

    Requests run in a thread pool (40 threads by default), but scoring holds Python's global
    lock: ten requests in one process each went at a tenth of the speed, and a save holding the
    database's write lock was slowed with them, so the other process's saves waited too. A
    small cap serves requests nearly in arrival order, each at full speed; more than one keeps
    a long request (a PDF report) from stopping the others."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if threads:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        _calm_collector()
        yield

    return lifespan


def from_environment() -> FastAPI:
    """The app for ``jixiao serve --workers N``: each worker process opens the database named by
    ``JIXIAO_DATABASE_URL`` (set by the command) itself."""
    threads = os.environ.get(THREADS_VARIABLE, "")
    return create_app(Store.open(), os.environ.get("JIXIAO_SECURE_COOKIES") == "1",
                      int(threads) if threads.isdigit() else None)


YOUNG_THRESHOLD = 10_000  # container objects allocated between young collections (Python: 700)


def _calm_collector() -> None:
    """Python's full garbage collection walks every live object: 50 ms for what the imports
    alone leave (80,000 objects), 130 ms once the scoring cache is full, with the process
    stopped meanwhile, every few seconds under load; that was most of the slowest requests.
    What exists at start lives as long as the process, so it is frozen out of collection, and
    full collections run a tenth as often. Young collections wait for 10,000 new objects
    instead of 700: a page builds thousands of short-lived ones (parse trees, rows), which
    reference counting frees anyway, and at 700 each page paid several collections that looked
    at them while they were still in use (5–10% of a request's CPU under the benchmark's load)."""
    gc.collect()
    gc.freeze()
    _, middle, _ = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, 100)


class Workbench(FastAPI):
    """FastAPI with the guard around everything, its error handling included: a 500 gets the
    security headers too, and an oversized body is refused before any of it runs."""

    def build_middleware_stack(self) -> ASGIApp:
        return guard.Guard(super().build_middleware_stack(), errors.too_large)


def create_app(store: Store, secure_cookies: bool = False, threads: int | None = None) -> FastAPI:
    """``secure_cookies`` marks cookies HTTPS-only; turn it on behind a TLS proxy. ``threads``
    caps how many requests one process works on at once (see :func:`_start_up`)."""
    # FastAPI's own docs pages load their scripts from a CDN, and the workbench must run on networks
    # without the internet: administrators read the API on apidocs.PATH, served with vendored files.
    app = Workbench(title="jixiao 绩效评价工作台 API", version=__version__, openapi_url="/api/openapi.json",
                  description=apidocs.DESCRIPTION, docs_url=None, redoc_url=None, lifespan=_start_up(threads))
    app.state.store = store
    app.state.secure_cookies = secure_cookies
    app.include_router(api.router, prefix="/api")
    app.include_router(workbook_routes.api_router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(reviewing.router)
    app.include_router(workbook_routes.router)
    app.include_router(bundles.router)
    app.include_router(apidocs.router)
    apidocs.tag_operations(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    return app
