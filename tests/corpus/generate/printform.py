"""Lay a form out as its province prints it (a table of merged cells) and read its truth off the same printed text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .grid import Document, Para, Table, spans
from .model import Form, FundsRow, Leaf
from .noise import Printer
from .numbers import ZERO, fixed, percent, styled, trim
from .profiles import department

BASES = ("计划标准", "行业标准", "历史标准")  # 指标值设置依据 of the 2023 form
EVIDENCE = ("工作台账", "验收报告", "支付凭证", "调查问卷")  # 佐证资料

class FormPrinter:
    def __init__(self, form: Form, p: Printer) -> None:
        self.form, self.p, self.profile = form, p, form.profile
        self.ncols = len(self.profile.columns)

    # --- printed values, shared by the table and the truth ---
    def money(self, x: Decimal | None) -> str:
        if x is None:
            return ""
        return self.p(fixed(x) if self.profile.funds.money == "2" else trim(x), "number")

    def num(self, x: Decimal | None) -> str:
        return "" if x is None else self.p(styled(x, self.profile.score_style), "number")

    def level1(self, leaf: Leaf) -> str:
        return self.p(leaf.level1, "l1")

    def level1_cell(self, leaf: Leaf) -> str:
        points = self.form.l1_points[leaf.level1]
        return self.profile.level1_label.format(name=self.level1(leaf), points=trim(points))

    def target(self, leaf: Leaf) -> str | None:
        if "nature" in self.profile.columns:
            text = self.nature(leaf) if leaf.kind not in ("qual", "na") else ""
            text += self.p(leaf.value, "target") + self.p(leaf.unit, "target") if leaf.value else ""
            return text or None if leaf.target is not None else None
        return self.p.opt(leaf.target, "target")

    def nature(self, leaf: Leaf) -> str:
        if leaf.target is None:
            return ""
        return "定性" if leaf.kind == "qual" else self.p(leaf.comparator, "target")

    def reason(self, i: int, leaf: Leaf) -> str:
        template = self.form.template.get(f"reason:{i}")
        return self.p(template, "text") if template else self.p(leaf.reason, "prose")

    def cell(self, key: str, i: int, leaf: Leaf) -> str:
        values = {
            "name": lambda: self.p(leaf.name, "name"),
            "target": lambda: self.target(leaf) or "",
            "nature": lambda: self.nature(leaf),
            "value": lambda: self.p(leaf.value, "target") if leaf.target is not None else "",
            "unit": lambda: self.p(leaf.unit, "target") if leaf.target is not None else "",
            "actual": lambda: self.p(leaf.actual, "actual"),
            "weight": lambda: self.num(leaf.weight),
            "score": lambda: self.num(leaf.score),
            "reason": lambda: self.reason(i, leaf),
            "explain": lambda: self.p(leaf.explain, "text"),
            "criterion": lambda: self.p(leaf.criterion, "text"),
            "basis": lambda: self.p(BASES[i % len(BASES)], "text") if leaf.applicable else "",
            "previous": lambda: (self.target(leaf) or "").lstrip("≥≤=＝") if leaf.kind not in ("qual", "na") else "",
            "evidence": lambda: self.p(EVIDENCE[i % len(EVIDENCE)], "text") if leaf.applicable else "",
            "rate": lambda: self.p(self.completion(leaf), "number"),
        }
        return values[key]()

    def completion(self, leaf: Leaf) -> str:
        """完成率 as the 2023 form writes it: actual ÷ target, reversed for a ceiling, capped at 100%."""
        if leaf.completion is not None:
            return leaf.completion
        if leaf.t_num is None or leaf.a_num is None or not leaf.t_num or not leaf.a_num:
            return ""
        rate = leaf.t_num / leaf.a_num if leaf.kind == "reverse" else leaf.a_num / leaf.t_num
        return percent(min(rate, Decimal(1)), self.profile.rate_style)

    def grade(self) -> str:
        template = self.form.template.get("grade")
        return self.p(template, "text") if template else self.p(self.form.grade, "grade")

    def achieved(self) -> str:
        form = self.form
        if "achieved" in form.template:
            return self.p(form.template["achieved"], "text")
        text = form.achieved
        if form.figure_leaf >= 0:
            text += f"全年实际完成{form.leaves[form.figure_leaf].name}{form.figure}。"
        text += form.exec_reason + form.change_reason + form.foreign
        return self.p(text, "prose")

    # --- the table ---
    def table(self, title: str | None) -> Table:
        t = Table(self.ncols)
        if title:
            t.row([(title, self.ncols)], head=True)
        self.header(t)
        self.funds(t)
        self.goals(t)
        self.indicator_header(t)
        self.leaves(t)
        self.total(t)
        return t

    def label(self, text: str) -> str:
        return self.p(text, "label")

    def header(self, t: Table) -> None:
        h, n, form = self.profile.header, self.ncols, self.form
        left = (n - 2) // 2
        if form.kind == "form":
            t.row([(self.label(h["project"]), 1), (self.p(form.project, "name"), n - 1)])
        t.row([(self.label(h["department"]), 1), (self.p(form.department, "name"), left), (self.label(h["unit"]), 1),
               (self.p(form.unit, "name"), n - 2 - left)])
        if self.profile.leader:
            labels = self.profile.leader
            phone = self.form.template.get("phone") or form.phone
            t.row([(self.label(labels["leader"]), 1), (self.p(form.leader, "name"), left), (self.label(labels["phone"]), 1),
                   (self.p(phone, "text" if "phone" in self.form.template else "number"), n - 2 - left)])

    def funds_label(self, row: FundsRow) -> str:
        if self.form.kind == "department":
            return str(department()["rows"][row.key])
        return self.profile.funds.rows[row.key]

    def fund_value(self, key: str, row: FundsRow) -> str:
        total = row.key == "total"
        if key in ("initial", "budget", "spent"):
            return self.money(getattr(row, key))
        if key == "weight":
            return self.num(self.form.exec_weight) if total else ""
        if key == "rate":
            if total:
                return self.p(self.form.rate_text, "number")
            if self.profile.funds.subrow_rate and row.budget:
                return self.p(percent((row.spent or ZERO) / row.budget, self.profile.rate_style), "number")
            return ""
        return self.num(self.form.exec_score) if total else ""

    def funds(self, t: Table) -> None:
        columns = self.profile.funds.columns
        widths = spans(self.ncols - 2, len(columns))
        block = department()["funds_block"] if self.form.kind == "department" else self.profile.funds.block
        rows = self.form.funds
        labels = self.profile.funds.labels
        t.row([(self.label(block), 1, len(rows) + 1), ("", 1)] + [(self.label(labels[k]), w) for k, w in zip(columns, widths, strict=True)])
        for row in rows:
            t.row([(self.label(self.funds_label(row)), 1)] + [(self.fund_value(k, row), w) for k, w in zip(columns, widths, strict=True)])

    def goals(self, t: Table) -> None:
        g = department()["goals"] if self.form.kind == "department" else self.profile.goals
        left = (self.ncols - 1) // 2
        t.row([(self.label(g["block"]), 1, 2), (self.label(g["expected"]), left), (self.label(g["achieved"]), self.ncols - 1 - left)])
        t.row([(self.p(self.form.expected, "prose"), left), (self.achieved(), self.ncols - 1 - left)])

    def indicator_header(self, t: Table) -> None:
        cols, labels = self.profile.columns, self.profile.column_labels
        if self.profile.indicator_header == "single":
            t.row([(self.label(labels[c]), 1) for c in cols], head=True)
            return
        first: list[tuple[str, int, int]] = [(self.label(self.profile.block_label), 3, 1)]
        second = [(self.label(labels[c]), 1) for c in cols[:3]]
        rest = cols[3:]
        i = 0
        while i < len(rest):
            if rest[i] == "nature":
                first.append((self.label(labels["target"]), 3, 1))
                second += [(self.label(labels[c]), 1) for c in rest[i : i + 3]]
                i += 3
            else:
                first.append((self.label(labels[rest[i]]), 1, 2))
                i += 1
        t.row(first, head=True)
        t.row(second, head=True)

    def leaves(self, t: Table) -> None:
        leaves = self.form.leaves
        for i, leaf in enumerate(leaves):
            r = t.nrows
            if i == 0 or leaves[i - 1].level1 != leaf.level1:
                t.put(r, 0, self.level1_cell(leaf), self._run(i, lambda a, b: a.level1 == b.level1))
            if i == 0 or (leaves[i - 1].level1, leaves[i - 1].level2) != (leaf.level1, leaf.level2):
                t.put(r, 1, self.p(leaf.level2, "l2"), self._run(i, lambda a, b: (a.level1, a.level2) == (b.level1, b.level2)))
            t.row([(self.cell(key, i, leaf), 1) for key in self.profile.columns[2:]])

    def _run(self, i: int, same: Any) -> int:
        leaves, n = self.form.leaves, 1
        while i + n < len(leaves) and same(leaves[i], leaves[i + n]):
            n += 1
        return n

    def total(self, t: Table) -> None:
        cols = self.profile.columns
        first = min(cols.index("weight"), cols.index("score"))
        weights = self.form.exec_weight + sum((lf.weight or ZERO for lf in self.form.leaves), ZERO)
        items: list[tuple[str, int]] = [(self.label(self.profile.total_label), first)]
        for key in cols[first:]:
            items.append((self.num(weights) if key == "weight" else self.num(self.form.total) if key == "score" else "", 1))
        t.row(items)
        t.row([(self.label(self.profile.grade_label), first), (self.grade(), self.ncols - first)])

    # --- the whole document and its truth ---
    def document(self, title_in_table: bool, notes_in_table: bool) -> Document:
        form = self.form
        title = self.p(form.title, "label")
        blocks: list[Para | Table] = []
        if self.profile.prefix:
            blocks.append(Para(self.p(self.profile.prefix, "label"), "note"))
        if not title_in_table:
            blocks.append(Para(title, "title"))
        table = self.table(title if title_in_table else None)
        blocks.append(table)
        notes = [self.p(n, "text") for n in form.notes]
        if notes and notes_in_table:
            table.row([("注：" + "".join(notes), self.ncols)])
        elif notes:
            blocks += [Para("注：", "note")] + [Para(n, "note") for n in notes]
        return Document(blocks, title)

    def truth(self) -> dict[str, Any]:
        form, total = self.form, self.form.total_row()
        return {
            "province": form.profile.province,
            "kind": form.kind,
            "project": self.p.opt(form.project, "name"),
            "department": self.p.opt(form.department, "name"),
            "unit": self.p.opt(form.unit, "name"),
            "year": str(form.year),
            "funds": {"initial": self.money(total.initial) or None, "budget": self.money(total.budget) or None, "arrived": None,
                      "spent": self.money(total.spent) or None, "weight": self.num(form.exec_weight),
                      "rate": self.p(form.rate_text, "number"), "score": self.num(form.exec_score) or None},
            "leaves": [self.leaf_truth(leaf) for leaf in form.leaves],
            "total": self.num(form.total) or None,
            "grade": None if form.grade is None or "grade" in form.template else self.grade(),
            "scored": form.scored,
        }

    def leaf_truth(self, leaf: Leaf) -> dict[str, Any]:
        return {"level1": self.level1(leaf), "level2": self.p(leaf.level2, "l2"), "name": self.p(leaf.name, "name"),
                "target": self.target(leaf), "actual": self.p.opt(leaf.actual, "actual"), "weight": self.num(leaf.weight) or None,
                "score": self.num(leaf.score) or None, "applicable": leaf.applicable}
