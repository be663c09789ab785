"""The imports run one way: every arrow between jixiao's top-level modules and folders points down
the layers of scripts/imports.py (its ``LAYERS``, the one list of them), no modules import each
other in a circle, and docs/imports.svg is the drawing that script makes of the code as it is."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from .conftest import ROOT


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("imports_script", ROOT / "scripts" / "imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


imports = _script()


@pytest.fixture(scope="module")
def graph() -> Any:
    return imports.build()


def test_every_module_and_folder_is_in_one_layer(graph: Any) -> None:
    assert imports.misplaced(graph) == []


def test_no_arrow_points_up_or_sideways(graph: Any) -> None:
    assert [f"{a} → {b}: {imports.why(graph, a, b)}" for a, b in imports.upward(graph)] == []


def test_no_circle_between_folders(graph: Any) -> None:
    assert imports.package_circles(graph) == []


def test_no_circle_between_modules_inside_folders_too(graph: Any) -> None:
    assert imports.module_circles(graph) == []


def test_the_drawing_in_the_docs_is_the_code_as_it_is(graph: Any) -> None:
    drawn = (ROOT / "docs" / "imports.svg").read_text(encoding="utf-8")
    assert drawn == imports.svg(graph), "run python scripts/imports.py to redraw docs/imports.svg"


def test_the_check_finds_an_arrow_up_and_a_circle() -> None:
    """The rules bite: a model importing the scorer points up, and closes a circle of folders."""
    import grimp

    graph = grimp.ImportGraph()
    for name in ("jixiao", "jixiao.model", "jixiao.score", "jixiao.rules", "jixiao.rules.base"):
        graph.add_module(name)
    graph.add_import(importer="jixiao.score", imported="jixiao.model")
    graph.add_import(importer="jixiao.model", imported="jixiao.score")
    graph.add_import(importer="jixiao.rules.base", imported="jixiao.rules")
    graph.add_import(importer="jixiao.rules", imported="jixiao.rules.base")
    assert imports.upward(graph) == [("model", "score")]
    assert imports.package_circles(graph) == [("model", "score")]
    assert imports.module_circles(graph) == [("jixiao.model", "jixiao.score"), ("jixiao.rules", "jixiao.rules.base")]


def test_the_script_checks_what_the_tests_check() -> None:
    assert imports.main(["--check"]) == 0
