"""Personal files out of storage: streamed (local disk or S3), or a signed redirect.

The caller has already checked permission; nothing here decides who may read.
A PDF is never read whole into the web process, and the round's ZIP is written
as it is sent, so a 10,000-report ZIP costs the web node a few kilobytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, StreamingHttpResponse

CHUNK = 64 * 1024
NO_STORE = "private, no-store"


def storage_is_remote(storage) -> bool:
    """True when files live in object storage (there is no local path to serve)."""
    try:
        storage.path("x")
    except NotImplementedError:
        return True
    return False


def file_download(*, file: FieldFile, filename: str, content_type: str) -> HttpResponse:
    """A response that hands the stored file to the browser as an attachment."""
    storage = file.storage
    if settings.STORAGE_REDIRECT and storage_is_remote(storage):
        # The signed URL expires within a minute (config/storage.py), and the
        # bucket is told to send the same headers the portal would.
        url = storage.url(file.name, parameters={
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
            "ResponseContentType": content_type,
            "ResponseCacheControl": NO_STORE,
        })
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(storage.open(file.name, "rb"), as_attachment=True,
                                filename=filename, content_type=content_type)
    response["Cache-Control"] = NO_STORE
    return response


class _Sink:
    """A write-only, unseekable file: zipfile then writes data descriptors and never seeks."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._written = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        pass

    def drain(self) -> Iterator[bytes]:
        chunks, self._chunks = self._chunks, []
        yield from chunks


def zip_stream(entries: Iterable[tuple[str, Callable[[], IO[bytes]]]]) -> Iterator[bytes]:
    """The bytes of a ZIP of (name, opener) entries, produced while the sources are read."""
    sink = _Sink()
    # PDFs are compressed already: storing them costs no CPU and no size.
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as archive:
        for name, opener in entries:
            with opener() as source, archive.open(name, "w", force_zip64=True) as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield from sink.drain()
            yield from sink.drain()
    yield from sink.drain()


def zip_download(*, entries: Iterable[tuple[str, Callable[[], IO[bytes]]]],
                 filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(zip_stream(entries), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = NO_STORE
    return response
