"""The console examples of docs/web.md and of the web sections of docs/cli.md run as written
(against a fresh SQLite file instead of the one the page names)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

WEB_COMMANDS = ("jixiao db", "jixiao users")


def examples(page: str) -> list[str]:
    lines = [m.group(1) for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()
             if (m := re.match(r"^\$ (.*)$", line.strip()))]
    return [line for line in lines if any(c in line for c in WEB_COMMANDS)]


@pytest.mark.parametrize("page", ["web.md", "cli.md"])
def test_the_documented_commands_run(page: str, tmp_path: Path) -> None:
    commands = examples(page)
    assert commands, f"{page} shows no db or users command"
    for command in commands:
        local = re.sub(r"sqlite:////tmp/[\w.-]+\.db", f"sqlite:///{tmp_path / 'docs.db'}", command)
        local = re.sub(r"/tmp/jixiao-[\w-]+export", str(tmp_path / "export"), local)
        done = subprocess.run(local, shell=True, cwd=ROOT, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"


def test_every_web_module_is_on_the_package_map() -> None:
    text = (ROOT / "src" / "jixiao" / "docs.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "jixiao"
    modules = [p for folder in ("storage", "web") for p in (package / folder).glob("*.py") if p.name != "__init__.py"]
    assert [m.name for m in modules if f"{m.parent.name}/{m.name}" not in text] == []


def test_the_api_documentation_is_served_as_the_page_says() -> None:
    """docs/web.md names the page and the Swagger UI it vendors; the files are that version."""
    from jixiao.web import apidocs

    text = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    assert f"`{apidocs.PATH}`" in text and f"swagger-ui-dist {apidocs.SWAGGER_VERSION}" in text
    static = ROOT / "src" / "jixiao" / "web" / "static"
    assert f'PACKAGE_VERSION:"{apidocs.SWAGGER_VERSION}"' in (static / "swagger-ui-bundle.js").read_text(encoding="utf-8")
    assert "Apache License" in (static / "swagger-ui-LICENSE.txt").read_text(encoding="utf-8")
