"""Scoring speed on synthetic projects of the seed's size (26 leaves, mixed rule kinds).

Prints projects per second for load+validate+score and for score alone, and the ratio of score
alone to a bare loop doing the same Decimal arithmetic on already-parsed numbers (the floor).
Ratios are measured side by side in one run, so a noisy machine affects both alike.

    python benchmarks/score.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal

from jixiao import default_registry, load_project_text, score_project

LEAF_KINDS = [
    ("{{kind: completion, label: 次数, target: {t}, unit: 次}}", "{{actual: {a}}}"),
    ("{{kind: rate, label: 通过率}}", "{{count: {a}, total: {t}}}"),
    ("{{kind: threshold, full_at: 98%, deduct: 0.1}}", "{{actual: {p}%}}"),
    ("{{kind: checklist, items: [{{text: 甲, points: {h}}}, {{text: 乙, points: {h}}}]}}", "{{answers: [是, 否], reasons: {{2: 缺}}}}"),
    ("{{kind: timeliness, deadline: 次月10日前}}", "{{on_time: {a}, due: {t}}}"),
    ("{{kind: satisfaction}}", "{{survey: 否, complaints: {c}}}"),
]


def synthetic_project(seed: int) -> str:
    """26 leaves of weight 4 or 3 (26 × … adjusted so roots add up to 100), under 4 roots."""
    rng = random.Random(seed)
    weights = [Decimal(4)] * 22 + [Decimal(3)] * 4  # 88 + 12 = 100
    lines = ["project: {name: 合成项目, department: 测试局, year: 2023}",
             "funds: {budget: 100, arrived: 100, spent: 97.5}", "framework:", "  indicators:"]
    facts = ["facts:"]
    for root in range(4):
        leaves = range(root * 7, min(root * 7 + 7, 26))
        total = sum(weights[i] for i in leaves)
        lines += [f"    - name: 一级{root}", f"      weight: {total}", "      children:"]
        for i in leaves:
            rule, fact = LEAF_KINDS[i % len(LEAF_KINDS)]
            t = rng.randint(5, 400)
            values = {"t": t, "a": rng.randint(0, t), "p": rng.randint(80, 100), "h": weights[i] / 2, "c": rng.randint(0, 5)}
            lines.append(f"        - {{name: 指标{i}, weight: {weights[i]}, rule: {rule.format(**values)}}}")
            facts.append(f"  指标{i}: {fact.format(**values)}")
    return "\n".join(lines + facts) + "\n"


def bare_loop(numbers: list[list[tuple[int, Decimal, Decimal, Decimal]]]) -> Decimal:
    """The same arithmetic on numbers already parsed: the floor for scoring."""
    grand = Decimal(0)
    for leaves in numbers:
        total = Decimal(0)
        for kind, w, a, t in leaves:
            if kind == 0:
                s = w * min(a / t, Decimal(1))
            elif kind in (1, 4):
                s = w * (a / t)
            elif kind == 2:
                gap = Decimal("0.98") - a
                s = w - (gap / Decimal("0.01")).to_integral_value(ROUND_CEILING) * Decimal("0.1") if gap > 0 else w
            elif kind == 3:
                s = w / 2
            else:
                s = (Decimal("0.9") - Decimal("0.005") * a) * w
            total += s.quantize(Decimal("0.01"))
        grand += total
    return grand


def best_of(rounds: int, *fns: Callable[[], object]) -> list[float]:
    """The fastest of ``rounds`` runs of each function, interleaved so load spikes hit all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main(n: int) -> None:
    registry = default_registry()
    texts = [synthetic_project(i) for i in range(n)]
    loaded = [load_project_text(t, f"合成{i}.yaml", registry) for i, t in enumerate(texts)]
    assert all(x.project is not None and not x.diagnostics for x in loaded), loaded[0].diagnostics
    projects = [x.project for x in loaded if x.project is not None]
    rng = random.Random(1)
    numbers = [[(i % 6, Decimal(4), Decimal(rng.randint(0, 100)), Decimal(100)) for i in range(26)] for _ in range(n)]

    full, alone, bare = best_of(
        5,
        lambda: [score_project(p, registry) for p in (load_project_text(t, "p.yaml", registry).project for t in texts)
                 if p is not None],
        lambda: [score_project(p, registry) for p in projects],
        lambda: bare_loop(numbers))
    print(f"projects: {n} (26 leaves each, 6 rule kinds); best of 5 interleaved rounds")
    print(f"load+validate+score: {n / full:10.1f} projects/s  ({full / n * 1000:.3f} ms each)")
    print(f"score alone:         {n / alone:10.1f} projects/s  ({alone / n * 1000:.3f} ms each)")
    print(f"bare Decimal loop:   {n / bare:10.1f} projects/s  ({bare / n * 1000:.3f} ms each)")
    print(f"ratio score alone / bare loop: {alone / bare:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
