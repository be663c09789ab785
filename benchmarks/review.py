"""Review speed: reports reviewed per second (import → score → audit) for the seed in each format.

Prints, for the seed report as .txt, .html and .docx (and the corpus PDF), reports per second
and milliseconds per report, and how the time splits between reading, importing (rules and the
project file), scoring and auditing. Ratios to the text format are measured in the same run.
The aim is well under a second a report.

    python benchmarks/review.py [N]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from jixiao import default_registry, score_project
from jixiao.audit import default_checks, from_import, run_audit
from jixiao.importers import read_document
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.review import review_file

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
FILES = [CORPUS / f"seed-yantian-it-om.{s}" for s in ("txt", "html", "docx")] + [
    CORPUS / "construction-old-community.pdf"]


def per_call(fn: Callable[[], object], n: int) -> float:
    fn()  # warm: lazy imports, caches
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def stages(path: Path, n: int) -> dict[str, float]:
    rules, checks = default_registry(), default_checks()
    document = read_document(path)
    report = extract(document)
    imported = build(report, rules)
    assert imported.loaded.project is not None
    result = score_project(imported.loaded.project, rules)
    subject = from_import(imported, result)
    return {
        "read": per_call(lambda: read_document(path), n),
        "extract": per_call(lambda: extract(document), n),
        "import": per_call(lambda: build(report, rules), n),
        "score": per_call(lambda: score_project(imported.loaded.project, rules), n),  # type: ignore[arg-type]
        "audit": per_call(lambda: run_audit(subject, checks), n),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    rules, checks = default_registry(), default_checks()
    base = None
    print(f"{'file':<36}{'reports/s':>10}{'ms/report':>11}{'× txt':>7}   read / extract / import / score / audit (ms)")
    for path in FILES:
        seconds = per_call(lambda p=path: review_file(p, rules, checks), n)  # type: ignore[misc]
        base = base or seconds
        split = " / ".join(f"{v * 1000:.0f}" for v in stages(path, n).values())
        print(f"{path.name:<36}{1 / seconds:>10.1f}{seconds * 1000:>11.0f}{seconds / base:>7.2f}   {split}")


if __name__ == "__main__":
    main()
