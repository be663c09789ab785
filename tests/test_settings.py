"""Every knob read from the environment is in the settings registry, documented, and listed
by ``jixiao serve --help``: an administrator never has to read the code to find one."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import main
from jixiao.limits import Limits
from jixiao.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
VARIABLE = re.compile(r"JIXIAO_[A-Z_]*[A-Z]")


def test_the_code_reads_no_variable_the_registry_does_not_list() -> None:
    registered = {s.variable for s in SETTINGS}
    read = {m.group(0) for path in (ROOT / "src" / "jixiao").rglob("*.py") for m in VARIABLE.finditer(path.read_text("utf-8"))}
    assert read - registered <= {"JIXIAO_LIMIT"}  # the prefix the limits' variables are built from


def test_every_setting_is_documented_and_shown_by_serve_help() -> None:
    docs = (ROOT / "docs" / "web.md").read_text("utf-8")
    shown = CliRunner().invoke(main, ["serve", "--help"]).output
    public = [s for s in SETTINGS if not s.internal]
    assert [s.variable for s in public if f"`{s.variable}`" not in docs] == []
    assert [s.variable for s in public if s.variable not in shown] == []


def test_a_limit_is_changed_by_its_variable_and_a_bad_value_keeps_the_default() -> None:
    limits = Limits.from_environment({"JIXIAO_LIMIT_BODY_BYTES": "4000000", "JIXIAO_LIMIT_YAML_DEPTH": "很多"})
    assert (limits.body_bytes, limits.yaml_depth) == (4_000_000, Limits().yaml_depth)
