"""The ``jixiao serve``, ``jixiao db`` and ``jixiao users`` commands.

They import SQLAlchemy, FastAPI and uvicorn inside the command functions: ``jixiao --help``
and the other commands stay fast, and work without the ``web`` extra installed.
"""

from __future__ import annotations

import errno
import os
import secrets
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..diagnostics import os_reason
from ..settings import described
from .clicktext import Command, Group

if TYPE_CHECKING:
    from ..storage import Store
    from ..storage.projects import Incoming

INSTALL_HINT = "网页工作台需要额外的依赖，请先安装：pip install 'jixiao[web]'"
DATABASE_OPTION = click.option("--database", "database", metavar="URL", default=None,
                               help="数据库地址；默认读取环境变量 JIXIAO_DATABASE_URL，未设置时为当前目录的 jixiao.db。")
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "yantian-it-om-2023" / "project.yaml"


def _open(database: str | None) -> Store:
    try:
        from ..storage import Store
    except ImportError:
        raise click.ClickException(INSTALL_HINT) from None
    from ..storage.database import database_url

    url = database_url(database)
    created = _sqlite_file(url)
    existed = created is None or created.exists()
    try:
        return Store.open(database)
    except Exception as err:  # the database cannot be reached or upgraded: say which and why
        if created is not None and not existed:  # leave no half-made database behind
            for leftover in (created, created.with_name(created.name + "-wal"), created.with_name(created.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise click.ClickException(_unreachable(url, created, err)) from None


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database, or SQLite in memory)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # an unreadable URL is reported when it is opened
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _unreachable(url: str, file: Path | None, err: Exception) -> str:
    if file is not None:
        folder = file.parent if str(file.parent) else Path(".")
        if not folder.is_dir():
            return f"无法创建数据库 {file}：文件夹 {folder} 不存在，请先建好文件夹或用 --database 换一个位置"
        if isinstance(err, OSError):
            return f"无法打开数据库 {file}：{os_reason(err)}"
        return f"无法打开数据库 {file}：文件不是 jixiao 的数据库、已损坏，或没有读写权限（{err.__class__.__name__}）"
    shown = url.split("@")[-1]  # never the password
    return (f"无法连接数据库 {shown}（{err.__class__.__name__}）：请检查 --database 或环境变量 JIXIAO_DATABASE_URL，"
            "以及数据库服务是否已启动")


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal from the storage layer becomes its Chinese message and exit status 1."""
    from ..storage import StoreError

    try:
        yield
    except StoreError as err:
        for diag in err.diagnostics:
            click.echo(diag.format(), err=True)
        click.echo(err.message, err=True)
        sys.exit(1)


# -- serve ------------------------------------------------------------------------------------


@click.command(cls=Command, epilog="\b\n可用环境变量调整的设置（启动前设置）：\n" + described())
@DATABASE_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="监听端口。")
@click.option("--demo", is_flag=True, help="导入示例项目，并创建一个一次性密码的管理员账户 demo-admin。")
@click.option("--secure-cookies", is_flag=True, help="Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后使用）。")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="工作进程数；计分耗 CPU，多核机器上可设为核数。")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 64),
              help="每个工作进程同时处理的请求数；计分耗 CPU，同时处理过多反而使每个请求都变慢。")
def serve(database: str | None, host: str, port: int, demo: bool, secure_cookies: bool, workers: int,
          threads: int) -> None:
    """启动网页工作台（数据库不存在时自动创建）。"""
    try:
        import uvicorn

        from .app import THREADS_VARIABLE, create_app
        from .server import APP, NoDelayProtocol, WorkerFailed, balanced, check_free, serve_workers
    except ImportError:
        raise click.ClickException(INSTALL_HINT) from None
    try:  # before the database is made: a refused start leaves nothing behind
        check_free(host, port)
    except OSError as err:
        raise click.ClickException(_bind_refusal(host, port, err)) from None
    store = _open(database)
    if demo:
        _demo(store)
    else:
        _first_account(store)
    click.echo(f"网页工作台：http://{host}:{port}/  （按 Ctrl+C 停止）")
    if workers == 1:
        uvicorn.run(create_app(store, secure_cookies, threads), host=host, port=port, log_level="warning", timeout_keep_alive=75,
                    http=NoDelayProtocol)
        return
    # Worker processes import the app themselves; the database and cookie setting go by environment.
    from ..storage.database import URL_VARIABLE, database_url

    os.environ[URL_VARIABLE] = database_url(database)
    os.environ["JIXIAO_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    os.environ[THREADS_VARIABLE] = str(threads)
    options: dict[str, Any] = {"log_level": "warning", "timeout_keep_alive": 75}
    if not balanced():
        # Scoring keeps a worker's CPU busy: give its health check more time than uvicorn's 5 s
        # default, or a busy worker is restarted and its connections dropped.
        uvicorn.run(APP, factory=True, workers=workers, host=host, port=port, timeout_worker_healthcheck=60,
                    http=NoDelayProtocol, **options)
        return
    try:
        serve_workers(host, port, workers, options)
    except OSError as err:
        raise click.ClickException(_bind_refusal(host, port, err)) from None
    except WorkerFailed as err:
        raise click.ClickException(f"工作进程启动后随即退出（退出码 {err.exitcode}），原因见上方的输出；"
                                   "已停止全部工作进程") from None


def _bind_refusal(host: str, port: int, err: OSError) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"无法在 {host}:{port} 上启动：端口 {port} 已被占用，请用 --port 换一个端口"
    if err.errno == errno.EADDRNOTAVAIL or isinstance(err, socket.gaierror):
        return f"无法在 {host}:{port} 上启动：本机没有地址 {host}，请检查 --host（只在本机使用时写 127.0.0.1）"
    if err.errno == errno.EACCES:
        return f"无法在 {host}:{port} 上启动：没有使用端口 {port} 的权限（1024 以下的端口需要管理员权限），请用 --port 换一个端口"
    return f"无法在 {host}:{port} 上启动（{os_reason(err)}），请检查 --host 和 --port"


def _first_account(store: Store) -> None:
    """With no account yet nobody can sign in: say how to add the first one."""
    from ..storage import users

    with store.reading() as session:
        if users.list_users(session):
            return
    click.echo("数据库中还没有任何账户，无法登录。请先添加第一个管理员账户（密码从标准输入读取），例如：\n"
               "  echo '密码' | jixiao users add 管理员名 --role admin --password-stdin\n"
               "（若用 --database 指定了数据库，添加账户时也要加上同样的 --database）；"
               "或用 jixiao serve --demo 试用演示账户。")


def _demo(store: Store) -> None:
    """The example project, and an admin whose password is printed once and stored nowhere."""
    from ..storage import CLI, NotFound, users
    from ..storage import projects as store_projects

    password = secrets.token_urlsafe(12)
    with _refusals(), store.writing() as db:
        try:
            users.find_user(db, "demo-admin")
            users.set_password(db, "demo-admin", password)
        except NotFound:
            users.add_user(db, "demo-admin", "admin", password)
        if EXAMPLE.is_file() and not store_projects.list_projects(db, CLI, store_projects.Filters()).count:
            store_projects.import_texts(db, CLI, [_incoming(EXAMPLE)], store.registry)
    click.echo(f"演示模式：已导入示例项目。管理员账户 demo-admin，本次密码：{password}")
    click.echo("（密码只显示这一次；重新运行 jixiao serve --demo 会生成新密码）")


# -- db ---------------------------------------------------------------------------------------


@click.group(cls=Group)
def db() -> None:
    """数据库：升级结构、导入和导出项目文件。"""


@db.command("upgrade")
@DATABASE_OPTION
def db_upgrade(database: str | None) -> None:
    """创建数据库或升级到最新结构。"""
    _open(database)
    click.echo("数据库已是最新结构。")


@db.command("import")
@DATABASE_OPTION
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
def db_import(database: str | None, files: tuple[Path, ...]) -> None:
    """导入项目文件或项目包（.zip）FILES；任一文件有错误时一个也不导入。"""
    from ..storage import CLI
    from ..storage import projects as store_projects

    store = _open(database)
    with _refusals():
        incoming = _all_incoming(files)
    with _refusals(), store.writing() as session:
        rows = store_projects.import_texts(session, CLI, incoming, store.registry)
        summary = [(row.id, item, row.total, row.grade) for row, item in zip(rows, incoming, strict=True)]
    for project_id, item, total, grade in summary:
        attached = f"，附带 {len(item.files)} 个记录文件" if item.files else ""
        score = f"{total:.2f} 分，{grade}" if total is not None else "未完成"
        click.echo(f"已导入 {item.name} → 项目 {project_id}（{score}{attached}）")


def _all_incoming(files: tuple[Path, ...]) -> list[Incoming]:
    """Every file read as a project, or a refusal listing the problems of all that cannot be."""
    from ..diagnostics import Diagnostic
    from ..storage import Invalid

    incoming: list[Incoming] = []
    problems: list[Diagnostic] = []
    for path in files:
        try:
            incoming.append(_incoming(path))
        except Invalid as err:
            problems.extend(err.diagnostics)
    if problems:
        raise Invalid("有文件无法读取，没有导入任何项目", problems)
    return incoming


def _incoming(path: Path) -> Incoming:
    """A project bundle (zip), or a project file and the record files it names, read from beside it."""
    from ..storage import bundle
    from ..storage.attachments import read_beside
    from ..storage.projects import Incoming

    with path.open("rb") as stream:
        head = stream.read(len(bundle.ZIP_SIGNATURES[0]))
    if bundle.is_bundle(path.name, head):
        bundle.check_size(path.stat().st_size, str(path))  # measured before it is read
        return bundle.unpack(path.read_bytes(), str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} 不是 UTF-8 编码的文本文件") from None
    return Incoming(str(path), text, read_beside(path, text))


@db.command("export")
@DATABASE_OPTION
@click.argument("project_id", type=int)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="写入的文件；以 .zip 结尾时写成项目包（项目文件和记录文件在一个 zip 中）；省略时输出到终端。")
def db_export(database: str | None, project_id: int, output: Path | None) -> None:
    """导出项目 PROJECT_ID 的项目文件（及其记录文件），与导入或最后一次保存时逐字节相同。

    \b
    -o 项目.yaml    项目文件，记录文件写在它旁边（records/…）
    -o 项目包.zip   项目包：一个 zip 文件，可在网页的项目列表或用 jixiao db import 导入
    """
    from ..storage import CLI
    from ..storage import projects as store_projects

    store = _open(database)
    with _refusals(), store.reading() as session:
        text = store_projects.readable(session, CLI, project_id).text
        files = store_projects.files_of(session, project_id)
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.suffix.lower() == ".zip":
        _export_bundle(project_id, text, files, output)
        return
    from ..storage.attachments import write_beside

    output.write_bytes(text.encode("utf-8"))
    written = write_beside(output, files)
    click.echo(f"已导出项目 {project_id} → {output}" + (f"（及 {len(written)} 个记录文件）" if written else ""))


def _export_bundle(project_id: int, text: str, files: dict[str, bytes], output: Path) -> None:
    from ..storage import bundle

    with _refusals():
        content = bundle.pack(text, files)
    output.write_bytes(content)
    attached = f"及 {len(files)} 个记录文件" if files else "，没有记录文件"
    click.echo(f"已导出项目 {project_id} 的项目包 → {output}（项目文件{attached}，{len(content)} 字节）")


@db.command("list")
@DATABASE_OPTION
def db_list(database: str | None) -> None:
    """列出数据库中的项目（前 200 个）。"""
    from ..storage import CLI
    from ..storage import projects as store_projects

    store = _open(database)
    with store.reading() as session:
        page = store_projects.list_projects(session, CLI, store_projects.Filters(), 1, 200)
        for row in page.rows:
            total = f"{row.total:.2f}" if row.total is not None else "—"
            click.echo(f"{row.id:>6}  {row.year or '':<6}{total:>8} {row.grade:<2} {row.department}  {row.name}")
    click.echo(f"共 {page.count} 个项目。")


# -- users ------------------------------------------------------------------------------------


@click.group(cls=Group, name="users")
def users_group() -> None:
    """用户：添加、列出、解锁。"""


@users_group.command("add")
@DATABASE_OPTION
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["admin", "finance", "evaluator", "unit"]),
              help="admin 管理员；finance 财政部门；evaluator 评价人员；unit 预算单位。")
@click.option("--department", default="", help="所属单位（预算单位用户必填）。")
@click.option("--password-stdin", is_flag=True, required=True, help="从标准输入读取密码（不在命令行中出现）。")
def users_add(database: str | None, name: str, role: str, department: str, password_stdin: bool) -> None:
    """添加用户 NAME，密码从标准输入读取。"""
    from ..storage import CLI, users
    from ..storage import projects as store_projects

    password = sys.stdin.readline().rstrip("\r\n")
    store = _open(database)
    with _refusals(), store.writing() as session:
        users.add_user(session, name, role, password, department)
        store_projects.record(session, CLI, None, "新建用户", "", "", f"{name}（{role}）")
    click.echo(f"已添加用户 {name}（{role}）")


@users_group.command("list")
@DATABASE_OPTION
def users_list(database: str | None) -> None:
    """列出用户。"""
    from ..storage import ROLES, users

    store = _open(database)
    with store.reading() as session:
        slowed = users.slowed_accounts(session)
        for user in users.list_users(session):
            state = "（已停用）" if not user.active else "（登录受限）" if user.username in slowed else ""
            click.echo(f"{user.username:<20}{ROLES.get(user.role, user.role):<8}{user.department}{state}")


@users_group.command("unlock")
@DATABASE_OPTION
@click.argument("name")
def users_unlock(database: str | None, name: str) -> None:
    """解除用户 NAME 的登录限制：忘记对该账户的失败登录，猜错过的地址不必再等待。"""
    from ..storage import users

    store = _open(database)
    with _refusals(), store.writing() as session:
        users.unlock(session, name)
    click.echo(f"已解除用户 {name} 的登录限制")
