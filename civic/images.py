"""Images residents upload, made safe to store and serve.

An upload is only trusted once Pillow has decoded it: the name and the declared type
mean nothing, and a file may be an image and something else at once (an HTML page or a
script after a PNG's last chunk, a browser sniffing it as a page). So the image is
decoded and written again from its pixels: only image data is stored, with no EXIF
(a phone's photo carries the GPS position of the resident's home), no comments, no
trailing bytes. Its size in pixels is read from the header before decoding, so a small
file that would expand into gigabytes of pixels (a "decompression bomb") is refused
without being decoded.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civic.services import Refused

# 40 megapixels: more than any phone photo (a 200 Mpx sensor bins to 12.5 Mpx by
# default), far below what would exhaust a server's memory once decoded (4 bytes a pixel).
MAX_PIXELS = 40_000_000
# Pillow's name of each accepted format -> the extension it is stored under. MPO is
# the JPEG many phones write (a photo with a second, smaller picture): kept as a JPEG.
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "MPO": "jpg", "WEBP": "webp"}
# The decoders tried (Pillow's JPEG decoder is the one that answers MPO).
DECODERS = ["PNG", "JPEG", "WEBP"]


def clean_image(data: bytes, *, max_bytes: int, field: str = "image") -> tuple[bytes, str]:
    """The image re-encoded from its decoded pixels, and its extension; or a refusal
    saying why (too heavy, too large in pixels, not a PNG, JPEG or WebP image)."""
    if len(data) > max_bytes:
        raise Refused(
            _("L'image dépasse %(size)s Mo.", size=_megabytes(max_bytes)),
            field,
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns, then refuses, past its own (larger) limit: both are a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=DECODERS) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise _too_large(image.width, image.height, field)
                kind = image.format or ""
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, kind), EXTENSIONS[kind]
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise Refused(
            _("L'image est trop grande : %(limit)s mégapixels au plus.", limit=MAX_PIXELS // 10**6),
            field,
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise Refused(_("L'image doit être un fichier PNG, JPEG ou WebP."), field) from None


def _too_large(width: int, height: int, field: str) -> Refused:
    return Refused(
        _(
            "L'image est trop grande (%(width)s × %(height)s pixels) : "
            "%(limit)s mégapixels au plus.",
            width=width,
            height=height,
            limit=MAX_PIXELS // 10**6,
        ),
        field,
    )


def _encode(image: Image.Image, kind: str) -> bytes:
    """Write the pixels again in the same format, without any of the file's metadata."""
    image.info = {}  # no EXIF, ICC profile, comments or text chunks carried over
    out = io.BytesIO()
    if EXTENSIONS[kind] == "jpg":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90)
    elif kind == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"
