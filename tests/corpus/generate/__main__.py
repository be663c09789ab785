"""python -m tests.corpus.generate --seed 7 --count 40 --out /tmp/gen [--kinds form,report] [--formats txt,html] [--clean]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import FORMATS, KINDS, generate


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.generate", description="Generate review test documents with truth files.")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--kinds", default="form,report", help=f"comma-separated, of {','.join(KINDS)} (form includes department forms)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, of {','.join(FORMATS)}")
    parser.add_argument("--defect-rate", type=float, default=0.75, help="share of documents that get planted defects")
    parser.add_argument("--clean", action="store_true", help="no planted defects (same as --defect-rate 0)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    start = time.perf_counter()
    try:
        paths = generate(args.seed, args.count, args.out, tuple(args.kinds.split(",")), tuple(args.formats.split(",")),
                         0.0 if args.clean else args.defect_rate)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {len(paths)} documents to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
