"""Web workbench latency under load: 10,000 projects, 50 concurrent clients on loopback.

Prints p50/p95 latency (ms) and throughput of three requests for SQLite and PostgreSQL:
the project list page, a project page (a random project, so the scoring cache rarely helps),
and save-and-rescore (PATCH of a fact). Target: p95 under 100 ms for the page and the save.

    python benchmarks/web.py                    # SQLite, plus PostgreSQL if JIXIAO_TEST_POSTGRES_URL is set
    python benchmarks/web.py --projects 2000 --requests 200

The server runs as ``jixiao serve --workers 2`` in separate processes, as a user would start it
on this 2-core machine; the clients run in this process and compete with it for the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, select, text

from jixiao.storage import CLI, Store, users
from jixiao.storage import projects as store_projects
from jixiao.storage.schema import Project, utcnow
from jixiao.web.support import from_framework

PASSWORD = "benchmark-password"
DEPARTMENTS = [f"第{i}区财政局" for i in range(1, 41)]
CATEGORIES = ["信息化运维", "补助", "工程", "培训", "购买服务"]


def particulars(number: int) -> tuple[str, str, int, str]:
    return (f"项目{number:05d}", DEPARTMENTS[number % len(DEPARTMENTS)], 2020 + number % 5,
            CATEGORIES[number % len(CATEGORIES)])


def project_text(template: str, number: int) -> str:
    """The first project's file with another project's particulars put in (text replacement:
    building 10,000 files through the template would take minutes)."""
    name, department, year, category = particulars(number)
    first_name, first_department, first_year, first_category = particulars(0)
    return (template.replace(f'"{first_name}"', f'"{name}"').replace(f'"{first_department}"', f'"{department}"')
            .replace(f"year: {first_year}", f"year: {year}").replace(f'"{first_category}"', f'"{category}"'))


def load(store: Store, count: int) -> None:
    """Bulk-load ``count`` projects. Particulars vary, facts do not, so the score of the first
    is copied to all; a sample is re-scored through the core to prove the copy is right."""
    first = from_framework("common", *particulars(0), store.registry)
    with store.writing() as db:
        model = store_projects.import_texts(db, CLI, [store_projects.Incoming("bench", first)], store.registry)[0]
    rows = []
    for number in range(1, count):
        name, department, year, category = particulars(number)
        rows.append({"text": project_text(first, number), "version": 1, "name": name, "department": department,
                     "year": year, "category": category, "status": "draft", "total": model.total,
                     "grade": model.grade, "errors": model.errors, "created_at": utcnow(), "updated_at": utcnow()})
    with store.writing() as db:
        db.execute(insert(Project), rows)
        users.add_user(db, "bench", "admin", PASSWORD)
    with store.reading() as db:
        for row in db.scalars(select(Project).order_by(Project.id).limit(20)):
            scoring = store.scoring(row)
            assert scoring.result is not None and scoring.result.total == row.total, "columns disagree with the core"
            assert scoring.loaded.project is not None and scoring.loaded.project.info.name == row.name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-c", "from jixiao.cli import run; run()", "serve", "--database", url, "--port", str(port),
               "--workers", str(workers)]
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{base}/login", timeout=1)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


async def measure(clients: int, per_client: int, request: Callable[[httpx.AsyncClient, int], Awaitable[None]],
                  session: httpx.AsyncClient) -> tuple[list[float], float]:
    latencies: list[float] = []

    async def worker(index: int) -> None:
        for _ in range(per_client):
            start = time.perf_counter()
            await request(session, index)
            latencies.append((time.perf_counter() - start) * 1000)

    began = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(clients)))
    return latencies, time.perf_counter() - began


def report(label: str, latencies: list[float], elapsed: float) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95 = cuts[49], cuts[94]
    verdict = "达标" if p95 < 100 else f"超出目标 {p95 / 100:.1f} 倍"
    print(f"  {label:<22} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {len(latencies) / elapsed:7.1f} 次/秒   "
          f"(p95 / 100 ms = {p95 / 100:.2f}, {verdict})")


async def run_load(base: str, projects: int, clients: int, requests: int) -> None:
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as session:
        login = await session.post("/api/session", json={"username": "bench", "password": PASSWORD})
        csrf = login.json()["csrf_token"]
        per_client = max(1, requests // clients)
        pages = max(1, projects // 50)

        async def list_page(s: httpx.AsyncClient, _: int) -> None:
            (await s.get(f"/projects?page={random.randint(1, pages)}")).raise_for_status()

        async def project_page(s: httpx.AsyncClient, _: int) -> None:
            (await s.get(f"/projects/{random.randint(1, projects)}")).raise_for_status()

        versions = {i: 1 for i in range(clients)}

        async def save(s: httpx.AsyncClient, index: int) -> None:
            project_id = index + 1  # one project per client: no client conflicts with another
            body = {"version": versions[index], "changes": {"facts.服务对象满意度.complaints": str(random.randint(0, 9))}}
            answer = await s.patch(f"/api/projects/{project_id}/facts", json=body, headers={"X-CSRF-Token": csrf})
            answer.raise_for_status()
            versions[index] = answer.json()["version"]

        for label, request in (("项目列表", list_page), ("项目页面", project_page), ("保存并重新计分", save)):
            latencies, elapsed = await measure(clients, per_client, request, session)
            report(label, latencies, elapsed)


def bench(label: str, url: str, store: Store, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    load(store, args.projects)
    print(f"{label}: 已载入 {args.projects} 个项目（{time.perf_counter() - started:.1f} 秒），"
          f"{args.clients} 个并发客户端，{args.workers} 个服务进程")
    log = Path(tempfile.gettempdir()) / f"jixiao-bench-{label}.log"
    process, base = start_server(url, args.workers, log)
    try:
        asyncio.run(run_load(base, args.projects, args.clients, args.requests))
    except httpx.HTTPStatusError as err:
        print(f"  请求失败：{err}；服务器日志：{log}")
    finally:
        process.terminate()
        process.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=500, help="requests per kind, shared by the clients")
    parser.add_argument("--workers", type=int, default=2, help="server processes (jixiao serve --workers)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        bench("SQLite", url, Store.open(url), args)
    postgres = os.environ.get("JIXIAO_TEST_POSTGRES_URL")
    if not postgres:
        print("PostgreSQL：未设置 JIXIAO_TEST_POSTGRES_URL，跳过")
        return
    schema = f"jixiao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        scoped = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
        bench("PostgreSQL", scoped, Store.open(postgres, schema), args)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
