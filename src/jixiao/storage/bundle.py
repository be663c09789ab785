"""A project bundle (项目包): one zip holding a project file and the files stored with it.

``project.yaml`` sits at the top, each attachment under the name the project file gives it
(``records/worklog-2023.csv``), byte for byte as stored. :func:`pack` writes one; :func:`unpack`
reads one back into an :class:`~.projects.Incoming`, which then passes the one gate (``admit``)
like any other new project, its records with it. Export then import gives back the same text,
the same bytes and the same score.

A bundle comes from outside, so :func:`unpack` reads nothing it has not measured first: the
archive's size, how many members it has, each member's name (a relative path inside the
project's folder: no ``..``, no root, no drive, no link), each member's declared size and its
ratio to the compressed size (a zip bomb declares gigabytes in kilobytes), and no archive inside
the archive. Every refusal is a Chinese message naming the member and what to do.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, Source
from ..sheets import MAX_RATIO, MAX_UNPACKED
from .attachments import WORKBOOK_SUFFIXES, safe_name
from .errors import Invalid
from .projects import Incoming

PROJECT_FILE = "project.yaml"
MAX_MEMBERS = 200  # a project's record files and calendar, with room to spare
MAX_BUNDLE = MAX_UNPACKED  # bytes of the archive itself (a web upload is capped lower, by LIMITS)
RATIO_FLOOR = 64 * 1024  # members smaller than this cannot hold a bomb, however well they compress
STAMP = (1980, 1, 1, 0, 0, 0)  # every member's time: the same project packs to the same bytes
ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".jar")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
JUNK_FOLDER = "__MACOSX/"  # what zipping a folder on a Mac adds (and skipped, as the files below)
JUNK_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
SEE = "项目包是从项目页面下载、或用 jixiao db export 编号 -o 文件.zip 导出的 zip 文件，内含 project.yaml 和 records/ 下的记录文件"


def is_bundle(name: str, content: bytes) -> bool:
    """Whether an upload is a bundle rather than a project file: a ``.zip`` name or zip bytes."""
    return name.lower().endswith(".zip") or content.startswith(ZIP_SIGNATURES)


def pack(text: str, files: Mapping[str, bytes]) -> bytes:
    """The bundle of a project file and its stored files: ``project.yaml`` first, then the
    files by name, each with the same fixed time, so packing the same project gives the same bytes."""
    if PROJECT_FILE in files:
        raise Invalid(f"项目的附件“{PROJECT_FILE}”与项目文件同名，无法打包；请先在 evidence 中改用其他文件名")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [(PROJECT_FILE, text.encode("utf-8")), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content)
    return out.getvalue()


def check_size(size: int, name: str) -> None:
    """Refuse a bundle of ``size`` bytes over :data:`MAX_BUNDLE`, before it is read."""
    if size > MAX_BUNDLE:
        raise _refusal(name, f"文件超过 {MAX_BUNDLE // 1024 // 1024} MB", "请删去不属于项目的文件后重新打包")


@dataclass(frozen=True, slots=True)
class _Member:
    info: zipfile.ZipInfo
    name: str  # the normalised path inside the project's folder


def unpack(content: bytes, name: str) -> Incoming:
    """The project file and attachments of the bundle ``content`` (``name``: the bundle's file
    name, for messages), measured before anything is decompressed; raises :class:`Invalid`."""
    check_size(len(content), name)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = _members(archive, name)
            files = {m.name: _read(archive, m, name) for m in members}
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
        # zipfile's own words are English and name its internals; the person needs to know which file
        raise _refusal(name, "不是有效的 zip 压缩包，或已损坏", SEE) from None
    project, root = _project_file(files, name)
    try:
        text = files.pop(project).decode("utf-8")
    except UnicodeDecodeError:
        raise _refusal(name, f"其中的 {project} 不是 UTF-8 编码的文本文件", "请用 UTF-8 编码另存该文件后重新打包") from None
    attached = {path[len(root):]: data for path, data in files.items()}
    return Incoming(f"{name}/{project}", text, attached)


def _members(archive: zipfile.ZipFile, name: str) -> list[_Member]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refusal(name, f"含有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS} 个", "项目包只应包含项目文件和它引用的记录文件")
    members: dict[str, _Member] = {}
    total = 0
    for info in infos:
        if info.is_dir() or _junk(info.filename):
            continue
        member = _Member(info, _checked_name(info, name))
        if member.name in members:
            raise _refusal(name, f"含有两个同名的文件“{member.name}”", "请重新打包，每个文件只放一份")
        _check_size(info, name)
        total += info.file_size
        if total > MAX_UNPACKED:
            raise _bomb(name, f"解压后合计超过 {MAX_UNPACKED // 1024 // 1024} MB")
        members[member.name] = member
    return list(members.values())


def _junk(path: str) -> bool:
    return path.startswith(JUNK_FOLDER) or PurePosixPath(path).name in JUNK_FILES


def _checked_name(info: zipfile.ZipInfo, name: str) -> str:
    """The member's path inside the project's folder, or a refusal (zip-slip, links, encryption)."""
    path = info.filename
    if not safe_name(path):
        raise _refusal(name, f"其中的文件名“{path}”不合法：只能是项目文件夹内的相对路径",
                       "不能以 / 开头，不能含有 ..、盘符或 \\；请重新打包")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _refusal(name, f"其中的“{path}”是符号链接", "请放入文件本身，重新打包")
    if info.flag_bits & 0x1:
        raise _refusal(name, f"其中的“{path}”已加密", "请不设密码重新打包")
    if path.lower().endswith(ARCHIVE_SUFFIXES):
        raise _nested(name, path)
    return str(PurePosixPath(path))


def _check_size(info: zipfile.ZipInfo, name: str) -> None:
    if info.file_size > MAX_UNPACKED:
        raise _bomb(name, f"其中的“{info.filename}”解压后超过 {MAX_UNPACKED // 1024 // 1024} MB")
    if info.file_size >= RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise _bomb(name, f"其中的“{info.filename}”压缩比异常（解压后是压缩时的 {ratio} 倍，上限 {MAX_RATIO} 倍）")


def _read(archive: zipfile.ZipFile, member: _Member, name: str) -> bytes:
    """A member's bytes, never more than it declared (its CRC is checked as it is read)."""
    with archive.open(member.info) as stream:
        data = stream.read(member.info.file_size + 1)
    if len(data) > member.info.file_size:
        raise _bomb(name, f"其中的“{member.name}”解压后比声明的更大")
    if data.startswith(ZIP_SIGNATURES) and not member.name.lower().endswith(WORKBOOK_SUFFIXES):
        raise _nested(name, member.name)
    return data


def _project_file(files: Mapping[str, bytes], name: str) -> tuple[str, str]:
    """Where the project file is, and the folder every path is relative to: the top, or the one
    folder a person zipped (``yantian/project.yaml``, ``yantian/records/…``)."""
    if PROJECT_FILE in files:
        return PROJECT_FILE, ""
    tops = {path.split("/", 1)[0] for path in files}
    if len(tops) == 1 and (nested := f"{tops.pop()}/{PROJECT_FILE}") in files:
        return nested, nested[: -len(PROJECT_FILE)]
    found = "、".join(sorted(files)[:10]) or "（空）"
    raise _refusal(name, f"其中没有 {PROJECT_FILE}（其中有：{found}）", SEE)


def _refusal(name: str, what: str, hint: str) -> Invalid:
    """Why the bundle ``name`` is refused: the summary, and the problem as a diagnostic."""
    return Invalid(f"项目包 {name} 无法导入，没有导入任何项目", [Diagnostic("file-unreadable", what, Source(name), hint)])


def _bomb(name: str, what: str) -> Invalid:
    return _refusal(name, f"可能是压缩炸弹：{what}", "请确认文件来源；项目包只应包含项目文件和它的记录文件")


def _nested(name: str, path: str) -> Invalid:
    return _refusal(name, f"其中的“{path}”又是一个压缩包", "项目包中不能再套压缩包；请把其中的文件解压后直接放入项目包")

