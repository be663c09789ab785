"""Write a report's prose and tables, and read its truth off the same printed text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .grid import Document, Para, Table
from .model import Leaf, Report
from .noise import Printer
from .numbers import ZERO, fixed, trim
from .profiles import wordings

NUMERALS = "一二三四五六七八九十"
GOAL_L1 = {"产出数量": ("产出指标", "数量指标"), "产出质量": ("产出指标", "质量指标"), "产出时效": ("产出指标", "时效指标"),
           "产出成本": ("产出指标", "成本指标"), "社会效益": ("效益指标", "社会效益指标"), "可持续影响": ("效益指标", "可持续影响指标"),
           "满意度": ("满意度指标", "服务对象满意度指标")}
INTROS = ("该部分主要考察项目立项、绩效目标和资金投入情况。", "该部分主要考察资金管理和组织实施情况。",
          "该部分主要考察项目产出数量、质量、时效和成本情况。", "该部分主要考察项目实施的效益和服务对象满意度情况。")


class ReportPrinter:
    def __init__(self, report: Report, p: Printer) -> None:
        self.r, self.p = report, p
        self.mentions = 0

    # --- values shared by text, tables and truth ---
    def amount(self, x: Decimal) -> str:
        return fixed(x, 2, bool(self.r.profile.report.get("thousands")))

    def entity(self) -> str:
        """The named system or site; one mention may be misspelt."""
        name = self.r.variant if self.mentions == self.r.variant_at else self.r.entity
        self.mentions += 1
        return name

    def loss(self, leaf: Leaf) -> Decimal:
        return (leaf.weight or ZERO) - (leaf.score or ZERO)

    def money_template(self) -> str:
        return wordings("money")[self.r.wording["money"]]

    # --- prose ---
    def money_text(self) -> str:
        m = self.r.money
        text = self.money_template().format(year=self.r.year, initial=self.amount(m.initial), budget=self.amount(m.budget),
                                            arrived=self.amount(m.arrived), spent=self.amount(m.spent), rate=m.rate_text)
        return text + self.r.change

    def satisfaction_text(self, leaf: Leaf) -> str:
        loss = self.loss(leaf)
        tail = f"，扣{trim(loss)}分。" if loss > 0 else "。"
        if self.r.survey is None:
            return f"项目未开展满意度调查，评价期间未收到有效投诉，{leaf.name}视为90%{tail}"
        return f"评价组开展了满意度问卷调查，共回收有效问卷{100 + len(self.r.project) * 7}份，{leaf.name}为{leaf.actual}{tail}"

    def leaf_text(self, i: int, leaf: Leaf) -> str:
        if leaf.rule is not None and leaf.rule.kind == "satisfaction":
            return self.satisfaction_text(leaf)
        if self.loss(leaf) > 0 and i not in self.r.silent:
            return f"{leaf.name}：{leaf.reason or '未完全达到评分标准要求'}，扣{trim(self.loss(leaf))}分。"
        if leaf.level2 == "产出数量" and self.loss(leaf) == 0:
            figure = self.r.figure_override[1] if self.r.figure_override and self.r.figure_override[0] == i else leaf.actual
            return f"全年完成{leaf.name}{figure}。"
        return ""

    def analysis(self) -> list[Para]:
        out: list[Para] = []
        for k, level1 in enumerate(self.r.l1_points):
            text = INTROS[k]
            for i, leaf in enumerate(self.r.leaves):
                if leaf.level1 == level1:
                    text += self.leaf_text(i, leaf)
            if k == 2:
                text += f"{self.entity()}运行情况良好，各项产出任务按计划推进。"
            scored = sum((lf.score or ZERO for lf in self.r.leaves if lf.level1 == level1), ZERO)
            out += [Para(f"（{NUMERALS[k]}）{level1}情况", "h2"), Para(text + f"该部分得分{trim(scored)}分。")]
        return out

    def problems(self) -> list[Para]:
        lost = [(i, lf) for i, lf in enumerate(self.r.leaves) if self.loss(lf) > 0 and i not in self.r.silent and lf.reason]
        items = [f"{leaf.name}有待提高。原因：{leaf.reason}。" for _, leaf in lost[:2]]
        items.append(f"{self.entity()}相关过程资料归集不够系统。原因：资料分散保存在各经办科室，未建立统一台账。")
        return [Para(f"{n}. {text}") for n, text in enumerate(items, 1)]

    def methods(self) -> str:
        text = ("本次评价采用比较法、因素分析法和公众评判法。"
                "（1）比较法：将各项指标的实际完成值与年度指标值进行对比，考察绩效目标的实现程度；"
                "（2）因素分析法：分析影响项目产出和效益的内外部因素；（3）公众评判法：通过问卷和访谈了解服务对象的评价。")
        return text + self.r.foreign

    def document(self) -> Document:
        r = self.r
        title = wordings("titles")[r.wording["titles"]].format(year=r.year, project=r.project)
        blocks: list[Para | Table] = [
            Para(title, "title"),
            Para(f"根据《项目支出绩效评价管理办法》（财预〔2020〕10号）等文件要求，{r.department}组织评价组，"
                 f"对“{r.project}”项目{r.year}年度的实施情况开展绩效评价，形成报告如下："),
            Para("一、项目基本情况", "h1"), Para("（一）项目概况", "h2"),
            Para(f"{r.year}年度，本项目主要内容为：{r.ptype.overview.format(entity=self.entity())}。"),
            Para("（二）资金投入和使用情况", "h2"), Para(self.money_text()),
            Para("（三）项目绩效目标及完成情况", "h2"), Para("项目年度绩效目标及完成情况如下表："),
            Para("表1 项目绩效目标完成情况表", "note"), self.goals_table(),
            Para("二、绩效评价工作开展情况", "h1"), Para("（一）评价方法", "h2"), Para(self.methods()),
            Para("（二）评价过程", "h2"),
            Para("评价组通过资料审核、现场核查、座谈访谈等方式收集数据，按照评分标准逐项打分，形成评价结论。"),
            Para("三、综合评价结论", "h1"),
            Para(wordings("conclusion")[r.wording["conclusion"]].format(total=fixed(r.total), grade=r.grade)),
            Para("四、绩效评价指标分析", "h1"), *self.analysis(),
            Para("五、主要经验及做法", "h1"), Para(f"项目单位依托{self.entity()}加强过程管理，建立了工作台账和定期调度机制。"),
            Para("六、存在的问题及原因分析", "h1"), *self.problems(),
            Para("七、有关建议", "h1"),
            Para(f"建议进一步完善{self.entity()}的管理制度，加强绩效目标设置和过程资料管理，提高资金使用效益。"),
            Para(wordings("appendix")[r.wording["appendix"]].format(project=r.project), "h2"), self.score_table(),
        ]
        return Document([self.print_block(b) for b in blocks], self.p.chars(title))

    def print_block(self, block: Para | Table) -> Para | Table:
        if isinstance(block, Para):
            return Para(self.p.chars(block.text), block.style)
        for cell in block.cells:
            cell.text = self.p.chars(cell.text)
        return block

    # --- tables ---
    def goals_table(self) -> Table:
        t = Table(5)
        t.row([(h, 1) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值")], head=True)
        rows = [lf for lf in self.r.leaves if lf.level2 in GOAL_L1]
        for i, leaf in enumerate(rows):
            l1, l2 = GOAL_L1[leaf.level2]
            r = t.nrows
            if i == 0 or GOAL_L1[rows[i - 1].level2][0] != l1:
                t.put(r, 0, l1, sum(1 for lf in rows[i:] if GOAL_L1[lf.level2][0] == l1))
            if i == 0 or rows[i - 1].level2 != leaf.level2:
                t.put(r, 1, l2, sum(1 for lf in rows[i:] if lf.level2 == leaf.level2))
            actual = self.r.goals_satisfaction if leaf.level2 == "满意度" and self.r.goals_satisfaction else leaf.actual
            t.row([(leaf.name, 1), (leaf.target or "", 1), (actual or "", 1)])
        return t

    def score_table(self) -> Table:
        t = Table(9)
        t.row([(h, 1) for h in self.r.profile.report["columns"]], head=True)
        leaves = self.r.leaves
        for i, leaf in enumerate(leaves):
            r = t.nrows
            if i == 0 or leaves[i - 1].level1 != leaf.level1:
                rows = sum(1 for lf in leaves if lf.level1 == leaf.level1)
                t.put(r, 0, f"{leaf.level1}（{trim(self.r.l1_points[leaf.level1])}分）", rows)
            if i == 0 or leaves[i - 1].level2 != leaf.level2:
                points = self.r.l2_points[(leaf.level1, leaf.level2)]
                rows = sum(1 for lf in leaves if (lf.level1, lf.level2) == (leaf.level1, leaf.level2))
                t.put(r, 1, f"{leaf.level2}（{trim(points)}分）", rows)
            t.row([(leaf.name, 1), (trim(leaf.weight or ZERO), 1), (leaf.explain or f"考察{leaf.name}情况。", 1), (leaf.criterion, 1),
                   (leaf.target or "", 1), (leaf.actual or "", 1), (trim(leaf.score or ZERO), 1)])
        weights = sum((lf.weight or ZERO for lf in leaves), ZERO)
        t.row([("总分", 3), (trim(weights), 1), ("", 4), (fixed(self.r.total), 1)])
        return t

    # --- truth ---
    def truth(self) -> dict[str, Any]:
        r, m, template, c = self.r, self.r.money, self.money_template(), self.p.chars
        def stated(key: str, x: Decimal) -> str | None:
            return self.amount(x) if "{" + key + "}" in template else None
        return {
            "province": r.profile.province, "kind": "report", "project": c(r.project), "department": c(r.department), "unit": None,
            "year": str(r.year),
            "funds": {"initial": stated("initial", m.initial), "budget": stated("budget", m.budget),
                      "arrived": stated("arrived", m.arrived),
                      "spent": stated("spent", m.spent), "weight": None, "rate": m.rate_text, "score": None},
            "leaves": [{"level1": c(lf.level1), "level2": c(lf.level2), "name": c(lf.name), "target": lf.target, "actual": lf.actual,
                        "weight": trim(lf.weight or ZERO), "score": trim(lf.score or ZERO), "applicable": True} for lf in r.leaves],
            "total": fixed(r.total), "grade": c(r.grade), "scored": True,
        }
