"""Regenerate the parts of docs/ that are made from code and data, so they cannot drift:
docs/rules.md from the rule registry, and the full example embedded in docs/project-file.md.

    python scripts/sync_docs.py          # rewrite the files
    python scripts/sync_docs.py --check  # exit 1 if they are out of date (the tests do this)
"""

from __future__ import annotations

import sys
from pathlib import Path

from jixiao import default_registry
from jixiao.rules.base import shared_fields
from jixiao.rules.catalogue import example_fields, markdown_table

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "docs" / "rules.md"
PROJECT_FILE = ROOT / "docs" / "project-file.md"
EXAMPLE = ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"
BEGIN, END = "<!-- example:begin -->", "<!-- example:end -->"

RULES_HEAD = """# Rule kinds (评分规则类型)

Every leaf indicator names a rule kind and its parameters under `rule:`; its facts go under
`facts:` in the project file. This page is generated from the registry by
`python scripts/sync_docs.py`; `jixiao rules KIND` prints the same text. Each example is a test: it
must score `expect`.

All kinds keep a score within 0..weight, compute with exact decimals, and round the leaf's score
half up to 0.01. Rates are written with a percent sign (`98%`). Any leaf's facts may also carry
`note:` (the evaluator's remark, shown in reports) and `override: {score, reason}` (a score in
place of the computed one; both are kept, and the reason is required); a kind that scores one
measured value may bind it to work records with `metric:` (see docs/evidence.md). Each kind's table
of facts is made from what the kind declares (its fields for the example's rule); the project page
and the data-entry workbook ask for the same fields with the same labels.

```console
$ jixiao rules
```
"""


def rules_doc() -> str:
    parts = [RULES_HEAD, f"\nFacts any leaf may carry:\n\n{markdown_table(shared_fields())}"]
    for kind in default_registry():
        parts.append(f"\n## {kind.name}\n\n**{kind.title}**。{kind.help}\n\n{markdown_table(example_fields(kind))}\n"
                     f"```yaml\n{kind.example}```\n\n```console\n$ jixiao rules {kind.name}\n```\n")
    return "".join(parts)


def project_doc(current: str) -> str:
    head, _, rest = current.partition(BEGIN)
    _, _, tail = rest.partition(END)
    example = EXAMPLE.read_text(encoding="utf-8")
    return f"{head}{BEGIN}\n```yaml\n{example}```\n{END}{tail}"


def main(check: bool) -> int:
    wanted = {RULES: rules_doc(), PROJECT_FILE: project_doc(PROJECT_FILE.read_text(encoding="utf-8"))}
    stale = [path for path, text in wanted.items() if path.read_text(encoding="utf-8") != text] if check else []
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python scripts/sync_docs.py")
        return 1 if stale else 0
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
