"""Attack a running workbench on this machine, within bounds, and count what went wrong.

    python scripts/attack.py --start                         # a temporary SQLite database
    python scripts/attack.py --start --database postgresql+psycopg://postgres@127.0.0.1:5432/scratch
    python scripts/attack.py --url http://127.0.0.1:8000 --admin root   # password in JIXIAO_ATTACK_PASSWORD

With ``--start`` it creates a user of each role with ``jixiao users add``, imports the bundled
example project with ``jixiao db import`` and runs ``jixiao serve`` in a subprocess; with ``--url``
it logs in as the given administrator and creates the other users and projects through the API.
Everything it creates is named with the run's tag, so runs do not see each other's data; the
database keeps those rows, so point ``--database`` at a scratch database.

Then it runs four rounds and prints the figures (exit status 1 if anything is wrong):

* **roles**: every route of the OpenAPI schema × each role and anonymous, against what
  ``storage/access.py`` allows; a budget unit tries to change a score every way it can (override
  paths, tagged or escaped ``override`` keys inside a fact value, a whole-file replace or an
  import carrying ``override:``, the workbook's score rows, the page forms).
* **hostile inputs**: billion-laughs YAML, a 50 MB body, JSON nested 3000 deep, a 5000-digit
  integer, ``1e999999999``, NUL, an xlsx with a far cell, random bytes as an xlsx; and a
  formula-injection note, checked to come back as a text cell in the downloaded workbook.
* **save races**: threads saving the same project with version numbers; an accepted save whose
  value is in neither the final file nor the audit log is a lost edit.
* **figures**: requests, violations, bad inputs tried, 500s, freezes over 1 s, lost edits.

Loopback only: any host but 127.0.0.1, localhost or ::1 is refused. Only httpx and the
standard library are used here; the server runs in its own process.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ROLES = ("admin", "finance", "evaluator", "unit")
EVERYONE = (*ROLES, "anonymous")
FREEZE = 1.0  # seconds: a request slower than this held a worker too long
CSRF = "X-CSRF-Token"
LEAF = "资金分配合理性"  # a checklist leaf of the example, answered [是, 是]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


# -- bookkeeping ------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    checks: int = 0  # role-matrix answers judged and score changes tried
    bad_inputs: int = 0
    errors_500: int = 0
    busy_503: int = 0
    freezes: int = 0
    lost_edits: int = 0
    violations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def violation(self, text: str) -> None:
        with self.lock:
            self.violations.append(text)
        print(f"  ✗ {text}", flush=True)

    def failed(self) -> bool:
        return bool(self.violations or self.errors_500 or self.freezes or self.lost_edits)


class Person:
    """One logged-in client (or the anonymous one): every request is counted and timed."""

    def __init__(self, role: str, base: str, tally: Tally, username: str = "", password: str = "") -> None:
        self.role, self.username, self.password, self.tally = role, username, password, tally
        self.client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        self.csrf = ""

    def log_in(self) -> None:
        """Log in, waiting as the server asks when it throttles logins from this address."""
        for _ in range(20):
            answer = self.send("POST", "/api/session", json={"username": self.username, "password": self.password})
            wait = re.search(r"(\d+) 秒后", answer.text) or re.match(r"\d+$", answer.headers.get("retry-after", ""))
            if answer.status_code == 200 or wait is None:
                break
            time.sleep(int(wait.group(1) if wait.re.groups else wait.group(0)) + 0.2)
        if answer.status_code != 200:
            raise SystemExit(f"无法以 {self.username}（{self.role}）登录：{answer.status_code} {answer.text[:200]}")
        self.csrf = answer.json()["csrf_token"]

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {CSRF: self.csrf} if self.csrf else {}
        headers.update(kwargs.pop("headers", {}))
        started = time.monotonic()
        try:
            answer = self._request(method, path, headers, kwargs)
        except httpx.TransportError as err:  # a timeout, or the connection lost twice
            self._count(method, path, 599, time.monotonic() - started)
            return httpx.Response(599, text=f"{type(err).__name__}: {err}")
        self._count(method, path, answer.status_code, time.monotonic() - started)
        return answer

    def _request(self, method: str, path: str, headers: dict[str, str], kwargs: dict[str, Any]) -> httpx.Response:
        """uvicorn closes a connection after the app raised (a 500), and a kept-alive connection
        is then found closed only when the next request is sent: that one is sent again, once."""
        try:
            return self.client.request(method, path, headers=headers, **kwargs)
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
            if not isinstance(kwargs.get("content", b""), bytes):
                raise  # a stream cannot be sent twice
            return self.client.request(method, path, headers=headers, **kwargs)

    def _count(self, method: str, path: str, status: int, took: float) -> None:
        with self.tally.lock:
            self.tally.requests += 1
            if status >= 500 and status != 503:
                self.tally.errors_500 += 1
            if status == 503:
                self.tally.busy_503 += 1
            if took > FREEZE:
                self.tally.freezes += 1
        if status >= 500 and status != 503:
            print(f"  ✗ {status}：{self.role} {method} {path[:80]}", flush=True)
        if took > FREEZE:
            print(f"  ✗ 耗时 {took:.1f} s：{self.role} {method} {path[:80]}", flush=True)


@dataclass
class World:
    """The run's people and projects: A (the unit's department, the evaluator assigned), B
    (another department), U (the unit's, attacked by the unit), D (where assigning is tried),
    H (hostile inputs), R (save races)."""

    tag: str
    people: dict[str, Person]
    projects: dict[str, int]
    departments: dict[str, str]

    @property
    def admin(self) -> Person:
        return self.people["admin"]

    def project(self, key: str) -> dict[str, Any]:
        return dict(self.admin.send("GET", f"/api/projects/{self.projects[key]}").json())

    def version(self, key: str) -> int:
        return int(self.project(key)["version"])


# -- the server -------------------------------------------------------------------------------


def off_this_machine(url: str, what: str) -> str:
    """Why ``url`` is refused (its host is not loopback), or "" (a database may be a local socket)."""
    host = urlsplit(url).hostname or ""
    if host in LOOPBACK or (what == "数据库" and host == ""):
        return ""
    return f"只允许本机地址（127.0.0.1、localhost、::1）：{what} {url} 的主机是“{host}”"


def jixiao_command() -> list[str]:
    beside = Path(sys.executable).with_name("jixiao")
    found = str(beside) if beside.exists() else shutil.which("jixiao")
    if not found:
        raise SystemExit("找不到 jixiao 命令：请先 pip install -e '.[web]'")
    return [found]


def run_jixiao(args: list[str], stdin: str = "") -> None:
    done = subprocess.run([*jixiao_command(), *args], input=stdin, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"jixiao {' '.join(args[:2])} 失败：{done.stdout}{done.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def example_copy(folder: Path, name: str, department: str) -> Path:
    """The example project (with its record files beside it) renamed and moved to ``department``."""
    target = folder / name
    shutil.copytree(EXAMPLE.parent, target, dirs_exist_ok=True)
    path = target / EXAMPLE.name
    path.write_text(tagged_text(name, department), encoding="utf-8")
    return path


def tagged_text(name: str, department: str, text: str | None = None) -> str:
    body = text if text is not None else EXAMPLE.read_text(encoding="utf-8")
    return (body.replace("name: 信息化项目运维服务费", f"name: 信息化项目运维服务费-{name}", 1)
            .replace("department: 深圳市盐田区信访局", f"department: {department}", 1))


def start_server(database: str, workers: int, folder: Path, tag: str, passwords: dict[str, str],
                 departments: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """Users of each role and the example projects through the CLI, then ``jixiao serve``."""
    for role in ROLES:
        department = ["--department", departments["unit"]] if role == "unit" else []
        run_jixiao(["users", "add", "--database", database, f"{tag}-{role}", "--role", role, *department,
                    "--password-stdin"], passwords[role] + "\n")
    files = [str(example_copy(folder, f"{tag}-{key}", departments[key])) for key in "ABUDHR"]
    run_jixiao(["db", "import", "--database", database, *files])
    port = free_port()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen([*jixiao_command(), "serve", "--database", database, "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"jixiao serve 退出了：\n{(folder / 'server.log').read_text(errors='replace')}")
        try:
            if httpx.get(url + "/login", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("jixiao serve 在 60 秒内没有启动")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


def set_up(url: str, tag: str, tally: Tally, passwords: dict[str, str], departments: dict[str, str],
           admin: tuple[str, str] | None) -> World:
    """Log everyone in; through a running server (``admin`` given), create the users and projects first."""
    people = {"anonymous": Person("anonymous", url, tally)}
    name, password = admin or (f"{tag}-admin", passwords["admin"])
    people["admin"] = Person("admin", url, tally, name, password)
    people["admin"].log_in()
    for role in ROLES[1:]:
        if admin:
            body = {"username": f"{tag}-{role}", "role": role, "password": passwords[role],
                    "department": departments["unit"] if role == "unit" else ""}
            answer = people["admin"].send("POST", "/api/users", json=body)
            if answer.status_code != 201:
                raise SystemExit(f"无法创建用户 {tag}-{role}：{answer.text[:200]}")
        people[role] = Person(role, url, tally, f"{tag}-{role}", passwords[role])
        people[role].log_in()
    if admin:
        for key in "ABUDHR":
            text = tagged_text(f"{tag}-{key}", departments[key])
            answer = people["admin"].send("POST", "/api/projects", content=text.encode(),
                                          headers={"Content-Type": "application/yaml"})
            if answer.status_code != 201:
                raise SystemExit(f"无法创建项目：{answer.text[:200]}")
    listed = people["admin"].send("GET", "/api/projects", params={"name": tag, "per_page": 500}).json()["items"]
    projects = {item["name"].rsplit("-", 1)[1]: int(item["id"]) for item in listed}
    world = World(tag, people, projects, departments)
    assigned = world.admin.send("POST", f"/api/projects/{projects['A']}/evaluators",
                                json={"username": people["evaluator"].username})
    if assigned.status_code != 204:
        raise SystemExit(f"无法指派评价人员：{assigned.text[:200]}")
    return world


# -- round 1: roles ---------------------------------------------------------------------------

Request = tuple[str, str, dict[str, Any]]
ALLOW, DENY, ANY = "allow", "deny", "any"


@dataclass(frozen=True)
class Probe:
    label: str
    build: Callable[[World, Person], Request]
    rule: Callable[[str], str]  # role → allow, deny or any
    person: Callable[[World, Person], Person] | None = None  # another client (logging out)


def readable(key: str) -> Callable[[str], str]:
    """What access.py lets each role read (and write facts of): A is the unit's department's and
    assigned to the evaluator; every other project belongs to neither."""

    def rule(role: str) -> str:
        if role == "anonymous":
            return DENY
        if role in ("admin", "finance"):
            return ALLOW
        return ALLOW if key == "A" or (key == "U" and role == "unit") else DENY

    return rule


def only(*roles: str) -> Callable[[str], str]:
    return lambda role: ALLOW if role in roles else DENY


def overriding(key: str) -> Callable[[str], str]:
    return lambda role: DENY if role == "unit" else readable(key)(role)


def loosely(rule: Callable[[str], str]) -> Callable[[str], str]:
    """Refused where ``rule`` refuses; where it allows, other rules (status moves, whole-file
    checks) may still refuse, so any answer but a 500 will do."""
    return lambda role: DENY if rule(role) == DENY else ANY


def get(path: str, key: str = "") -> Callable[[World, Person], Request]:
    return lambda w, p: ("GET", path.format(id=w.projects.get(key, 0)), {})


def patch_facts(key: str, changes: Callable[[World], dict[str, str]], reason: str = "") -> Callable[[World, Person], Request]:
    return lambda w, p: ("PATCH", f"/api/projects/{w.projects[key]}/facts",
                         {"json": {"version": w.version(key), "changes": changes(w), "reason": reason}})


def spent(w: World) -> dict[str, str]:
    return {"funds.spent": random.choice(("60", "60.5", "61", "61.71"))}


def an_override(w: World) -> dict[str, str]:
    return {f"facts.{LEAF}.override": f"{{score: {random.choice((1, 2))}, reason: 复核调整}}"}


def replace_file(key: str) -> Callable[[World, Person], Request]:
    def build(w: World, p: Person) -> Request:
        current = w.project(key)
        text = current["text"].replace("spent: 61.71", "spent: 61.5") if "61.71" in current["text"] else \
            current["text"].replace("spent: 61.5", "spent: 61.71")
        return "PUT", f"/api/projects/{w.projects[key]}/file", {"json": {"version": current["version"], "text": text}}
    return build


def create(department_of: str) -> Callable[[World, Person], Request]:
    def build(w: World, p: Person) -> Request:
        text = tagged_text(f"{w.tag}-new{secrets.token_hex(2)}", w.departments[department_of])
        return "POST", "/api/projects", {"json": {"text": text}}
    return build


def status(key: str) -> Callable[[World, Person], Request]:
    return lambda w, p: ("PATCH", f"/api/projects/{w.projects[key]}/status",
                         {"json": {"version": w.version(key), "status": random.choice(("evaluating", "draft"))}})


def workbook_upload(key: str) -> Callable[[World, Person], Request]:
    """The workbook as the person may download it (the admin's when they may not), unchanged."""
    def build(w: World, p: Person) -> Request:
        source = p if readable(key)(p.role) == ALLOW else w.admin
        content = source.send("GET", f"/api/projects/{w.projects[key]}/workbook").content
        return "POST", f"/api/projects/{w.projects[key]}/workbook", {"content": content}
    return build


def second_session(w: World, p: Person) -> Person:
    """Logging out is tried on a second session, so the person stays logged in for the rest."""
    if p.role == "anonymous":
        return p
    other = Person(p.role, str(p.client.base_url), p.tally, p.username, p.password)
    other.log_in()
    return other


PROBES: dict[tuple[str, str], list[Probe]] = {
    ("POST", "/api/session"): [Probe("登录（不存在的用户）", lambda w, p: ("POST", "/api/session", {"json": {
        "username": f"{w.tag}-nobody", "password": "wrong-password-1"}}), only())],
    ("DELETE", "/api/session"): [Probe("退出登录", lambda w, p: ("DELETE", "/api/session", {}), only(*ROLES),
                                       second_session)],
    ("GET", "/api/projects"): [Probe("项目列表", get("/api/projects"), only(*ROLES))],
    ("POST", "/api/projects"): [Probe("在本单位新建", create("A"), only(*ROLES)),
                                Probe("在他单位新建", create("B"), only("admin", "finance", "evaluator"))],
    ("GET", "/api/projects/{project_id}"): [Probe(f"读 {k}", get("/api/projects/{id}", k), readable(k)) for k in "AB"],
    ("GET", "/api/projects/{project_id}/score"): [Probe(f"得分 {k}", get("/api/projects/{id}/score", k), readable(k))
                                                  for k in "AB"],
    ("GET", "/api/projects/{project_id}/file"): [Probe(f"导出 {k}", get("/api/projects/{id}/file", k), readable(k))
                                                 for k in "AB"],
    ("PUT", "/api/projects/{project_id}/file"): [Probe(f"替换文件 {k}", replace_file(k), loosely(readable(k)))
                                                 for k in "AB"],
    ("PATCH", "/api/projects/{project_id}/facts"): [
        *(Probe(f"改事实 {k}", patch_facts(k, spent), readable(k)) for k in "AB"),
        Probe("调整得分 A", patch_facts("A", an_override, "复核调整"), overriding("A"))],
    ("PATCH", "/api/projects/{project_id}/status"): [Probe(f"改状态 {k}", status(k), loosely(readable(k)))
                                                     for k in "AB"],
    ("GET", "/api/projects/{project_id}/audit"): [Probe(f"审计日志 {k}", get("/api/projects/{id}/audit", k), readable(k))
                                                  for k in "AB"],
    ("POST", "/api/projects/{project_id}/evaluators"): [Probe("指派评价人员 D", lambda w, p: (
        "POST", f"/api/projects/{w.projects['D']}/evaluators", {"json": {"username": w.people["evaluator"].username}}),
        only("admin", "finance"))],
    ("GET", "/api/frameworks"): [Probe("指标体系", get("/api/frameworks"), only(*ROLES))],
    ("GET", "/api/users"): [Probe("用户列表", get("/api/users"), only("admin"))],
    ("POST", "/api/users"): [Probe("新建用户", lambda w, p: ("POST", "/api/users", {"json": {
        "username": f"{w.tag}-u{secrets.token_hex(3)}", "role": "finance", "password": secrets.token_urlsafe(16)}}),
        only("admin"))],
    ("GET", "/api/projects/{project_id}/workbook"): [Probe(f"下载填报表 {k}", get("/api/projects/{id}/workbook", k),
                                                           readable(k)) for k in "AB"],
    ("POST", "/api/projects/{project_id}/workbook"): [Probe(f"上传填报表 {k}", workbook_upload(k), loosely(readable(k)))
                                                      for k in "AB"],
}


def judge(tally: Tally, where: str, expected: str, status: int) -> None:
    tally.checks += 1
    if expected == DENY and status < 400:
        tally.violation(f"越权：{where} 应被拒绝，实际 {status}")
    elif expected == ALLOW and status in (401, 403, 404):
        tally.violation(f"误拒：{where} 应被允许，实际 {status}")


def role_matrix(w: World) -> None:
    schema = w.admin.send("GET", "/api/openapi.json").json()
    routes = [(method.upper(), path) for path, item in schema["paths"].items() for method in item]
    for route in routes:
        if route not in PROBES:
            w.admin.tally.violation(f"没有检查规则的接口：{route[0]} {route[1]}（请在 scripts/attack.py 中补上）")
            continue
        for probe in PROBES[route]:
            for role in EVERYONE:
                person = w.people[role]
                method, path, kwargs = probe.build(w, person)
                sender = probe.person(w, person) if probe.person else person
                answer = sender.send(method, path, **kwargs)
                judge(w.admin.tally, f"{role} {probe.label}（{method} {path}）", probe.rule(role), answer.status_code)
    listing(w)


def listing(w: World) -> None:
    """Each role lists exactly the run's projects it may read."""
    def ids(person: Person) -> set[int]:
        answer = person.send("GET", "/api/projects", params={"name": w.tag, "per_page": 500})
        return {int(item["id"]) for item in answer.json()["items"]}

    everything = ids(w.admin)
    details = [w.admin.send("GET", f"/api/projects/{i}").json() for i in everything]
    expected = {"admin": everything, "finance": everything,
                "evaluator": {d["id"] for d in details if w.people["evaluator"].username in d["evaluators"]},
                "unit": {d["id"] for d in details if d["department"] == w.departments["unit"]}}
    for role, allowed in expected.items():
        seen = ids(w.people[role])
        for extra in sorted(seen - allowed):
            w.admin.tally.violation(f"越权：{role} 的项目列表中有不应看到的项目 {extra}")
        for missing in sorted(allowed - seen):
            w.admin.tally.violation(f"误拒：{role} 的项目列表中缺少项目 {missing}")


# -- round 1b: a budget unit changing a score -------------------------------------------------

SMUGGLED = {  # a fact value that carries an override in some disguise
    "override 键": "{answers: [是, 是], override: {score: 0, reason: 攻击}}",
    "带标签的键 !x": "{answers: [是, 是], !x override: {score: 0, reason: 攻击}}",
    "!!str 标签": "{answers: [是, 是], !!str override: {score: 0, reason: 攻击}}",
    "带引号的键": '{answers: [是, 是], "override": {score: 0, reason: 攻击}}',
    "转义的键": '{answers: [是, 是], "ov\\x65rride": {score: 0, reason: 攻击}}',
    "复杂键 ?": "{answers: [是, 是], ? override : {score: 0, reason: 攻击}}",
    "合并键 <<": "{answers: [是, 是], <<: {override: {score: 0, reason: 攻击}}}",
    "锚点": "{answers: [是, 是], override: &o {score: 0, reason: 攻击}}",
}


def score_attacks(w: World) -> None:
    unit, key = w.people["unit"], "U"
    pristine = w.project(key)["text"]
    attempts: list[tuple[str, Callable[[], httpx.Response]]] = []

    def api_patch(changes: dict[str, str]) -> Callable[[], httpx.Response]:
        return lambda: unit.send("PATCH", f"/api/projects/{w.projects[key]}/facts",
                                 json={"version": w.version(key), "changes": changes, "reason": "攻击"})

    attempts += [("路径 override", api_patch({f"facts.{LEAF}.override": "{score: 0, reason: 攻击}"})),
                 ("路径 override.score", api_patch({f"facts.{LEAF}.override.score": "0",
                                                     f"facts.{LEAF}.override.reason": "攻击"})),
                 ("路径带空格", api_patch({f"facts.{LEAF}. override.score": "0"})),
                 ("整个 facts", api_patch({"facts": f"{{{LEAF}: {{answers: [是, 是], override: {{score: 0, reason: 攻击}}}}}}"}))]
    attempts += [(f"事实取值中的{name}", api_patch({f"facts.{LEAF}": value})) for name, value in SMUGGLED.items()]
    with_override = pristine.replace(f"  {LEAF}:\n    answers: [是, 是]",
                                     f"  {LEAF}:\n    answers: [是, 是]\n    override: {{score: 0, reason: 攻击}}", 1)
    attempts.append(("整文件替换", lambda: unit.send("PUT", f"/api/projects/{w.projects[key]}/file", json={
        "version": w.version(key), "text": with_override, "reason": "攻击"})))
    attempts.append(("整文件换指标体系", lambda: unit.send("PUT", f"/api/projects/{w.projects[key]}/file", json={
        "version": w.version(key), "text": pristine.replace("framework: yantian-it-om-2023", "framework: common", 1)})))
    attempts.append(("数据填报表的调整得分行", lambda: workbook_override(w, key)))
    attempts.append(("页面表单", lambda: unit.send("POST", f"/projects/{w.projects[key]}/edit", data={
        "csrf_token": unit.csrf, "version": str(w.version(key)), f"set:facts.{LEAF}.override.score": "0",
        f"set:facts.{LEAF}.override.reason": "攻击", "reason": "攻击"})))
    attempts.append(("页面上传项目文件", lambda: unit.send("POST", f"/projects/{w.projects[key]}/file", data={
        "csrf_token": unit.csrf, "version": str(w.version(key)), "reason": "攻击"},
        files={"file": ("project.yaml", with_override.encode(), "application/yaml")})))
    baseline = scores(w, key)
    for label, attempt in attempts:
        w.admin.tally.checks += 1
        answer = attempt()
        after = scores(w, key)
        text = w.project(key)["text"]
        if after != baseline or "override" in text:
            w.admin.tally.violation(f"预算单位改了得分：{label}（{answer.status_code}）")
            restore(w, key, pristine)
    imported = unit.send("POST", "/api/projects", json={"text": tagged_text(
        f"{w.tag}-import", w.departments["unit"], with_override.replace(f"-{w.tag}-U", ""))})
    if imported.status_code < 300:
        w.admin.tally.violation(f"预算单位改了得分：导入带 override 的项目文件（{imported.status_code}）")


def scores(w: World, key: str) -> list[tuple[str, str, Any]]:
    answer = w.admin.send("GET", f"/api/projects/{w.projects[key]}/score").json()
    return [("/".join(i["path"]), i["score"], i.get("override")) for i in answer.get("indicators", [])]


def restore(w: World, key: str, text: str) -> None:
    w.admin.send("PUT", f"/api/projects/{w.projects[key]}/file",
                 json={"version": w.version(key), "text": text, "reason": "恢复攻击前的内容"})


def workbook_override(w: World, key: str) -> httpx.Response:
    """The administrator's workbook (it has the score rows), a score filled in, uploaded by the unit."""
    content = w.admin.send("GET", f"/api/projects/{w.projects[key]}/workbook").content
    book = Xlsx(content)
    row = book.row_of("事实", "D", f"facts.{LEAF}.override.score")
    reason = book.row_of("事实", "D", f"facts.{LEAF}.override.reason")
    if row is None or reason is None:
        w.admin.tally.violation("管理员的数据填报表中找不到调整得分行，无法尝试")
        return httpx.Response(0)
    book.set("事实", f"C{row}", "0")
    book.set("事实", f"C{reason}", "攻击")
    return w.people["unit"].send("POST", f"/api/projects/{w.projects[key]}/workbook", content=book.bytes())


# -- xlsx without openpyxl --------------------------------------------------------------------


class Xlsx:
    """Just enough of an xlsx to find a row by its key cell, fill in a cell and read cells back."""

    def __init__(self, content: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.strings = [("".join(t.text or "" for t in si.iter(f"{MAIN}t")))
                        for si in self._xml("xl/sharedStrings.xml").iter(f"{MAIN}si")] \
            if "xl/sharedStrings.xml" in self.parts else []

    def _xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.parts[name])

    def sheet(self, title: str) -> str:
        targets = {r.get("Id"): r.get("Target", "") for r in self._xml("xl/_rels/workbook.xml.rels").iter(f"{RELS}Relationship")}
        for sheet in self._xml("xl/workbook.xml").iter(f"{MAIN}sheet"):
            if sheet.get("name") == title:
                target = targets[sheet.get(f"{DOC_RELS}id")]
                return target.lstrip("/") if target.startswith("/xl/") else f"xl/{target}"
        raise KeyError(title)

    def cells(self, title: str) -> Iterator[tuple[str, str, ElementTree.Element]]:
        """(reference, text, element) of every cell of the sheet."""
        for cell in self._xml(self.sheet(title)).iter(f"{MAIN}c"):
            value, inline, formula = cell.find(f"{MAIN}v"), cell.find(f"{MAIN}is"), cell.find(f"{MAIN}f")
            if formula is not None:  # a formula reads back as what was typed
                text = "=" + (formula.text or "")
            elif cell.get("t") == "s" and value is not None:
                text = self.strings[int(value.text or 0)]
            elif inline is not None:
                text = "".join(t.text or "" for t in inline.iter(f"{MAIN}t"))
            else:
                text = value.text or "" if value is not None else ""
            yield cell.get("r", ""), text, cell

    def row_of(self, title: str, column: str, key: str) -> int | None:
        for ref, text, _ in self.cells(title):
            if ref.startswith(column) and ref[len(column):].isdigit() and text == key:
                return int(ref[len(column):])
        return None

    def set(self, title: str, ref: str, text: str) -> None:
        name = self.sheet(title)
        xml = self.parts[name].decode("utf-8")
        value = f'<is><t>{text}</t></is>'
        cell = re.search(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', xml, re.S)
        if cell:
            attributes = re.sub(r'\s+t="[^"]*"', "", cell.group(1))
            xml = xml[:cell.start()] + f'<c r="{ref}"{attributes} t="inlineStr">{value}</c>' + xml[cell.end():]
        else:  # an empty cell openpyxl did not write: add it at the end of its row
            row = re.search(rf'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"[^>]*?(/>|>.*?</row>)', xml, re.S)
            if row is None:
                raise KeyError(ref)
            new = f'<c r="{ref}" t="inlineStr">{value}</c>'
            whole = row.group(0)
            xml = xml.replace(whole, whole[:-2] + f">{new}</row>" if whole.endswith("/>") else
                              whole.replace("</row>", new + "</row>"), 1)
        self.parts[name] = xml.encode("utf-8")

    def far_cell(self, title: str) -> None:
        """A cell at the sheet's last row and column, and a dimension that says so."""
        name = self.sheet(title)
        xml = self.parts[name].decode("utf-8")
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        xml = xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is></c>'
                                          "</row></sheetData>")
        self.parts[name] = xml.encode("utf-8")

    def bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.parts.items():
                archive.writestr(name, content)
        return out.getvalue()


# -- round 2: hostile inputs ------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["哈哈", "哈哈", "哈哈", "哈哈", "哈哈", "哈哈", "哈哈", "哈哈", "哈哈"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def hostile_inputs(w: World) -> None:
    admin, key = w.admin, "H"
    pid = w.projects[key]
    yaml = {"Content-Type": "application/yaml"}
    as_json = {"Content-Type": "application/json"}
    flow_laughs = "{" + ", ".join(line.replace(": ", ": ", 1) for line in billion_laughs().splitlines()) + "}"
    workbook = Xlsx(admin.send("GET", f"/api/projects/{pid}/workbook").content)
    workbook.far_cell("事实")
    cases: list[tuple[str, Callable[[], httpx.Response]]] = [
        ("billion laughs 项目文件", lambda: admin.send("POST", "/api/projects", content=(
            tagged_text(f"{w.tag}-laughs", "乙局") + billion_laughs()).encode(), headers=yaml)),
        ("billion laughs 事实取值", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {f"facts.{LEAF}.note": flow_laughs}})),
        ("50 MB 请求体（JSON）", lambda: admin.send("POST", "/api/projects", content=b" " * (50 << 20), headers=as_json)),
        ("50 MB 项目文件（YAML）", lambda: admin.send("POST", "/api/projects", content=b"#" * (50 << 20), headers=yaml)),
        ("50 MB 分块请求体", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", content=chunks(50 << 20),
                                               headers=as_json)),
        ("JSON 嵌套 3000 层", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts",
                                                content=("[" * 3000 + "]" * 3000).encode(), headers=as_json)),
        ("YAML 嵌套 5000 层（事实取值）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {f"facts.{LEAF}.note": "[" * 5000 + "]" * 5000}})),
        ("5000 位整数（JSON 版本号）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", content=(
            '{"version": ' + "9" * 5000 + ', "changes": {}}').encode(), headers=as_json)),
        ("5000 位整数（事实取值）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"facts.信访群众满意度.complaints": "9" * 5000}})),
        ("5000 位整数（路径）", lambda: admin.send("GET", f"/api/projects/{'9' * 5000}")),
        ("1e999999999（JSON 版本号）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", content=(
            b'{"version": 1e999999999, "changes": {}}'), headers=as_json)),
        ("1e999999999（事实取值）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"facts.信访群众满意度.complaints": "1e999999999"}})),
        ("超出范围的年度 -1", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"project.year": "-1"}})),
        ("超出范围的年度 99999", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"project.year": "99999"}})),
        ("不存在的日期", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"funds.as_of": "2024-13-45"}})),
        ("NUL（事实取值）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {f"facts.{LEAF}.note": "备注\u0000"}})),
        ("NUL（修改理由）", lambda: admin.send("PATCH", f"/api/projects/{pid}/facts", json={
            "version": w.version(key), "changes": {"funds.spent": "60.1"}, "reason": "理由\u0000"})),
        ("NUL（用户名）", lambda: admin.send("POST", "/api/session", json={"username": "a\u0000b", "password": "x" * 12})),
        ("远端单元格的 xlsx", lambda: admin.send("POST", f"/api/projects/{pid}/workbook", content=workbook.bytes())),
        ("随机字节当作 xlsx", lambda: admin.send("POST", f"/api/projects/{pid}/workbook", content=os.urandom(200_000))),
        ("随机字节当作 xlsx（页面上传）", lambda: admin.send("POST", f"/projects/{pid}/workbook", data={
            "csrf_token": admin.csrf}, files={"file": ("x.xlsx", os.urandom(50_000), "application/octet-stream")})),
        ("billion laughs 项目文件（页面上传）", lambda: admin.send("POST", f"/projects/{pid}/file", data={
            "csrf_token": admin.csrf, "version": str(w.version(key))}, files={"file": ("laughs.yaml", (
                w.project(key)["text"] + billion_laughs()).encode(), "application/yaml")})),
    ]
    for label, attempt in cases:
        w.admin.tally.bad_inputs += 1
        before = w.version(key)
        answer = attempt()
        # A page shows a refusal on the page itself (200): judged by whether anything was saved.
        page = not str(answer.request.url.path).startswith("/api/") if answer.status_code != 599 else False
        if (w.version(key) != before) if page else answer.status_code < 400:
            w.admin.tally.violation(f"接受了不合法的输入：{label}（{answer.status_code}）")
    if admin.send("GET", f"/api/projects/{pid}/score").status_code != 200:
        w.admin.tally.violation("不合法的输入之后，项目无法计分")
    formula_injection(w)


def chunks(total: int, size: int = 1 << 16) -> Iterator[bytes]:
    yield b'{"version": 1, "changes": {"funds.spent": "'
    for _ in range(total // size):
        yield b"6" * size
    yield b'"}}'


FORMULAS = ("=HYPERLINK(\"http://127.0.0.1/\",\"点我\")", "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1,1)")


def formula_injection(w: World) -> None:
    """Notes that a spreadsheet would run as formulas come back as text cells of the workbook."""
    key, leaves = "H", ("立项依据充分性", "立项程序规范性", "绩效目标合理性", "绩效目标明确性", "预算编制科学性")
    changes = {f"facts.{leaf}.note": '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
               for leaf, value in zip(leaves, FORMULAS, strict=True)}
    w.admin.tally.bad_inputs += len(FORMULAS)
    saved = w.admin.send("PATCH", f"/api/projects/{w.projects[key]}/facts",
                         json={"version": w.version(key), "changes": changes, "reason": "公式注入测试"})
    if saved.status_code != 200:
        w.admin.tally.violation(f"公式注入：无法保存备注（{saved.status_code} {saved.text[:120]}）")
        return
    book = Xlsx(w.admin.send("GET", f"/api/projects/{w.projects[key]}/workbook").content)
    cells = {ref: (text, cell) for ref, text, cell in book.cells("事实")}
    for leaf, value in zip(leaves, FORMULAS, strict=True):
        row = book.row_of("事实", "D", f"facts.{leaf}.note")
        text, cell = cells.get(f"C{row}", ("", None))
        if row is None or cell is None:
            w.admin.tally.violation(f"公式注入：数据填报表中没有“{leaf}”的备注行")
        elif cell.find(f"{MAIN}f") is not None or cell.get("t") not in ("s", "inlineStr"):
            w.admin.tally.violation(f"公式注入：备注 {value} 在数据填报表中不是文本单元格（C{row}）")
        elif text not in (value, f'"{value}"'):  # as typed, or as a form field would spell it in YAML
            w.admin.tally.violation(f"公式注入：备注 {value} 在数据填报表中成了 {text!r}（C{row}）")


# -- round 3: save races ----------------------------------------------------------------------

RACE_LEAVES = ("立项依据充分性", "立项程序规范性", "绩效目标合理性", "绩效目标明确性", "预算编制科学性",
               "资金分配合理性", "资金使用合规性", "管理制度健全性")


def save_races(w: World, threads: int, saves: int) -> tuple[int, int]:
    """Each thread saves its own leaf's note ``saves`` times, re-reading the version on a conflict.
    Returns (accepted saves, conflicts); lost edits go to the tally."""
    key, pid = "R", w.projects["R"]
    accepted: list[tuple[str, int]] = []
    conflicts = [0]
    lock = threading.Lock()
    admin = w.admin

    def worker(number: int) -> None:
        person = Person("admin", str(admin.client.base_url), admin.tally, admin.username)
        person.client.cookies.update(admin.client.cookies)
        person.csrf = admin.csrf
        path = f"facts.{RACE_LEAVES[number % len(RACE_LEAVES)]}.note"
        version = w.version(key)
        for attempt in range(saves * 4):
            if sum(1 for value, _ in accepted if value.startswith(f"竞争{number}-")) >= saves:
                return
            value = f"竞争{number}-{attempt}-{w.tag}"
            answer = person.send("PATCH", f"/api/projects/{pid}/facts",
                                 json={"version": version, "changes": {path: value}})
            if answer.status_code == 200:
                version = int(answer.json()["version"])
                with lock:
                    accepted.append((value, version))
            elif answer.status_code in (409, 503):
                with lock:
                    conflicts[0] += 1
                version = w.version(key)

    running = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join(120)
    final = w.project(key)["text"]
    audit = " ".join(str(entry.get("new", "")) for entry in admin.send("GET", f"/api/projects/{pid}/audit").json())
    lost = [value for value, _ in accepted if value not in final and value not in audit]
    versions = [version for _, version in accepted]
    doubled = len(versions) - len(set(versions))  # two accepted saves cannot both have made one version
    for value in lost:
        w.admin.tally.violation(f"丢失的修改：{value} 已被接受，但既不在最终文件中，也不在修改记录中")
    if doubled:
        w.admin.tally.violation(f"丢失的修改：{doubled} 次被接受的保存得到了与另一次相同的版本号")
    w.admin.tally.lost_edits += len(lost) + doubled
    return len(accepted), conflicts[0]


# -- the run ----------------------------------------------------------------------------------


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="对本机运行的网页工作台做有界的攻击测试，并统计问题。")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="已在运行的工作台，例如 http://127.0.0.1:8000（只允许本机地址）")
    target.add_argument("--start", action="store_true", help="创建临时数据库和用户，导入示例项目，启动 jixiao serve")
    parser.add_argument("--database", help="与 --start 同用：数据库地址（默认临时 SQLite）；会写入测试用户和项目")
    parser.add_argument("--workers", type=int, default=2, help="与 --start 同用：jixiao serve 的工作进程数（默认 2）")
    parser.add_argument("--admin", help="与 --url 同用：管理员用户名；密码取自环境变量 JIXIAO_ATTACK_PASSWORD")
    parser.add_argument("--threads", type=int, default=8, help="保存竞争的线程数（默认 8）")
    parser.add_argument("--saves", type=int, default=5, help="每个线程被接受的保存次数（默认 5）")
    parser.add_argument("--seed", type=int, default=None, help="随机数种子（复现一次运行）")
    args = parser.parse_args(argv)
    refusal = (args.url and off_this_machine(args.url, "工作台")) or (args.database and off_this_machine(args.database, "数据库"))
    if refusal:
        parser.error(refusal)
    if args.url and (not args.admin or not os.environ.get("JIXIAO_ATTACK_PASSWORD")):
        parser.error("--url 需要 --admin 和环境变量 JIXIAO_ATTACK_PASSWORD")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    random.seed(args.seed)
    tag = f"attack{secrets.token_hex(3)}"
    departments = {"A": f"甲局{tag}", "U": f"甲局{tag}", "B": f"乙局{tag}", "D": f"丙局{tag}",
                   "H": f"乙局{tag}", "R": f"乙局{tag}"}
    departments["unit"] = departments["A"]
    passwords = {role: secrets.token_urlsafe(18) for role in ROLES}
    tally = Tally()
    folder = Path(tempfile.mkdtemp(prefix="jixiao-attack-"))
    server = None
    started = time.monotonic()
    try:
        if args.start:
            database = args.database or f"sqlite:///{folder / 'attack.db'}"
            print(f"准备：数据库 {database}，用户与示例项目（标记 {tag}）……", flush=True)
            server, url = start_server(database, args.workers, folder, tag, passwords, departments)
            world = set_up(url, tag, tally, passwords, departments, None)
        else:
            url = args.url
            world = set_up(url, tag, tally, passwords, departments, (args.admin, os.environ["JIXIAO_ATTACK_PASSWORD"]))
        print(f"目标：{url}", flush=True)
        print("第一轮：角色矩阵（OpenAPI 中的每个接口 × 每个角色和匿名）", flush=True)
        role_matrix(world)
        print("第一轮（续）：预算单位尝试修改得分", flush=True)
        score_attacks(world)
        print("第二轮：不合法的输入", flush=True)
        hostile_inputs(world)
        print(f"第三轮：保存竞争（{args.threads} 个线程，各 {args.saves} 次）", flush=True)
        accepted, conflicts = save_races(world, args.threads, args.saves)
        print(f"  被接受的保存 {accepted} 次，版本冲突 {conflicts} 次", flush=True)
    finally:
        if server is not None:
            stop_server(server)
            log = (folder / "server.log").read_text(errors="replace")
            if "Traceback" in log:
                print("服务器日志中有异常（节选）：\n" + "\n".join(log.splitlines()[-40:]))
        shutil.rmtree(folder, ignore_errors=True)
    report(tally, time.monotonic() - started)
    return 1 if tally.failed() else 0


def report(tally: Tally, took: float) -> None:
    figures = {"请求数 requests": tally.requests, "权限检查 checks": tally.checks,
               "违规 violations": len(tally.violations),
               "不合法输入 bad inputs tried": tally.bad_inputs, "服务器错误 500s": tally.errors_500,
               "超过 1 秒 freezes": tally.freezes, "丢失的修改 lost edits": tally.lost_edits,
               "繁忙 503（不计为失败）": tally.busy_503}
    print(f"\n结果（用时 {took:.0f} 秒）")
    for name, value in figures.items():
        print(f"  {name:<28}{value}")
    print(json.dumps({"requests": tally.requests, "checks": tally.checks, "violations": len(tally.violations),
                      "bad_inputs": tally.bad_inputs, "errors_500": tally.errors_500, "freezes": tally.freezes,
                      "lost_edits": tally.lost_edits, "busy_503": tally.busy_503}))


if __name__ == "__main__":
    sys.exit(main())
