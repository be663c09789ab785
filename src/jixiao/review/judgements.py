"""A reviewer's judgements on findings: "this does not apply, because …", kept for next time.

A judgement names a finding by its :attr:`~jixiao.audit.base.Finding.key` (check, place, words
quoted) and the document by the SHA-256 of its bytes, so the same document reviewed again — under
any name, from any folder — shows the finding as 已排除 with the reviewer's reason instead of
raising it again; a changed document is a new document. Judgements live in a YAML file beside the
documents (``.jixiao-复核判断.yaml``), readable and editable by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..audit import Finding

FILE_NAME = ".jixiao-复核判断.yaml"


@dataclass(frozen=True, slots=True)
class Judgement:
    key: str
    code: str
    quote: str
    reason: str
    date: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "code": self.code, "quote": self.quote, "reason": self.reason, "date": self.date}


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_for(document: Path) -> Path:
    return document.resolve().parent / FILE_NAME


def load(store: Path) -> dict[str, Any]:
    """The judgements file as data; an unreadable or absent one is empty (never a crash)."""
    try:
        data = yaml.safe_load(store.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def judgements(store: Path, document: Path) -> dict[str, Judgement]:
    entry = load(store).get(fingerprint(document)) or {}
    out = {}
    for item in entry.get("dismissed") or []:
        if isinstance(item, dict) and item.get("key") and item.get("reason"):
            out[str(item["key"])] = Judgement(str(item["key"]), str(item.get("code", "")), str(item.get("quote", "")),
                                              str(item["reason"]), str(item.get("date", "")))
    return out


def dismiss(store: Path, document: Path, finding: Finding, reason: str, today: dt.date | None = None) -> Judgement:
    """Record that ``finding`` does not apply to ``document``, with the reviewer's ``reason``."""
    data = load(store)
    entry = data.setdefault(fingerprint(document), {"file": document.name, "dismissed": []})
    first = finding.locations[0].quote if finding.locations else finding.message
    judgement = Judgement(finding.key, finding.code, first[:80], reason.strip(), (today or dt.date.today()).isoformat())
    entry["dismissed"] = [d for d in entry.get("dismissed") or [] if d.get("key") != finding.key]
    entry["dismissed"].append(judgement.to_json())
    store.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return judgement


@dataclass(frozen=True, slots=True)
class Judged:
    """A review's findings split by the reviewer's judgements."""

    findings: tuple[Finding, ...]  # still standing
    dismissed: tuple[tuple[Finding, Judgement], ...]


def apply(findings: tuple[Finding, ...], kept: dict[str, Judgement]) -> Judged:
    standing = tuple(f for f in findings if f.key not in kept)
    return Judged(standing, tuple((f, kept[f.key]) for f in findings if f.key in kept))


def without(review: Any, judged: Judged) -> Any:
    """The review with dismissed findings taken out of its findings (they no longer fail it)."""
    return replace(review, findings=judged.findings, dismissed=judged.dismissed)
