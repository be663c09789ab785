"""The audit log in the words of the project page: what a reader of 修改记录 sees.

The log keeps what was done as it was done: the path in the project file
(``facts.信访事项办理及时率.actual``), the values as YAML, an upload's size and hash. That is the
record, and the JSON API gives it as it is. The page shows each entry through :func:`shown`: the
place as the project's indicator names and the labels its rule kinds declare
(``信访事项办理及时率 · 实际完成值``), the goal by its name (``绩效目标“系统正常运行率” · 实际完成值``),
an upload by its file, a replaced file by the parts that changed; no hashes, sizes or server paths.

A goal is named by its place in the list, which a replaced file can reorder and an edit can
rename: an entry older than such a change says the row (``绩效目标第3行``) instead of a name that
might be another goal's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from ..model import NARRATIVE_TEXTS, Indicator, Project
from ..rules.base import METRIC, NOTE, OVERRIDE, REASON, STATED, RuleRegistry
from .plain import AuditLine
from .yamledit import read_data, split

SEPARATOR = " · "
REPLACED, UPLOADED = "替换项目文件", "上传记录"  # actions as storage/projects.py records them
WHOLE_FILE = "整个项目文件"
SECTIONS = {"jixiao": "格式版本", "project": "项目信息", "funds": "资金", "goals": "绩效目标",
            "framework": "指标体系", "facts": "事实", "narrative": "评价报告文字", "evidence": "工作记录",
            "monitoring": "监控设置", "self_eval": "自评表设置", "wording": "报告措辞文件",
            "report": "报告封面和目录"}
PROJECT_KEYS = {"name": "项目名称", "department": "主管部门", "year": "年度", "category": "项目类别",
                "evaluator": "评价机构", "period": "评价时段", "start": "起始日期", "end": "截止日期"}
FUNDS_KEYS = {"budget": "预算（指标）金额", "arrived": "实际到位", "spent": "实际支出", "origin": "资金来源",
              "as_of": "支出统计截止日期"}
GOAL_KEYS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
             "actual": "实际完成值", "applicable": "是否适用", "weight": "分值"}
NARRATIVE_KEYS = {**NARRATIVE_TEXTS, "problems": "存在的问题", "recommendations": "相关建议和整改措施", "analysis": "指标分析",
                  "title": "问题", "detail": "具体情况", "cause": "原因"}
# Labels of fact keys any leaf may carry, for a leaf the current framework no longer has.
COMMON_FACTS = {f.key: f.label for f in (NOTE, STATED, OVERRIDE, METRIC, REASON)} | {"actual": "实际完成值"}
REPORT_KEYS = {"cover": "封面", "contents": "目录", "number": "报告编号", "commissioner": "委托单位", "date": "报告日期"}
OVERRIDE_KEYS = {"score": "调整后的得分", "reason": "调整理由"}  # as the workbook's rows say them
ACTIONS = {"导入": "导入项目文件", "状态": "变更状态"}
SENDERS = {"请求体": "通过接口提交"}  # what a project created from the API's request body is called


def shown(lines: Sequence[AuditLine], project: Project | None, registry: RuleRegistry) -> list[AuditLine]:
    """``lines`` (newest first) as the page shows them, worded after ``project`` (the current
    version; ``None`` when it no longer loads, and paths are then worded without its names)."""
    words = _Words(project, registry)
    out = []
    for line in lines:
        out.append(_entry(line, words))
        words.forget_goals(line)  # what is older than this line may name goals by other places
    return out


def _entry(line: AuditLine, words: _Words) -> AuditLine:
    if line.action == UPLOADED:  # the size and hash stay in the record; the file's name says enough
        action = "替换记录文件" if line.old else "上传记录文件"
        return dataclasses.replace(line, action=action, old="", new="")
    if line.action == REPLACED:
        return dataclasses.replace(line, path=replaced(line.old, line.new), old="", new="")
    if line.action in ("导入", "新建"):
        return dataclasses.replace(line, action=ACTIONS.get(line.action, line.action), new=_file_name(line.new))
    return dataclasses.replace(line, action=ACTIONS.get(line.action, line.action), path=words.place(line.path))


def _file_name(name: str) -> str:
    """An imported file by its name only: ``jixiao db import`` records the path it was given."""
    if name in SENDERS:
        return SENDERS[name]
    return PureWindowsPath(PurePosixPath(name).name).name


class _Words:
    """The names of one project's places: its leaves' fact labels (looked up once each) and its goals."""

    def __init__(self, project: Project | None, registry: RuleRegistry) -> None:
        self.project = project
        self.registry = registry
        self.goals = [goal.name for goal in project.goals] if project else []
        self.trusted: set[int] | None = None  # the goal rows still in place; None: all of them
        self._labels: dict[str, dict[str, str]] = {}

    def place(self, path: str) -> str:
        keys = split(path)
        if not keys:
            return path
        head, rest = keys[0], keys[1:]
        if head == "status" and not rest:
            return "项目状态"
        if head == "facts" and rest:
            return self._fact(rest)
        if head == "goals" and rest:
            return self._goal(rest)
        named = {"project": PROJECT_KEYS, "funds": FUNDS_KEYS, "narrative": NARRATIVE_KEYS, "report": REPORT_KEYS}.get(head)
        return _joined(SECTIONS.get(head, head), rest, named) if named is not None else path

    def _fact(self, keys: list[str]) -> str:
        leaf, rest = keys[0], keys[1:]
        if not rest:
            return f"{leaf}{SEPARATOR}事实"
        if rest[0] == OVERRIDE.key and len(rest) == 2 and rest[1] in OVERRIDE_KEYS:
            return f"{leaf}{SEPARATOR}{OVERRIDE_KEYS[rest[1]]}"
        return _joined(leaf, rest, self.labels(leaf), first_item=1)  # reasons.3: the third point's

    @cached_property
    def leaves(self) -> dict[str, Indicator]:
        """The project's leaves by name, looked up once the first fact path is worded."""
        return {node.name: node for _, node in self.project.framework.leaves()} if self.project else {}

    def labels(self, leaf: str) -> dict[str, str]:
        """Each fact key of ``leaf`` → the label its rule kind declares (the form's and the workbook's)."""
        if leaf not in self._labels:
            self._labels[leaf] = {**COMMON_FACTS, **_declared(self.leaves.get(leaf), self.registry)}
        return self._labels[leaf]

    def _goal(self, keys: list[str]) -> str:
        index = int(keys[0]) if keys[0].isdigit() else None
        if index is None:
            return _joined("绩效目标", keys, GOAL_KEYS)
        in_place = self.trusted is None or index in self.trusted
        name = self.goals[index] if in_place and index < len(self.goals) else ""
        goal = f"绩效目标“{name}”" if name else f"绩效目标第{index + 1}行"
        return _joined(goal, keys[1:], GOAL_KEYS)

    def forget_goals(self, line: AuditLine) -> None:
        """After ``line`` (going back in time), the goal rows it moved or renamed name other goals."""
        keys = split(line.path)
        if line.action == REPLACED and "goals" in (changed_sections(line.old, line.new) or ("goals",)):
            self.trusted = set()
        elif keys[:1] == ["goals"] and (len(keys) < 3 or keys[2] == "name"):
            moved = {int(keys[1])} if len(keys) > 1 and keys[1].isdigit() else set(range(len(self.goals)))
            self.trusted = (set(range(len(self.goals))) if self.trusted is None else self.trusted) - moved


def _declared(node: Indicator | None, registry: RuleRegistry) -> dict[str, str]:
    rule = node.rule if node is not None else None
    kind = registry.get(rule.kind) if rule is not None else None
    if node is None or rule is None or kind is None:
        return {}
    return {f.key: f.label for f in kind.fields(rule.params, node.weight)}


def _joined(first: str, keys: Iterable[str], labels: dict[str, str], first_item: int = 0) -> str:
    """``first`` and each key by its label; an item number as 第N项 (``first_item``: the number
    of the first item, 0 for a list's index, 1 for a numbered map's keys)."""
    words = [first]
    for key in keys:
        words.append(f"第{int(key) + 1 - first_item}项" if key.isdigit() else labels.get(key, key))
    return SEPARATOR.join(words)


# -- a replaced file: the parts that changed ------------------------------------------------------


@lru_cache(maxsize=64)
def replaced(old: str, new: str) -> str:
    """Where a replaced file changed: ``整个项目文件（改动：资金、培训人次的事实）``. Cached: the log
    keeps both texts, and a page would otherwise parse them again on every view."""
    sections = changed_sections(old, new)
    if sections is None:
        return WHOLE_FILE
    parts = [SECTIONS.get(key, key) for key in sections if key != "facts"]
    if "facts" in sections:
        parts.extend(_changed_facts(old, new))
    return f"{WHOLE_FILE}（改动：{'、'.join(parts)}）" if parts else f"{WHOLE_FILE}（仅改动注释或格式）"


@lru_cache(maxsize=64)
def changed_sections(old: str, new: str) -> tuple[str, ...] | None:
    """The top-level keys whose values differ, in the new file's order; ``None`` when either text
    is not a YAML map (nothing can be said of what changed)."""
    before, after = read_data(old), read_data(new)
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return None
    keys = [*after, *(k for k in before if k not in after)]
    return tuple(str(k) for k in keys if before.get(k) != after.get(k))


def _changed_facts(old: str, new: str) -> list[str]:
    """``培训人次的事实`` for each leaf whose facts changed (``甲等 5 项指标的事实`` for many)."""
    before, after = _section(old, "facts"), _section(new, "facts")
    names = [str(k) for k in [*after, *(k for k in before if k not in after)] if before.get(k) != after.get(k)]
    if not names:
        return ["事实"]
    if len(names) > 3:
        return [f"{names[0]}等 {len(names)} 项指标的事实"]
    return [f"{name}的事实" for name in names]


def _section(text: str, key: str) -> dict[Any, Any]:
    data = read_data(text)
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}
