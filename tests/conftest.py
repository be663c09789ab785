"""Shared helpers: load and score a small project written inline in a test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jixiao import Diagnostic, Result, RuleRegistry, default_registry, load_project_text, score_project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"


@pytest.fixture(scope="session")
def registry() -> RuleRegistry:
    return default_registry()


def load(text: str, registry: RuleRegistry, base_dir: Path | None = None) -> tuple[Result | None, list[Diagnostic]]:
    """Load a project written inline (dedented) and score it when it could be built."""
    loaded = load_project_text(textwrap.dedent(text), "项目.yaml", registry, base_dir)
    if loaded.project is None:
        return None, list(loaded.diagnostics)
    result = score_project(loaded.project, registry)
    return result, [*loaded.diagnostics, *result.diagnostics]


def codes(diags: list[Diagnostic]) -> list[str]:
    return [d.code for d in diags]
