"""Plant defects in a clean report: in its scoring table, its figures and its prose."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from decimal import Decimal

from . import scoring
from .content import PROJECT_TYPES
from .model import Defect, Leaf, Report
from .numbers import HUNDRED, ZERO, fixed, q2, trim
from .printreport import ReportPrinter

Planter = Callable[[random.Random, Report], list[Defect] | None]
HOMOPHONES = dict(zip(
    "政务智慧平台系统信访民生资金助校园区工程改造监管健康农业示范学湖城云救社会"
    "医疗东南幸福里片排水实验一体化运行环卫河长制大气格测息免疫规划卡现代产服地",
    "正物志惠凭抬细通心方名声姿今注效圆曲公城该早坚馆建慷浓叶市饭雪胡成芸就设汇"
    "依了冬楠兴府理篇牌税石燕壹题画云形还为合常治达器隔侧惜勉役归画咔线带铲福第",
    strict=True,
))


def free(report: Report, test: Callable[[Leaf], bool]) -> list[tuple[int, Leaf]]:
    return [(i, lf) for i, lf in enumerate(report.leaves) if not lf.locked and test(lf)]


def take(rng: random.Random, options: list[tuple[int, Leaf]]) -> tuple[int, Leaf] | None:
    if not options:
        return None
    i, leaf = rng.choice(options)
    leaf.locked = True
    return i, leaf


def lossy(lf: Leaf) -> bool:
    return lf.score is not None and lf.weight is not None and lf.score < lf.weight


def full(lf: Leaf) -> bool:
    return lf.score == lf.weight


def kind(*kinds: str) -> Callable[[Leaf], bool]:
    return lambda lf: lf.rule is not None and lf.rule.kind in kinds


def named(leaf: Leaf, code: str) -> list[Defect]:
    return [Defect(code, leaf.name, "name")]


def score_recomputed(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, lambda lf: lossy(lf) and kind("checklist")(lf) is False))
    if found is None:
        return None
    leaf = found[1]
    assert leaf.weight is not None and leaf.score is not None
    up = min(leaf.weight - Decimal("0.1"), leaf.score + rng.choice((Decimal("0.5"), Decimal(1))))
    leaf.score = q2(up) if up > leaf.score else q2(max(ZERO, leaf.score - Decimal(1)))
    return named(leaf, "score-recomputed")


def score_over_weight(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, full))
    if found is None:
        return None
    leaf = found[1]
    leaf.score = (leaf.weight or ZERO) + rng.choice((Decimal("0.5"), Decimal(1)))
    return named(leaf, "score-over-weight")


def weights_sum(rng: random.Random, report: Report) -> list[Defect] | None:
    """Move points between two leaves of one 一级 under different 二级: both 二级 stop adding up."""
    options = free(report, lambda lf: full(lf) and kind("ratio", "rate_times", "ranges", "step", "overrun", "binary")(lf))
    pairs = [(a, b) for _, a in options for _, b in options if a.level1 == b.level1 and a.level2 != b.level2 and (a.weight or 0) >= 3]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    assert a.weight is not None and b.weight is not None
    d = Decimal(1)
    a.weight, b.weight = a.weight - d, b.weight + d
    a.score, b.score, a.locked, b.locked = a.weight, b.weight, True, True
    return [Defect("weights-sum", a.level2, "name"), Defect("weights-sum", b.level2, "name")]


def rate_recomputed(rng: random.Random, report: Report) -> list[Defect] | None:
    m = report.money
    true = q2(m.spent / m.arrived * HUNDRED)
    wrong = true + Decimal(rng.randint(80, 300)) / 100 if true < 96 else true - Decimal(rng.randint(80, 300)) / 100
    m.rate_text = f"{fixed(wrong)}%"
    return [Defect("rate-recomputed", m.rate_text, "text")]


def survey_contradiction(rng: random.Random, report: Report) -> list[Defect] | None:
    if report.survey is not None:
        return None
    report.goals_satisfaction = f"{fixed(Decimal(rng.randint(9300, 9950)) / 100)}%"
    return [Defect("survey-contradiction", report.goals_satisfaction, "text")]


def figure_conflict(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, lambda lf: lf.level2 == "产出数量" and full(lf)))
    if found is None:
        return None
    i, leaf = found
    assert leaf.a_num is not None and leaf.actual is not None
    unit = leaf.actual[len(trim(leaf.a_num)):]
    off = max(Decimal(1), (leaf.a_num * Decimal(rng.randint(5, 15)) / 100).to_integral_value())
    report.figure_override = (i, f"{trim(leaf.a_num + off)}{unit}")
    return [Defect("figure-conflict", report.figure_override[1], "text")]


def name_variant(rng: random.Random, report: Report) -> list[Defect] | None:
    spots = [k for k, ch in enumerate(report.entity) if ch in HOMOPHONES and k > 0]
    if not spots:
        return None
    k = rng.choice(spots)
    report.variant = report.entity[:k] + HOMOPHONES[report.entity[k]] + report.entity[k + 1 :]
    report.variant_at = rng.randint(1, 3)
    return [Defect("name-variant", report.variant, "text")]


def text_of(report: Report) -> str:
    from .noise import Printer

    doc = ReportPrinter(copy.deepcopy(report), Printer(0)).document()
    return "".join(getattr(b, "text", "") for b in doc.blocks) + "".join(lf.criterion for lf in report.leaves)


def foreign_passage(rng: random.Random, report: Report) -> list[Defect] | None:
    text = text_of(report)
    donors = [t for t in PROJECT_TYPES if t.key != report.ptype.key and not any(w in text for w in t.telltales)]
    if not donors:
        return None
    donor = rng.choice(donors)
    report.foreign = donor.passage
    return [Defect("foreign-passage", next(w for w in donor.telltales if w in donor.passage), "text")]


def name_is_sentence(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, kind("binary")))
    if found is None:
        return None
    found[1].name = report.ptype.sentence
    return named(found[1], "name-is-sentence")


def actual_kind(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, kind("binary")))
    if found is None:
        return None
    found[1].actual = "100%"
    return named(found[1], "actual-kind")


def target_missing(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, kind("binary", "build")))
    if found is None:
        return None
    found[1].target_override = ""
    return named(found[1], "target-missing")


def criterion_missing(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, lambda lf: full(lf) and kind("ratio", "rate_times", "binary", "build")(lf)))
    if found is None:
        return None
    found[1].criterion = ""
    return named(found[1], "criterion-missing")


def loss_unexplained(rng: random.Random, report: Report) -> list[Defect] | None:
    found = take(rng, free(report, lambda lf: lossy(lf) and not kind("satisfaction")(lf)))
    if found is None:
        found = take(rng, free(report, lambda lf: kind("checklist")(lf) and full(lf) and len(lf.rule.items) > 2 if lf.rule else False))
        if found is None:
            return None
        leaf = found[1]
        assert leaf.rule is not None and leaf.weight is not None
        lost = leaf.rule.items[-1][1]
        leaf.a_num = (leaf.weight - lost) / leaf.weight
        leaf.actual = f"{trim(q2(leaf.a_num * HUNDRED))}%"
        leaf.score = leaf.weight - lost
    report.silent.add(found[0])
    return named(found[1], "loss-unexplained")


PLANTERS: dict[str, Planter] = {
    "score-recomputed": score_recomputed, "score-over-weight": score_over_weight, "weights-sum": weights_sum,
    "rate-recomputed": rate_recomputed, "survey-contradiction": survey_contradiction, "figure-conflict": figure_conflict,
    "name-variant": name_variant, "foreign-passage": foreign_passage, "name-is-sentence": name_is_sentence,
    "actual-kind": actual_kind, "target-missing": target_missing, "criterion-missing": criterion_missing,
    "loss-unexplained": loss_unexplained,
}
REPORT_CODES = (*PLANTERS, "score-total", "grade-band")


def score_total(rng: random.Random, report: Report, rescored: Decimal) -> list[Defect] | None:
    scale = report.profile.report_scale()
    for delta in rng.sample([Decimal(x) for x in ("0.5", "1", "2", "-0.5", "-1", "-2", "1.5")], 7):
        wrong = report.total + delta
        if wrong <= 100 and scale.grade(wrong) == report.grade == scale.grade(rescored):
            report.total = wrong
            return [Defect("score-total", fixed(wrong), "text")]
    return None


def plant(rng: random.Random, report: Report, count: int) -> Report:
    scale = report.profile.report_scale()
    for _ in range(8):
        trial = copy.deepcopy(report)
        chosen = rng.sample(REPORT_CODES, count)
        found: list[Defect] = []
        for code in [c for c in chosen if c in PLANTERS]:
            found += PLANTERS[code](rng, trial) or []
        trial.total = sum((lf.score or ZERO for lf in trial.leaves), ZERO)
        trial.grade = scale.grade(trial.total)
        for (l1, l2), _ in list(trial.l2_points.items()):
            if not any(d.code == "weights-sum" for d in found):
                trial.l2_points[(l1, l2)] = sum((lf.weight or ZERO for lf in trial.leaves if (lf.level1, lf.level2) == (l1, l2)), ZERO)
        rescored = scoring.rescore_report(trial)
        if scale.grade(rescored) != trial.grade:
            continue
        if "score-total" in chosen:
            found += score_total(rng, trial, rescored) or []
        if "grade-band" in chosen:
            trial.grade = scale.neighbour(trial.grade)
            found.append(Defect("grade-band", trial.grade, "grade"))
        if found:
            trial.defects = found
            return trial
    return report
