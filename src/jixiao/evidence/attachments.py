"""Check the evidence files that records point to: each exists, and matches its checksum.

A checksum is written as ``sha256:<hex>`` or ``md5:<hex>``, or as bare hex (64 digits: SHA-256,
32: MD5). Paths are relative to the ledger's own folder. Reading every attachment is slow, so a
project asks for it with ``evidence.verify_attachments: 是``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from .records import Record

_BY_LENGTH = {64: "sha256", 32: "md5"}


def verify_attachments(records: Iterable[Record], base_dir: Path, diags: list[Diagnostic]) -> None:
    for record in records:
        if record.attachment:
            _verify(record, base_dir / Path(record.source.file).parent / record.attachment, diags)


def _verify(record: Record, path: Path, diags: list[Diagnostic]) -> None:
    if not path.is_file():
        diags.append(Diagnostic("record-attachment", f"附件“{record.attachment}”不存在", record.source,
                                "附件路径相对于记录文件所在目录；补齐附件或更正路径", Severity.WARNING))
        return
    if not record.checksum:
        return
    algorithm, _, expected = record.checksum.strip().lower().rpartition(":")
    algorithm = algorithm or _BY_LENGTH.get(len(expected), "")
    if algorithm not in ("sha256", "md5"):
        diags.append(Diagnostic("record-attachment", f"校验值“{record.checksum}”看不出算法", record.source,
                                "写成 sha256:十六进制 或 md5:十六进制"))
        return
    actual = hashlib.new(algorithm, path.read_bytes()).hexdigest()
    if actual != expected:
        diags.append(Diagnostic("record-attachment", f"附件“{record.attachment}”与校验值不符（实际 {algorithm}:{actual}）",
                                record.source, "附件可能被替换或损坏；核对原件后更新附件或校验值"))
