"""The command line as a user meets it: Chinese output, located problems, exit status 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli import main

from .conftest import EXAMPLE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_score_prints_the_tree_total_and_grade() -> None:
    code, out, _ = run("score", str(EXAMPLE))
    assert code == 0
    assert "总分：98.00 分　评价等级：优" in out
    assert "绩效目标合理性（得 3 分，扣 1 分）" in out


def test_score_json_shape() -> None:
    code, out, _ = run("score", str(EXAMPLE), "--json")
    data = json.loads(out)
    assert code == 0 and (data["total"], data["grade"], data["diagnostics"]) == ("98.00", "优", [])
    first_leaf = next(i for i in data["indicators"] if len(i["path"]) == 3)
    assert first_leaf["path"] == ["项目决策", "项目立项", "立项依据充分性"]
    assert (first_leaf["weight"], first_leaf["score"]) == ("4", "4.00")
    assert "符合要点分值合计 0.5 + 1 + 1 + 1 + 0.5 = 4" in first_leaf["explanation"]


def test_what_if_with_set() -> None:
    code, out, _ = run("score", str(EXAMPLE), "--json", "--set", "funds.spent=55")
    data = json.loads(out)
    execution = next(i for i in data["indicators"] if i["path"][-1] == "预算执行率")
    assert (code, execution["score"], data["total"]) == (0, "4.00", "97.00")


def test_check_passes_on_the_example() -> None:
    assert run("check", str(EXAMPLE)) == (0, f"检查通过：{EXAMPLE}\n", "")


def test_bad_data_exits_1_with_located_messages(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("spent: 61.71", "spent: 六十一"), encoding="utf-8")
    code, out, err = run("check", str(broken))
    assert code == 1 and out == ""
    line = next(n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "六十一" in text)
    assert f"{broken}:{line}:10: [wrong-type] 错误：项目文件的“funds”的“spent”应为数字，实际是“六十一”" in err
    assert "Traceback" not in err
    code, out, _ = run("check", str(broken), "--json")
    assert code == 1 and json.loads(out)["ok"] is False


def test_broken_yaml_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "p.yaml"
    broken.write_text("project:\n  name: 甲\n   department: 乙\n", encoding="utf-8")
    code, _, err = run("score", str(broken))
    assert code == 1 and "[yaml-syntax]" in err and "p.yaml:3:" in err and "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    code, _, err = run("score", "没有这个文件.yaml")
    assert code == 2 and "找不到项目文件" in err
    assert run("rules", "nosuchkind")[0] == 2


def test_rules_and_frameworks_list_what_is_available() -> None:
    code, out, _ = run("rules")
    assert code == 0 and "threshold" in out and "门槛扣分" in out
    code, out, _ = run("rules", "satisfaction")
    assert code == 0 and "示例：" in out and "presumed" in out
    code, out, _ = run("frameworks")
    assert code == 0 and "common" in out and "项目支出绩效评价共性指标体系" in out
    code, out, _ = run("frameworks", "yantian-it-om-2023")
    assert code == 0 and "省一体化信访信息系统运行环境监测次数" in out and "一级指标权重合计 100" in out


def test_init_writes_a_file_that_checks_once_filled_in(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    code, out, _ = run("init", "--framework", "common", str(target))
    assert code == 0 and "已生成项目文件" in out
    assert run("init", "--framework", "common", str(target))[0] == 2  # will not overwrite
    code, out, err = run("score", str(target))
    # the template's amounts are zeros to fill in: the money-based rates cannot be computed yet
    assert code == 1 and f"{target}:" in err and "预算为0，无法计算资金到位率" in err
    filled = target.read_text(encoding="utf-8").replace("0.00 ", "10 ", 3)
    target.write_text(filled, encoding="utf-8")
    code, out, err = run("score", str(target))
    assert code == 0 and "总分：" in out and err == ""
