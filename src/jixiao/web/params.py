"""Parameters the pages share with the API: ids and versions are 32-bit integer columns on every
database, so a larger number in a path or a form is refused before it reaches one."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

INT32 = 2**31 - 1
ProjectId = Annotated[int, Path(ge=1, le=INT32, description="项目编号")]
