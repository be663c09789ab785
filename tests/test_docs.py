"""The docs cannot drift: every rule kind, CLI command and diagnostic code is documented, every
rule kind's example scores what it says, and the core commands shown in the docs run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import click
import pytest
from ruamel.yaml import YAML

from jixiao import CODES, RuleRegistry, default_registry
from jixiao.cli import main

from .conftest import ROOT
from .rulekit import points_of

DOCS = ROOT / "docs"
# Commands the core owns; the docs' examples of these are run below. Other stages test their own.
CORE_COMMANDS = {"score", "check", "rules", "frameworks", "init"}


def commands(group: click.Group, prefix: str = "jixiao") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names.extend(commands(command, f"{prefix} {name}"))
    return names


def test_generated_docs_are_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_docs.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("kind", default_registry().names())
def test_every_rule_kind_is_documented_with_an_example_that_scores_as_stated(kind: str, registry: RuleRegistry) -> None:
    assert f"\n## {kind}\n" in (DOCS / "rules.md").read_text(encoding="utf-8")
    example = YAML(typ="safe").load(registry.get(kind).example)  # type: ignore[union-attr]
    flow = YAML(typ="rt")
    flow.default_flow_style = True

    def inline(value: object) -> str:
        from io import StringIO

        out = StringIO()
        flow.dump(value, out)
        return out.getvalue().strip().replace("\n", " ")

    got = points_of(registry, inline(example["rule"]), inline(example["facts"]), str(example["weight"]))
    assert Decimal(got) == Decimal(str(example["expect"])).quantize(Decimal("0.01"))


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    top_level = [c for c in commands(main) if c.count(" ") == 1]
    missing = [c for c in top_level if f"## {c}" not in text]
    assert missing == []


def test_every_diagnostic_code_is_documented() -> None:
    text = (DOCS / "diagnostics.md").read_text(encoding="utf-8")
    assert [c for c in CODES if f"| `{c}` |" not in text] == []


# Commands that make a file a later line of the same page reads (``jixiao import -o``).
PRODUCERS = {"import"}


def documented_core_commands() -> dict[str, list[str]]:
    """Each page's core commands, in page order: a page is read as a script, top to bottom. The README and
    the user manual (docs/manual/) are run whole, in a copy, by tests/test_manual.py."""
    found: dict[str, list[str]] = {}
    for page in sorted(DOCS.glob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\$ (jixiao (\S+).*)$", line.strip())
            if match and match.group(2) in CORE_COMMANDS | PRODUCERS:
                found.setdefault(page.name, []).append(match.group(1))
    return {page: lines for page, lines in found.items() if any(shlex.split(c)[1] in CORE_COMMANDS for c in lines)}


@pytest.mark.parametrize("page", sorted(documented_core_commands()))
def test_documented_core_commands_run(page: str) -> None:
    for command in documented_core_commands()[page]:
        args = shlex.split(command)[1:]
        result = subprocess.run([sys.executable, "-c", "from jixiao.cli import run; run()", *args],
                                cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode in ((0, 1) if args[0] in PRODUCERS else (0,)), (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_the_package_map_names_every_module() -> None:
    """src/jixiao/docs.md maps every module: by its path, by its name in a row of its folder's, or by a
    folder row standing for all its modules (``rules/``, ``audit/checks/*.py``)."""
    package = ROOT / "src" / "jixiao"
    rows = (package / "docs.md").read_text(encoding="utf-8").splitlines()

    def named(path: Path) -> bool:
        rel = path.relative_to(package).as_posix()
        folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
        return any(f"`{rel}`" in row or (folder and f"`{folder}" in row and f"`{path.name}`" in row)
                   or (folder and (f"`{folder}`" in row or f"`{folder}*.py`" in row)) for row in rows)

    modules = [p for p in package.rglob("*.py") if p.name != "__init__.py" and "migrations" not in p.parts]
    assert [p.relative_to(package).as_posix() for p in modules if not named(p)] == []
