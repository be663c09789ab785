"""Project bundles on the web (see :mod:`jixiao.storage.bundle`): download a project with its
records as one zip, and read an uploaded file of the import form as a bundle or a project file.
An import of either passes the storage's one gate (``Store.create``), its records with it."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response

from ..storage import Actor, Incoming, ProjectView, bundle
from . import auth, support
from .params import ProjectId

router = APIRouter(include_in_schema=False)
Who = Annotated[Actor, Depends(auth.person)]
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]')


def download_name(row: ProjectView) -> str:
    """``项目12-信息化项目运维服务费2023年度项目包.zip``: the id, the name and the year."""
    year = f"{row.year}年度" if row.year else ""
    return _NOT_IN_NAMES.sub("_", f"项目{row.id}-{row.name}{year}项目包.zip")


@router.get("/projects/{project_id}/bundle.zip")
def project_bundle(request: Request, who: Who, project_id: ProjectId) -> Response:
    """The project file and its stored files, as they are stored, in one zip."""
    row, files = auth.store_of(request).files(who, project_id)
    return Response(bundle.pack(row.text, files), media_type="application/zip",
                    headers=support.attachment(download_name(row)))


async def incoming(upload: UploadFile) -> Incoming:
    """One file of the import form: a bundle (``.zip``, unpacked with its records) or a project
    file (YAML text). Each is refused over ``LIMITS.upload_bytes``."""
    name = upload.filename or "上传文件"
    content = await support.read_bytes(upload)
    if bundle.is_bundle(name, content):
        return bundle.unpack(content, name)
    await upload.seek(0)
    return Incoming(name, await support.read_upload(upload))
