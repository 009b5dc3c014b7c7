"""Speaker photos: checked, re-encoded and stored outside the web root. No Flask here.

Nothing a person uploads is kept or served as it came. The upload must be a JPEG, PNG or
WebP by its content (not its name or declared type), within a byte and a pixel limit (so a
small file that decodes to a huge image, a "decompression bomb", is refused before decoding),
and must decode completely. It is then turned upright, cropped to a square, scaled down and
written afresh as WebP, which drops EXIF (GPS position, camera serial numbers), colour
profiles, comments and anything else riding along. Files get random names, so a name says
nothing about the person and cannot be guessed.
"""

from __future__ import annotations

import os
import re
import secrets
import warnings
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..translation import gettext

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Enough for any camera photo (a 48-megapixel phone makes 8000 x 6000).
MAX_PHOTO_PIXELS = 50_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_SIZE = 600
PHOTO_QUALITY = 85
PHOTO_SUFFIX = ".webp"
PHOTO_CONTENT_TYPE = "image/webp"
PHOTO_NAME = re.compile(r"^[A-Za-z0-9_-]{22}\.webp$")


def _too_many_pixels() -> str:
    return gettext("The photo has too many pixels. Use one under 50 megapixels.")


class PhotoError(ValueError):
    """An upload that is not a photo we accept, with a message for the person."""


def process_photo(data: bytes) -> bytes:
    """The uploaded bytes as a clean, square WebP; PhotoError saying why if they will not do."""
    if not data:
        raise PhotoError(gettext("The file is empty. Choose a photo to upload."))
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(gettext("The photo must be 5 MB or smaller."))
    not_an_image = PhotoError(gettext("The file must be a photo in JPEG, PNG or WebP format."))
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check warns first; treat its warning as the refusal it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                width, height = probe.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise PhotoError(_too_many_pixels())
                probe.verify()
            with Image.open(BytesIO(data), formats=ACCEPTED_FORMATS) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                square = ImageOps.fit(
                    upright, (PHOTO_SIZE, PHOTO_SIZE), method=Image.Resampling.LANCZOS
                )
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(_too_many_pixels()) from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise not_an_image from error
    has_alpha = square.mode in ("RGBA", "LA", "PA") or "transparency" in square.info
    mode = "RGBA" if has_alpha else "RGB"
    # A new image holds pixels only: no EXIF, ICC profile, XMP or text chunks come along.
    clean = Image.new(mode, square.size)
    clean.paste(square.convert(mode))
    output = BytesIO()
    clean.save(output, "WEBP", quality=PHOTO_QUALITY, method=4)
    return output.getvalue()


def new_photo_name() -> str:
    return secrets.token_urlsafe(16) + PHOTO_SUFFIX


def is_photo_name(name: str) -> bool:
    return bool(PHOTO_NAME.match(name))


def store_photo(folder: Path, data: bytes) -> str:
    """Write the processed photo under a new random name; return the name."""
    folder.mkdir(parents=True, exist_ok=True)
    name = new_photo_name()
    temporary = folder / f".{name}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, folder / name)
    return name


def photo_path(folder: Path, name: str) -> Path | None:
    """The file for a stored name, or None for a name we would never have made."""
    if not is_photo_name(name):
        return None
    return folder / name


def delete_photo(folder: Path, name: str | None) -> None:
    if not name:
        return
    path = photo_path(folder, name)
    if path is not None:
        path.unlink(missing_ok=True)
