"""Images made here, in memory, for the photo tests."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from typing import Any

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.conftest import csrf_token_from


@pytest.fixture
def app_config(mail_app_config, tmp_path):
    return {**mail_app_config, "SPEAKER_PHOTO_FOLDER": str(tmp_path / "photos")}


def jpeg_with_location(size: tuple[int, int] = (800, 600)) -> bytes:
    """A JPEG carrying EXIF a camera would write: its make, and where it was taken."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 0.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 0.0)
    output = BytesIO()
    image.save(output, "JPEG", exif=exif, quality=90)
    return output.getvalue()


def png(size: tuple[int, int] = (300, 400), mode: str = "RGBA") -> bytes:
    output = BytesIO()
    Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else (10, 120, 200)).save(
        output, "PNG"
    )
    return output.getvalue()


def webp(size: tuple[int, int] = (200, 200)) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, (0, 128, 0)).save(output, "WEBP")
    return output.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge image: a decompression bomb, as far as a header
    goes (the pixel data is not there, and must never be asked for)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def upload(data: bytes, filename: str = "me.jpg", content_type: str = "image/jpeg") -> Any:
    return FileStorage(BytesIO(data), filename=filename, content_type=content_type)


@pytest.fixture
def post_multipart(client):
    """Post a form with files the way a browser does (CSRF token from the page first).

    The body is encoded in memory: the test client's own encoding spools large bodies to a
    temporary file it never closes, which the warnings-are-errors rule would trip over.
    """

    def _post(page_url: str, fields: dict[str, Any], action: str | None = None) -> Any:
        page = client.get(page_url)
        assert page.status_code == 200, f"{page_url} answered {page.status_code}"
        values = MultiDict({**fields, "csrf_token": csrf_token_from(page.text)})
        boundary, body = encode_multipart(values)
        return client.post(
            action or page_url,
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )

    return _post
