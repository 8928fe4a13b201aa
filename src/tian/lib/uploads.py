"""Checking uploaded files by their content, not by the name or type the browser claims."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from tian.lib.errors import ActionError


@dataclass(frozen=True)
class SniffedType:
    content_type: str
    extensions: tuple[str, ...]


PDF = SniffedType("application/pdf", (".pdf",))
PNG = SniffedType("image/png", (".png",))
JPEG = SniffedType("image/jpeg", (".jpg", ".jpeg"))
DOCX = SniffedType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)
)
XLSX = SniffedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))


def sniff(head: bytes, upload: UploadedFile) -> SniffedType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def check_upload(upload: UploadedFile, allowed: tuple[SniffedType, ...]) -> SniffedType:
    """Return the file's real type, or refuse it with a reason (size, content, extension)."""
    limit = settings.TIAN_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ActionError("文件是空的。")
    if upload.size > limit:
        raise ActionError(f"文件过大:不能超过 {limit // (1024 * 1024)} MB。")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, upload)
    names = "、".join(ext.lstrip(".").upper() for k in allowed for ext in k.extensions[:1])
    if kind is None or kind not in allowed:
        raise ActionError(f"文件内容不是允许的类型(只接受 {names})。")
    name = (upload.name or "").lower()
    if not name.endswith(kind.extensions):
        raise ActionError(f"文件扩展名与内容不符:内容是 {kind.extensions[0]} 文件。")
    return kind
