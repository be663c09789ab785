"""The web workbench: FastAPI app, pages, JSON API and the ``serve``/``db``/``users`` commands.

Import :func:`jixiao.web.app.create_app` only where FastAPI is installed (the ``web`` extra);
this package's ``cli`` module imports nothing heavy at start-up.
"""
