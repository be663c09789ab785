"""Build a clean evaluation report (绩效评价报告): its money, its scoring table with criteria as data, its losses."""

from __future__ import annotations

import random
from decimal import Decimal

from . import scoring
from .content import Ind, ProjectType
from .forms import agencies, draw_spent, money, project_name, weights
from .model import Leaf, Money, Report, Rule
from .numbers import HUNDRED, ONE, ZERO, fixed, q2, trim
from .profiles import Profile, criteria, wordings

CHECKLISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "立项依据充分性": ("充分", ("项目立项符合国家法律法规、国民经济发展规划和相关政策", "项目立项符合行业发展规划和政策要求",
                         "项目立项与部门职责范围相符，属于部门履职所需", "项目属于公共财政支持范围")),
    "立项程序规范性": ("规范", ("项目按照规定的程序申请设立", "审批文件、材料符合相关要求", "事前已经过必要的可行性研究和集体决策")),
    "绩效目标合理性": ("合理", ("项目有绩效目标", "绩效目标与实际工作内容具有相关性", "预期产出效益和效果符合正常的业绩水平",
                         "绩效目标与预算确定的资金量相匹配")),
    "绩效目标明确性": ("明确", ("将绩效目标细化分解为具体的绩效指标", "通过清晰、可衡量的指标值予以体现",
                         "与项目年度任务数或计划数相对应")),
    "预算编制科学性": ("科学", ("预算编制经过科学论证", "预算内容与项目内容匹配", "预算额度测算依据充分，按照标准编制")),
    "资金分配合理性": ("合理", ("资金分配依据充分", "资金分配额度合理，与项目单位实际相适应")),
    "资金使用合规性": ("合规", ("符合国家财经法规和财务管理制度", "资金拨付有完整的审批程序和手续", "符合项目预算批复或合同规定的用途",
                         "不存在截留、挤占、挪用、虚列支出等情况")),
    "管理制度健全性": ("健全", ("已制定相应的财务和业务管理制度", "财务和业务管理制度合法、合规、完整")),
    "制度执行有效性": ("有效", ("遵守相关法律法规和业务管理规定", "项目调整及支出调整手续完备", "项目合同书、验收报告等资料齐全并及时归档",
                         "项目实施的人员条件、场地设备等落实到位")),
}
DECISION = (("项目立项", ("立项依据充分性", "立项程序规范性")), ("绩效目标", ("绩效目标合理性", "绩效目标明确性")),
            ("资金投入", ("预算编制科学性", "资金分配合理性")))
PROCESS = (("资金管理", ("资金到位率", "预算执行率", "资金使用合规性")), ("组织实施", ("管理制度健全性", "制度执行有效性")))
CIRCLED = "①②③④⑤⑥"


def crit(rng: random.Random, kind: str, **fields: str) -> str:
    return rng.choice(criteria(kind)).format(**fields)


def item_points(weight: Decimal, count: int) -> list[Decimal]:
    """A checklist's item points in half points, adding up to the leaf's weight."""
    halves = int(weight * 2)
    base, extra = divmod(halves, count)
    return [Decimal(base + (1 if i < extra else 0)) / 2 for i in range(count)]


def checklist(rng: random.Random, name: str, weight: Decimal, level2: str, level1: str) -> Leaf:
    target, texts = CHECKLISTS[name]
    items = tuple(zip(texts, item_points(weight, len(texts)), strict=True))
    leaf = Leaf(level1, level2, level2, name, "report", value=target, weight=weight)
    leaf.rule = Rule("checklist", items=items)
    leaf.criterion = "；".join(f"{CIRCLED[i]}{t}（{trim(p)}分）" for i, (t, p) in enumerate(items)) + "。"
    met = weight
    if rng.random() < 0.15 and len(items) > 2:
        failed = rng.randrange(1, len(items))
        met = weight - items[failed][1]
        leaf.reason = f"经核查，{items[failed][0]}方面存在不足，不满足第{CIRCLED[failed]}项要求"
    leaf.a_num = met / weight
    leaf.actual = f"{trim(q2(leaf.a_num * HUNDRED))}%"
    return leaf


def arrival(weight: Decimal, level2: str, level1: str) -> Leaf:
    leaf = Leaf(level1, level2, level2, "资金到位率", "report", value="100%", weight=weight, actual="100%", a_num=ONE)
    leaf.rule = Rule("rate_times")
    leaf.criterion = "资金到位率=实际到位资金/预算资金×100%；得分=资金到位率×分值。"
    return leaf


def execution(rng: random.Random, weight: Decimal, level2: str, level1: str, rate: Decimal) -> Leaf:
    threshold, step = Decimal(rng.choice((95, 98, 100))), Decimal(rng.choice(("0.1", "0.2", "0.5")))
    leaf = Leaf(level1, level2, level2, "预算执行率", "report", value=f"≥{trim(threshold)}%", weight=weight)
    leaf.rule = Rule("step", threshold=threshold, step=step)
    rule = crit(rng, "step", metric="预算执行率", threshold=trim(threshold), step=trim(step))
    leaf.criterion = "预算执行率=实际支出/实际到位资金×100%；" + rule
    leaf.a_num, leaf.actual = rate, f"{fixed(rate * HUNDRED)}%"
    if rate * HUNDRED < threshold:
        leaf.reason = f"预算执行率为{leaf.actual}，低于{trim(threshold)}%"
    return leaf


def count_leaf(rng: random.Random, ind: Ind, weight: Decimal, level2: str, level1: str, reasons: tuple[str, ...]) -> Leaf:
    t = Decimal(rng.choice(ind.targets))
    miss = rng.random() < 0.2 and t >= 10
    a = (t * Decimal(rng.randint(88, 98)) / 100).to_integral_value() if miss else t
    leaf = Leaf(level1, level2, level2, ind.name, "report", value=f"{trim(t)}{ind.unit}", weight=weight, a_num=a,
                actual=f"{trim(a)}{ind.unit}")
    leaf.rule = Rule("ratio", target=t)
    leaf.criterion = crit(rng, "ratio", metric=ind.name, target=f"{trim(t)}{ind.unit}")
    if miss:
        leaf.reason = f"{ind.name}完成{leaf.actual}，未达到{leaf.value}的目标，主要原因是{rng.choice(reasons).split('，')[0]}"
    return leaf


def rate_leaf(rng: random.Random, ind: Ind, weight: Decimal, level2: str, level1: str) -> Leaf:
    t = Decimal(rng.choice(ind.targets))
    leaf = Leaf(level1, level2, level2, ind.name, "report", value=f"{trim(t)}%" if t == HUNDRED else f"≥{trim(t)}%", weight=weight)
    if t == HUNDRED:
        a = HUNDRED if rng.random() < 0.75 else HUNDRED - Decimal(rng.randint(5, 30)) / 10
        leaf.rule = Rule("rate_times")
        leaf.criterion = crit(rng, "rate_times", metric=ind.name)
    elif t >= 90 and rng.random() < 0.5:
        a = t + (HUNDRED - t) * Decimal(rng.randint(0, 9)) / 10
        leaf.rule = Rule("ranges")
        leaf.criterion = crit(rng, "ranges", metric=ind.name)
    else:
        a = t + min(HUNDRED - t, Decimal(5)) * Decimal(rng.randint(0, 9)) / 10
        leaf.rule = Rule("step", threshold=t, step=Decimal(rng.choice(("0.5", "1"))))
        leaf.criterion = crit(rng, "step", metric=ind.name, threshold=trim(t), step=trim(leaf.rule.step or ONE))
    a = a.quantize(Decimal("0.1"))
    leaf.a_num, leaf.actual = a / HUNDRED, f"{trim(a)}%"
    if leaf.rule.kind == "rate_times" and a < HUNDRED:
        leaf.reason = f"{ind.name}为{leaf.actual}"
    return leaf


def cost_leaf(rng: random.Random, weight: Decimal, level2: str, level1: str, rate: Decimal) -> Leaf:
    leaf = Leaf(level1, level2, level2, "成本控制率", "report", value="≤100%", weight=weight, a_num=rate,
                actual=f"{fixed(rate * HUNDRED)}%")
    leaf.rule = Rule("overrun", step=Decimal(rng.choice(("0.5", "1"))))
    leaf.criterion = crit(rng, "overrun", metric="成本控制率", step=trim(leaf.rule.step or ONE))
    return leaf


def benefit_leaf(rng: random.Random, ind: Ind, weight: Decimal, level2: str, level1: str) -> Leaf:
    word = rng.choice(ind.targets)
    leaf = Leaf(level1, level2, level2, ind.name, "report", value=word, weight=weight, a_num=ONE, actual=word)
    leaf.rule = Rule("binary")
    leaf.criterion = crit(rng, "binary", condition=f"项目实施后{ind.name}{word}")
    return leaf


def lasting_leaf(rng: random.Random, weight: Decimal, level2: str, level1: str) -> Leaf:
    kind = rng.choice(("build", "incident", "per_item"))
    if kind == "build":
        leaf = Leaf(level1, level2, level2, "长效管理机制健全性", "report", value="建立", weight=weight, a_num=ONE, actual="已建立")
        leaf.criterion = crit(rng, "build", thing="长效管理机制")
    elif kind == "incident":
        leaf = Leaf(level1, level2, level2, "安全责任事故发生次数", "report", value="0次", weight=weight, a_num=ZERO, actual="0次")
        leaf.criterion = crit(rng, "incident", event="安全责任事故")
    else:
        n = Decimal(rng.choice((0, 0, 1)))
        leaf = Leaf(level1, level2, level2, "问题整改完成情况", "report", value="0项", weight=weight, a_num=n, actual=f"{n}项")
        leaf.criterion = crit(rng, "per_item", problem="问题未按期整改", step="1")
        if n:
            leaf.reason = "检查发现的1项问题未按期整改"
    leaf.rule = Rule(kind, step=Decimal(1) if kind == "per_item" else None)
    return leaf


def satisfaction_leaf(rng: random.Random, ind: Ind, weight: Decimal, level2: str, level1: str, survey: Decimal | None) -> Leaf:
    value = survey if survey is not None else Decimal(90)
    leaf = Leaf(level1, level2, level2, ind.name, "report", value=f"≥{rng.choice(ind.targets)}%", weight=weight,
                a_num=value / HUNDRED, actual=f"{trim(value) if survey is None else fixed(value)}%")
    leaf.rule = Rule("satisfaction")
    leaf.criterion = crit(rng, "satisfaction")
    return leaf


def pool(ptype: ProjectType, groups: tuple[str, ...], kinds: tuple[str, ...]) -> list[Ind]:
    return [i for i in ptype.indicators if i.group in groups and i.kind in kinds]


def output_leaves(rng: random.Random, ptype: ProjectType, points: Decimal, level1: str, rate: Decimal) -> list[Leaf]:
    counts = rng.sample(pool(ptype, ("数量",), ("count",)), k=min(3, len(pool(ptype, ("数量",), ("count",)))))
    quality = rng.sample(pool(ptype, ("质量",), ("rate",)), k=min(2, len(pool(ptype, ("质量",), ("rate",)))))
    timely = pool(ptype, ("时效",), ("rate",))[:1]
    planned: list[tuple[str, list[Ind | None]]] = [("产出数量", [*counts]), ("产出质量", [*quality]), ("产出时效", [*timely]),
                                                ("产出成本", [None])]
    groups = [(g, inds) for g, inds in planned if inds]
    shares = weights(rng, points, len(groups))
    leaves: list[Leaf] = []
    for (level2, inds), share in zip(groups, shares, strict=True):
        for ind, w in zip(inds, weights(rng, share, len(inds)), strict=True):
            if ind is None:
                leaves.append(cost_leaf(rng, w, level2, level1, rate))
            elif level2 == "产出数量":
                leaves.append(count_leaf(rng, ind, w, level2, level1, ptype.reasons))
            else:
                leaves.append(rate_leaf(rng, ind, w, level2, level1))
    return leaves


def benefit_leaves(rng: random.Random, ptype: ProjectType, points: Decimal, level1: str, survey: Decimal | None) -> list[Leaf]:
    social = rng.sample(pool(ptype, ("社会效益", "经济效益"), ("qual",)), k=1)
    happy = pool(ptype, ("满意度",), ("rate",))[0]
    satisfaction_w = Decimal(rng.choice((5, 8, 10))) if points >= 20 else Decimal(5)
    rest = weights(rng, points - satisfaction_w, 2)
    return [benefit_leaf(rng, social[0], rest[0], "社会效益", level1), lasting_leaf(rng, rest[1], "可持续影响", level1),
            satisfaction_leaf(rng, happy, satisfaction_w, "满意度", level1, survey)]


Plan = tuple[tuple[str, tuple[str, ...]], ...]


def managed_leaves(rng: random.Random, plan: Plan, points: Decimal, level1: str, rate: Decimal) -> list[Leaf]:
    leaves: list[Leaf] = []
    for (level2, names), share in zip(plan, weights(rng, points, len(plan)), strict=True):
        for name, w in zip(names, weights(rng, share, len(names)), strict=True):
            if name == "资金到位率":
                leaves.append(arrival(w, level2, level1))
            elif name == "预算执行率":
                leaves.append(execution(rng, w, level2, level1, rate))
            else:
                leaves.append(checklist(rng, name, w, level2, level1))
    return leaves


def report_money(rng: random.Random, ptype: ProjectType) -> tuple[Money, str]:
    low, high = ptype.budget
    budget = money(rng, low, high)
    initial, change = budget, ""
    if rng.random() < 0.3:
        diff = money(rng, 1, max(2, low // 2))
        initial = budget - diff
        change = rng.choice(wordings("change")).format(diff=fixed(diff), purpose=ptype.purpose)
    spent = draw_spent(rng, Decimal(5), budget)
    rate = q2(spent / budget * HUNDRED)
    return Money(initial, budget, budget, spent, f"{fixed(rate)}%"), change


def build_report(rng: random.Random, profile: Profile, ptype: ProjectType, year: int) -> Report:
    entity = rng.choice(ptype.entities)
    department, _ = agencies(rng, profile, ptype)
    project = project_name(rng, profile, ptype, entity).split("-", 1)[-1]
    cash, change = report_money(rng, ptype)
    rate = q2(cash.spent / cash.arrived * HUNDRED) / HUNDRED
    survey = Decimal(rng.randint(9000, 9990)) / 100 if rng.random() < 0.6 else None
    (n1, p1), (n2, p2), (n3, p3), (n4, p4) = ((str(n), Decimal(p)) for n, p in profile.report["level1"])
    leaves = (managed_leaves(rng, DECISION, p1, n1, rate) + managed_leaves(rng, PROCESS, p2, n2, rate)
              + output_leaves(rng, ptype, p3, n3, rate) + benefit_leaves(rng, ptype, p4, n4, survey))
    for leaf in leaves:
        assert leaf.rule is not None and leaf.weight is not None and leaf.a_num is not None
        leaf.score = scoring.report_rule(leaf.rule, leaf.weight, leaf.a_num)
    l2: dict[tuple[str, str], Decimal] = {}
    for leaf in leaves:
        l2[(leaf.level1, leaf.level2)] = l2.get((leaf.level1, leaf.level2), ZERO) + (leaf.weight or ZERO)
    total = sum((lf.score or ZERO for lf in leaves), ZERO)
    wording = {key: rng.randrange(len(wordings(key))) for key in ("titles", "money", "conclusion", "appendix")}
    return Report(profile=profile, ptype=ptype, year=year, project=project, department=department, entity=entity, money=cash,
                  leaves=leaves, l1_points={n1: p1, n2: p2, n3: p3, n4: p4}, l2_points=l2, total=total,
                  grade=profile.report_scale().grade(total), survey=survey, change=change, wording=wording)
