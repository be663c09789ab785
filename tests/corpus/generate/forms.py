"""Build a clean self-evaluation form (项目支出绩效自评表 or 部门整体支出绩效自评表): consistent amounts, targets,
actuals and scores under the profile's rules, every lost point explained."""

from __future__ import annotations

import random
from decimal import Decimal

from . import scoring
from .content import DEPARTMENT, GIVEN, NOT_APPLICABLE, SURNAMES, Ind, ProjectType
from .model import Form, FundsRow, Leaf
from .numbers import HUNDRED, ONE, ZERO, fixed, percent, q2, trim
from .profiles import Profile, department, note_text

# How many leaves each canonical 二级 gets: (fewest, most).
GROUP_COUNTS = {"数量": (2, 5), "质量": (1, 3), "时效": (1, 2), "成本": (1, 2), "社会效益": (1, 2), "经济效益": (0, 1),
                "生态效益": (0, 1), "可持续影响": (1, 1), "满意度": (1, 1)}
LEVEL1_GROUPS = {"产出指标": ("数量", "质量", "时效", "成本"), "成本指标": ("经济成本", "社会成本", "生态成本"),
                 "效益指标": ("经济效益", "社会效益", "生态效益", "可持续影响"), "满意度指标": ("满意度",)}


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"
    return f"0{rng.randint(310, 919)}-{rng.randint(2000000, 8999999)}"


def county(place: str) -> str:
    cut = min((place.find(ch, 2) for ch in "区县" if place.find(ch, 2) > 0), default=len(place) - 1)
    return place[: cut + 1]


def agencies(rng: random.Random, profile: Profile, ptype: ProjectType) -> tuple[str, str]:
    place = rng.choice(profile.places)
    if ptype is DEPARTMENT:
        place = county(place)  # a county's bureau, not a town's or a street's
    dept_suffix, unit_suffix = rng.choice(ptype.agencies)
    if profile.agency_style == "town" and ptype is not DEPARTMENT:
        dept = unit = f"{place}人民政府"
    elif profile.agency_style == "street" and ptype is not DEPARTMENT:
        dept = f"{place}办事处"
        unit = f"{place}{unit_suffix or '社区服务中心'}"
    else:
        dept = f"{place}{dept_suffix}"
        unit = f"{place}{unit_suffix}" if unit_suffix else dept
    if profile.codes:
        code = rng.randint(101, 499)
        return f"{code}-{dept}", f"{code}{rng.choice(('001', '002', '003'))}-{unit}"
    return dept, unit


def project_name(rng: random.Random, profile: Profile, ptype: ProjectType, entity: str) -> str:
    name = rng.choice(ptype.names).format(entity=entity)
    if profile.project_codes:
        return f"51{rng.randint(0, 999999):06d}{rng.choice('RY')}{rng.randint(0, 10**12 - 1):012d}-{name}"
    return name


def money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def consistent(weight: Decimal, budget: Decimal, spent: Decimal) -> bool:
    """The score from the exact rate and from the printed (rounded) rate agree, and a rate below 100% loses points."""
    exact = scoring.execution(weight, budget, spent)
    printed = q2(weight * q2(spent / budget * HUNDRED) / HUNDRED)
    return exact == printed and (spent >= budget or exact < weight)


def draw_spent(rng: random.Random, weight: Decimal, budget: Decimal) -> Decimal:
    if rng.random() < 0.45:
        return budget
    for _ in range(50):
        spent = q2(budget * Decimal(rng.randint(8600, 9990)) / 10000)
        if spent < budget and consistent(weight, budget, spent):
            return spent
    return budget


def split(rng: random.Random, amount: Decimal, parts: int) -> list[Decimal]:
    """Split an amount into parts that add up exactly (the first part takes the remainder)."""
    shares = [q2(amount * Decimal(rng.randint(5, 25)) / 100) for _ in range(parts - 1)]
    return [amount - sum(shares, ZERO), *shares]


def funds_rows(rng: random.Random, form_kind: str, profile: Profile, initial: Decimal, budget: Decimal, spent: Decimal) -> list[FundsRow]:
    """The total row and its parts; the change of budget and the unspent money fall on the first part."""
    if form_kind == "department":
        keys = ["basic", "project"]
    else:
        keys = ["fiscal"] + [k for k in ("carry", "other") if k in profile.funds.rows and rng.random() < 0.25]
    budgets = split(rng, budget, len(keys))
    rows = [FundsRow("total", initial, budget, spent)]
    for i, (key, part) in enumerate(zip(keys, budgets, strict=True)):
        part_initial = part - (budget - initial) if i == 0 else part
        part_spent = part - (budget - spent) if i == 0 else part
        rows.append(FundsRow(key, part_initial, part, part_spent))
    for key in profile.funds.rows:
        if key not in keys and key != "total" and form_kind != "department":
            rows.append(FundsRow(key, None, None, None))
    if "initial" not in profile.funds.columns:
        for row in rows:
            row.initial = None
    order = list(profile.funds.rows) if form_kind != "department" else ["total", *keys]
    return sorted(rows, key=lambda row: order.index(row.key))


def weights(rng: random.Random, points: Decimal, count: int) -> list[Decimal]:
    """Integer points over a group's leaves, each at least 2 where the points allow."""
    base = int(points) // count
    out = [base] * count
    for i in range(int(points) - base * count):
        out[i % count] += 1
    for _ in range(count):
        i, j = rng.randrange(count), rng.randrange(count)
        if out[i] > 3 and i != j:
            out[i] -= 1
            out[j] += 1
    return [Decimal(w) for w in out]


def pick_groups(rng: random.Random, ptype: ProjectType, level1: str, profile: Profile) -> list[tuple[str, Ind | None]]:
    """(二级 key, indicator or None for a 不适用 row) for one 一级."""
    out: list[tuple[str, Ind | None]] = []
    rescale = profile.rescale
    for group in LEVEL1_GROUPS[level1]:
        if group not in profile.level2:
            continue
        source = "成本" if group == "经济成本" else group
        pool = [ind for ind in ptype.indicators if ind.group == source]
        if group in ("社会成本", "生态成本"):
            if rescale and rng.random() < 0.5:
                out.append((group, None))
            continue
        low, high = GROUP_COUNTS.get(source, (1, 2))
        count = min(len(pool), rng.randint(low, high))
        if count == 0 and group in NOT_APPLICABLE and rng.random() < 0.6:
            out.append((group, None))
        out.extend((group, ind) for ind in rng.sample(pool, count))
    return out


def actual_text(profile: Profile, value: Decimal, unit: str) -> str:
    if unit == "%":
        return f"{trim(value)}%"
    return f"{trim(value)}{unit}" if profile.actual_units else trim(value)


def quantify(rng: random.Random, leaf: Leaf, ind: Ind, miss: bool, budget: Decimal, spent: Decimal, style: str) -> None:
    """Fill the target and the actual of a quantitative leaf; miss: the actual falls short of the target."""
    kind = ind.kind
    if kind == "cost":
        leaf.kind, leaf.comparator, leaf.unit = "reverse", "≤", "万元"
        leaf.t_num, leaf.a_num = budget, spent
        leaf.value = fixed(budget) if style == "2" else trim(budget)
        return
    t = Decimal(rng.choice(ind.targets))
    leaf.t_num, leaf.unit = t, ind.unit
    if kind == "rev":
        leaf.kind, leaf.comparator = "reverse", "≤"
        factor = Decimal(rng.randint(106, 130) if miss else rng.randint(50, 100)) / 100
        a = (t * factor).quantize(Decimal("0.1") if ind.unit == "%" or t < 3 else ONE)
        if miss and a <= t:
            a = t + (Decimal("0.5") if t < 3 else ONE)
        leaf.a_num = a
    elif kind == "rate":
        leaf.kind = "equal" if t == HUNDRED and rng.random() < 0.3 else "forward"
        leaf.comparator = "=" if leaf.kind == "equal" else rng.choice(("≥", "≥", ""))
        room = min(HUNDRED - t, max(t / 2, ONE))
        if miss:
            short = Decimal(rng.randint(10, 60)) / 10 if t >= 20 else t - (t * Decimal(rng.randint(60, 90)) / 100).quantize(Decimal("0.1"))
            leaf.a_num = t - short
        else:
            leaf.a_num = t + (room * rng.randint(0, 10) / 10).quantize(Decimal("0.1"))
    else:
        leaf.kind = "equal" if ind.equal else "forward"
        leaf.comparator = "=" if ind.equal else rng.choice(("≥", "≥", "≥", ""))
        if miss:
            leaf.a_num = t - 1 if ind.equal else (t * Decimal(rng.randint(85, 97)) / 100).to_integral_value()
        else:
            leaf.a_num = t if ind.equal or kind == "years" or rng.random() < 0.6 else t + rng.randint(0, max(1, int(t) // 10))
    leaf.value = trim(t)


def qualify(rng: random.Random, profile: Profile, leaf: Leaf, ind: Ind, tier: str) -> Decimal:
    """Fill a qualitative leaf for an achievement tier; return the share of its 分值 it earns."""
    leaf.kind, leaf.value = "qual", rng.choice(ind.targets)
    if tier == "full":
        leaf.tier, leaf.actual = "达成", rng.choice(profile.qual_actual)
        return ONE
    if tier == "mostly":
        leaf.tier, leaf.actual = "达成", "基本达成"
        return Decimal("0.8")  # the edge shared by 达成 and 部分达成 in every profile: a score no reading disputes
    if tier == "high":
        leaf.tier, leaf.actual = "达成", rng.choice(profile.qual_actual)
        return Decimal("0.9")
    leaf.tier, leaf.actual = "部分达成", "部分达成"
    low, high = profile.qual_bands["部分达成"]
    return q2((low + high) / 2)


def fill_leaf(rng: random.Random, form: Form, leaf: Leaf, ind: Ind) -> None:
    total = form.total_row()
    assert total.budget is not None and total.spent is not None
    if ind.kind == "qual":
        tier = rng.choices(("full", "high", "mostly", "part"), (70, 12, 10, 8))[0]
        share = qualify(rng, form.profile, leaf, ind, tier)
        assert leaf.weight is not None
        leaf.score = q2(leaf.weight * share)
    else:
        miss = ind.kind not in ("cost", "years") and rng.random() < 0.18 and not (ind.kind == "count" and Decimal(ind.targets[0]) < 4)
        quantify(rng, leaf, ind, miss, total.budget, total.spent, form.profile.score_style)
        leaf.actual = actual_text(form.profile, leaf.a_num or ZERO, leaf.unit) if ind.kind != "cost" else trim(total.spent)
        leaf.score = scoring.quantitative(leaf, form.profile)
        if miss and leaf.score >= (leaf.weight or ZERO):
            quantify(rng, leaf, ind, False, total.budget, total.spent, form.profile.score_style)
            leaf.actual = actual_text(form.profile, leaf.a_num or ZERO, leaf.unit)
            leaf.score = scoring.quantitative(leaf, form.profile)
    if leaf.score is not None and leaf.weight is not None and leaf.score < leaf.weight:
        leaf.reason = rng.choice(form.ptype.reasons) + "。"


def not_applicable(leaf: Leaf) -> None:
    leaf.kind, leaf.value, leaf.actual, leaf.score = "na", "不适用", "不适用", None


def criterion_text(leaf: Leaf, profile: Profile) -> str:
    """The per-row 评分标准 / 得分计算方法 of older layouts, saying the profile's own rule."""
    if leaf.kind == "forward":
        return "完成值达到指标值的得满分，未达到的按完成值/指标值×分值计分。"
    if leaf.kind == "reverse":
        if profile.reverse_rule == "linear":
            return "完成值不高于指标值的得满分，高于的按超出比例扣分，达到指标值2倍时不得分。"
        return "完成值不高于指标值的得满分，高于的按指标值/完成值×分值计分。"
    if leaf.kind == "equal":
        return "等于指标值的得满分，偏离的按偏离比例扣分。"
    if leaf.kind == "qual":
        low, high = (trim(x * 100) for x in profile.qual_bands["部分达成"])
        return f"达成的按分值的80%-100%计分，部分达成的按{low}%-{high}%计分，未达成的按{low}%以下计分。"
    return "不适用"


def build_leaves(rng: random.Random, form: Form) -> None:
    profile = form.profile
    seen_na_name = False
    for level1, points in profile.level1:
        chosen = pick_groups(rng, form.ptype, level1, profile)
        carried = [c for c in chosen if c[1] is not None or profile.rescale]
        shares = iter(weights(rng, points, len(carried))) if carried else iter(())
        for group, ind in chosen:
            name = ind.name if ind else NOT_APPLICABLE.get(group, "不适用")
            if ind is None and not seen_na_name and rng.random() < 0.4:
                name, seen_na_name = "不适用", True
            leaf = Leaf(level1, profile.level2[group], group, name, "na")
            if ind is not None or profile.rescale:
                leaf.weight = next(shares)
            if ind is None:
                not_applicable(leaf)
            else:
                fill_leaf(rng, form, leaf, ind)
            leaf.explain = f"考察{name}的完成情况。" if ind else "不适用"
            leaf.criterion = criterion_text(leaf, profile)
            form.leaves.append(leaf)
        form.l1_points[level1] = points


def title(profile: Profile, kind: str, year: int) -> str:
    base = department()["title"] if kind == "department" else profile.title
    return profile.title_year_before.format(year=year) + base + profile.title_year.format(year=year)


def budget_change(rng: random.Random, ptype: ProjectType, initial: Decimal, budget: Decimal) -> str:
    diff = fixed(abs(budget - initial))
    if budget > initial:
        return f"年中追加预算{diff}万元，用于{ptype.purpose}。"
    return f"因部分工作调整，年中调减预算{diff}万元。"


def exec_reason(rng: random.Random, budget: Decimal, spent: Decimal, rate_text: str) -> str:
    cause = rng.choice(("政府采购节约资金", "部分合同尾款按约定次年支付", "实际服务量少于预算测算"))
    return f"预算执行率{rate_text}，结余资金{fixed(budget - spent)}万元，主要是{cause}。"


def build_funds(rng: random.Random, form: Form) -> None:
    low, high = form.ptype.budget
    budget = money(rng, low, high)
    initial = budget
    if "initial" in form.profile.funds.columns and rng.random() < 0.25:
        initial = budget - money(rng, 1, max(2, low // 2)) if rng.random() < 0.7 else budget + money(rng, 1, max(2, low // 3))
        form.change_reason = budget_change(rng, form.ptype, initial, budget)
    spent = draw_spent(rng, form.exec_weight, budget)
    form.funds = funds_rows(rng, form.kind, form.profile, initial, budget, spent)
    form.rate_text = percent(spent / budget, form.profile.rate_style)
    form.exec_score = scoring.execution(form.exec_weight, budget, spent)
    if spent < budget:
        form.exec_reason = exec_reason(rng, budget, spent, form.rate_text)


def goals(rng: random.Random, form: Form, entity: str) -> None:
    ptype = form.ptype
    counts = [i for i, lf in enumerate(form.leaves) if lf.group == "数量" and lf.kind in ("forward", "equal")]
    form.expected = rng.choice(ptype.aim).format(entity=entity) + "。"
    form.achieved = rng.choice(ptype.result).format(entity=entity) + "。"
    if counts:
        first = form.leaves[counts[0]]
        form.expected += f"计划完成{first.name}{first.value}{first.unit}。"
        form.figure_leaf, form.figure = counts[0], f"{trim(first.a_num or ZERO)}{first.unit}"


def notes(form: Form) -> list[str]:
    keys = list(form.profile.notes)
    out = [note_text(k) for k in keys]
    if form.profile.grade_scale.note:
        out.append(form.profile.grade_scale.note)
    return [f"{i}.{text}" for i, text in enumerate(out, 1)] if len(out) > 1 else out


def build_form(rng: random.Random, profile: Profile, kind: str, ptype: ProjectType, year: int) -> Form:
    entity = rng.choice(ptype.entities)
    dept, unit = agencies(rng, profile, ptype)
    form = Form(kind=kind, profile=profile, ptype=ptype, year=year, title=title(profile, kind, year),
                project=None if kind == "department" else project_name(rng, profile, ptype, entity),
                department=dept, unit=unit, leader=None, phone=None, funds=[], rate_text="", exec_score=None,
                expected="", achieved="", change_reason="", exec_reason="", figure_leaf=-1, figure="", leaves=[],
                l1_points={}, total=None, grade=None, scored=True, notes=[])
    if profile.leader:
        form.leader, form.phone = person(rng), phone(rng)
    build_funds(rng, form)
    build_leaves(rng, form)
    goals(rng, form, entity)
    form.total = scoring.stated_total(form)
    form.grade = profile.grade_scale.grade(form.total)
    form.notes = notes(form)
    return form


def unscore(form: Form) -> None:
    """A form published with every score cell empty (未评分)."""
    form.scored = False
    form.exec_score = form.total = None
    form.grade = None
    for leaf in form.leaves:
        leaf.score = None
        leaf.reason = leaf.reason if leaf.kind in ("forward", "equal", "reverse") else ""
