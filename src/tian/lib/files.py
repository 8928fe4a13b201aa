"""Downloads of stored files, after the view has checked and audited who asks.

Behind nginx (TIAN_MEDIA_ACCEL_REDIRECT set) the web server sends the bytes from its internal
location and the Python worker is free at once; otherwise Django streams them itself.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header


def stored_file_response(
    field: FieldFile,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """The response that delivers `field` under `filename` (the stored name's last part
    by default); the caller has already decided that the person may have it."""
    filename = filename or PurePosixPath(field.name).name
    content_type = content_type or mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    prefix = getattr(settings, "TIAN_MEDIA_ACCEL_REDIRECT", "")
    if prefix:
        response: HttpResponseBase = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{quote(field.name)}"
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        response = FileResponse(
            field.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response
