"""Review quality per corpus: leaves and stated scores read, recomputed totals right, planted
defects found (recall), serious findings that are false (precision), crashes.

    python benchmarks/review_quality.py            # real, seed-layout and 200 generated documents
    python benchmarks/review_quality.py --seed 9 --count 500 -v
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jixiao import default_registry  # noqa: E402
from jixiao.audit import default_checks  # noqa: E402
from tests.corpus.quality import Score, measure_folder  # noqa: E402

REAL = ROOT / "tests" / "corpus" / "real"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false finding")
    args = parser.parse_args()
    rules, checks = default_registry(), default_checks()
    scores: dict[str, Score] = {"real": measure_folder(REAL, rules, checks)}
    with tempfile.TemporaryDirectory() as folder:
        from tests.corpus.generate import generate

        generate(seed=args.seed, count=args.count, out=Path(folder))
        scores["generated"] = measure_folder(Path(folder), rules, checks)
    print("复核质量（tests/corpus/README.md）")
    for name, score in scores.items():
        print(score.line(name))
        if args.verbose:
            for miss in score.misses:
                print("   ", miss)
    print("目标：真实文档指标与得分读出 ≥ 95%、0 崩溃；生成文档召回率 ≥ 95%、准确率 ≥ 90%")


if __name__ == "__main__":
    main()
