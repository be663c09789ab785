"""How ``jixiao serve`` runs the app under uvicorn.

Two fixes over ``uvicorn.run(..., workers=N)``, both found with ``benchmarks/web.py``:

* **Nagle's algorithm.** uvicorn binds the shared socket with its protocol number left at 0, and
  asyncio turns Nagle off only for sockets that say they are TCP, so every response after the
  first on a kept-alive connection waited ~40 ms for the browser's delayed ACK (uvicorn issue
  #3149). :class:`NoDelayProtocol` turns it off on each accepted connection.
* **Balance.** All workers accepting from one socket, the first to wake takes every waiting
  connection: of 50 browsers, one worker served 38 and the other 12, so one core queued while
  the other idled. :func:`serve_workers` gives each worker its own socket on the same port
  (``SO_REUSEPORT``), and the kernel spreads new connections evenly across them.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import socket
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

APP = "jixiao.web.app:from_environment"  # each worker opens the database itself


class NoDelayProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, sending each response as soon as it is written."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport.get_extra_info("socket"))
        super().connection_made(transport)


def no_delay(sock: Any) -> None:
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def balanced() -> bool:
    """Whether this system can give each worker its own socket on one port (Linux, BSD)."""
    return hasattr(socket, "SO_REUSEPORT")


class WorkerFailed(Exception):
    """A worker process ended within seconds of starting: restarting it would only repeat that."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(exitcode)
        self.exitcode = exitcode


STEADY_AFTER = 10.0  # seconds a worker must have run for its ending to count as a crash to recover from


def serve_workers(host: str, port: int, workers: int, options: dict[str, Any]) -> None:
    """Run ``workers`` processes of the app until Ctrl+C or SIGTERM; one that dies is restarted.
    Raises OSError when the port is taken, before any worker starts, and WorkerFailed when a
    worker ends right after starting (its own error is on the console above)."""
    check_free(host, port)
    context = multiprocessing.get_context("spawn")
    running = [_start(context, host, port, options) for _ in range(workers)]
    stopping = False

    def stop(signum: int, _: Any) -> None:
        nonlocal stopping
        stopping = True
        for worker in running:
            if worker.process.is_alive() and signum != signal.SIGINT:  # Ctrl+C reaches the workers already
                worker.process.terminate()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            ended = wait([w.process.sentinel for w in running], timeout=1)
            if stopping or not ended:
                continue
            early = [w for w in running if w.process.sentinel in ended and time.monotonic() - w.started < STEADY_AFTER]
            if early:
                stop(signal.SIGTERM, None)
                _join(running)
                raise WorkerFailed(early[0].process.exitcode)
            running = [w if w.process.sentinel not in ended else _start(context, host, port, options) for w in running]
        _join(running)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _join(running: list[_Worker]) -> None:
    for worker in running:
        worker.process.join(30)
        if worker.process.is_alive():
            worker.process.kill()


def check_free(host: str, port: int) -> None:
    """Another program on the port, even another jixiao with its own shared sockets, is an error:
    a plain bind fails where one with SO_REUSEPORT would silently share the port with it."""
    with socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


@dataclass(frozen=True)
class _Worker:
    process: BaseProcess
    started: float


def _start(context: Any, host: str, port: int, options: dict[str, Any]) -> _Worker:
    process: BaseProcess = context.Process(target=_worker, args=(host, port, options), daemon=False)
    process.start()
    return _Worker(process, time.monotonic())


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    """One worker process: its own listening socket, and uvicorn serving the app on it."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    config = uvicorn.Config(APP, factory=True, host=host, port=port, http=NoDelayProtocol, **options)
    uvicorn.Server(config).run(sockets=[sock])

