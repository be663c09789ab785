"""The web application: FastAPI with the JSON API under ``/api`` and server-rendered pages.

``create_app(store)`` wires the routers, the static files and the error handlers around one
:class:`~jixiao.storage.Store`; ``jixiao serve`` runs it with uvicorn.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..storage import Store
from . import api, errors, pages, reviewing, workbook_routes

STATIC = Path(__file__).parent / "static"


def from_environment() -> FastAPI:
    """The app for ``jixiao serve --workers N``: each worker process opens the database named by
    ``JIXIAO_DATABASE_URL`` (set by the command) itself."""
    return create_app(Store.open(), os.environ.get("JIXIAO_SECURE_COOKIES") == "1")


def create_app(store: Store, secure_cookies: bool = False) -> FastAPI:
    """``secure_cookies`` marks cookies HTTPS-only; turn it on behind a TLS proxy."""
    # No interactive docs page: FastAPI's loads its scripts from a CDN, and the workbench must run
    # on networks without the internet. The schema itself is served.
    app = FastAPI(title="jixiao 绩效评价工作台 API", version=__version__, openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.secure_cookies = secure_cookies
    app.include_router(api.router, prefix="/api")
    app.include_router(workbook_routes.api_router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(reviewing.router)
    app.include_router(workbook_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
    return app
