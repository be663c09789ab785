"""Review speed: reports reviewed per second (import → score → audit) for the seed in each format.

Prints, for the seed report as .txt, .html and .docx (and the corpus PDF), reports per second
and milliseconds per report, and how the time splits between reading, importing (rules and the
project file), scoring and auditing. Ratios to the text format are measured in the same run.
The aim is well under a second a report.

Then the batch figures (``jixiao review FOLDER``): self-evaluation forms made by the corpus
generator (tests/corpus/generate) and copies of the seed in each format, reviewed by
:func:`jixiao.review.batch.review_many` with one worker and with two, side by side: documents per
second and seconds per document, the time of the whole batch (worker start-up included).

    python benchmarks/review.py [N] [--forms 1000] [--reports 8]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao import default_registry, score_project
from jixiao.audit import default_checks, from_import, run_audit
from jixiao.importers import read_document
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.review import review_file
from jixiao.review.batch import review_many

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
WORKERS = (1, 2)
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


def per_document(paths: Sequence[Path], workers: int) -> float:
    """Seconds per document of one batch over ``paths``, worker start-up included."""
    start = time.perf_counter()
    review_many(paths, workers=workers)
    return (time.perf_counter() - start) / len(paths)


def generated_forms(count: int, folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))  # the generator lives with the tests
    from tests.corpus.generate import generate

    return generate(seed=2024, count=count, out=folder, kinds=("form",), formats=("txt",))


def copies(path: Path, count: int, folder: Path) -> list[Path]:
    out = []
    for i in range(count):
        out.append(folder / f"{i:03d}-{path.name}")
        shutil.copy(path, out[-1])
    return out


def batch_line(label: str, paths: Sequence[Path]) -> str:
    cells = []
    for workers in WORKERS:
        seconds = per_document(paths, workers)
        cells.append(f"{1 / seconds:>12.1f}{seconds:>11.3f}")
    return f"{label:<36}{''.join(cells)}"


def batch(forms: int, reports: int) -> None:
    head = "".join(f"{f'docs/s ×{w}':>12}{f's/doc ×{w}':>11}" for w in WORKERS)
    print(f"\nbatch (review_many; ×N: N workers)\n{'documents':<36}{head}")
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        made = time.perf_counter()
        paths = generated_forms(forms, Path(tmp) / "forms")
        made = time.perf_counter() - made
        print(batch_line(f"{forms} generated forms (.txt)", paths))
        for path in FILES:
            folder = Path(tmp) / path.suffix.lstrip(".")
            folder.mkdir()
            print(batch_line(f"{reports} × {path.name}", copies(path, reports, folder)))
    print(f"(generating the forms took {made:.1f} s, not counted)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Review speed, one report at a time and in batches.")
    parser.add_argument("n", nargs="?", type=int, default=10, help="repetitions per report (default 10)")
    parser.add_argument("--forms", type=int, default=1000, help="generated forms in the batch (default 1000)")
    parser.add_argument("--reports", type=int, default=8, help="copies of each seed report in its batch (default 8)")
    args = parser.parse_args()
    single(args.n)
    batch(args.forms, args.reports)


def single(n: int) -> None:
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
