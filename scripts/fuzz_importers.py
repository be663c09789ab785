"""Longer fuzzing of the importers than the test suite runs: mutated corpus files and random bytes
in every format, each reviewed end to end. Any exception is a bug; it is printed with the input
saved under the output folder, and the script exits 1.

    python scripts/fuzz_importers.py [SECONDS] [OUT_DIR]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

from jixiao import default_registry
from jixiao.audit import default_checks
from jixiao.review import review_file

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
SUFFIXES = (".txt", ".html", ".docx", ".pdf")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Truncate, flip bytes, duplicate or delete a slice, or splice in junk."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        at = rng.randrange(len(data))
        choice = rng.randrange(5)
        if choice == 0:
            del data[at:]
        elif choice == 1:
            data[at] = rng.randrange(256)
        elif choice == 2:
            end = min(len(data), at + rng.randint(1, 500))
            data[at:at] = data[at:end]
        elif choice == 3:
            del data[at:at + rng.randint(1, 500)]
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 64))
    return bytes(data)


def seeds() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in SUFFIXES)


def main() -> None:
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="jixiao-fuzz-"))
    rules, checks, rng = default_registry(), default_checks(), random.Random(20231)
    originals = [(p.suffix, p.read_bytes()) for p in seeds()]
    runs = failures = 0
    end = time.monotonic() + budget
    while time.monotonic() < end:
        suffix, data = rng.choice(originals)
        if rng.random() < 0.1:
            suffix, data = rng.choice(SUFFIXES), rng.randbytes(rng.randint(0, 4000))
        case = out / f"case{runs}{suffix}"
        case.write_bytes(mutate(data, rng))
        try:
            review_file(case, rules, checks)
            case.unlink()
        except Exception:
            failures += 1
            print(f"崩溃：{case}\n{traceback.format_exc()}", file=sys.stderr)
        runs += 1
    print(f"{runs} 个输入，{failures} 次崩溃（{budget:.0f} 秒）；保存的崩溃输入在 {out}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
