"""A budget proposal's picture is decoded and written again from its pixels: only image
data is stored and served (no EXIF position, no page hidden after the image), and what
is not a PNG, JPEG or WebP image, or too large in bytes or in pixels, is refused with a
message that says why — and nothing is stored."""

from __future__ import annotations

import io
import os
import struct
import zlib
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import ExifTags, Image
from sqlalchemy import func, select

from civic.extensions import db
from civic.models import BudgetProposal
from tests.budget_factory import heading_ids, make_budget, proposal_fields
from tests.conftest import People, post


@pytest.fixture
def propose(app: Flask, client: FlaskClient, people: People) -> Any:
    budget_id = make_budget(app, "proposals")
    city = heading_ids(app, budget_id)[0]
    people.make("alice")
    people.login("alice")

    def _propose(content: bytes, filename: str) -> Any:
        return post(
            client,
            f"/budgets/{budget_id}/proposer",
            {**proposal_fields(city), "image": (io.BytesIO(content), filename)},
            content_type="multipart/form-data",
        )

    return _propose


def _png(width: int = 40, height: int = 30, colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming(width: int, height: int) -> bytes:
    """A small file whose header announces width × height pixels (a decompression bomb:
    decoded, its rows of zeros would fill the server's memory)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (width + 1) * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def _stored(app: Flask) -> list[str | None]:
    with app.app_context():
        return list(db.session.scalars(select(BudgetProposal.image_name)))


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(BudgetProposal)) or 0


def _text(response: Any) -> str:
    return response.get_data(as_text=True)  # type: ignore[no-any-return]


def test_a_photo_s_gps_position_is_not_in_the_served_file(
    app: Flask, client: FlaskClient, propose: Any
) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Téléphone"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 11.0, 52.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (3.0, 17.0, 1.0),
    }
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(photo, "JPEG", exif=exif)
    with Image.open(io.BytesIO(photo.getvalue())) as sent:
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload has a position

    assert propose(photo.getvalue(), "maison.jpg").status_code == 302
    [name] = _stored(app)
    assert name and name.endswith(".jpg")
    with client.get(f"/budgets/images/{name}") as served:
        assert served.status_code == 200
        assert served.content_type == "image/jpeg"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert b"Exif" not in served.data
        with Image.open(io.BytesIO(served.data)) as image:
            assert image.size == (64, 48)
            assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert not image.getexif()


def test_a_page_hidden_after_a_real_png_is_not_stored(
    app: Flask, client: FlaskClient, propose: Any
) -> None:
    polyglot = _png() + b"<html><script>alert(document.cookie)</script></html>"
    assert propose(polyglot, "dessin.png").status_code == 302
    [name] = _stored(app)
    assert name and name.endswith(".png")
    with client.get(f"/budgets/images/{name}") as served:
        assert served.content_type == "image/png"
        assert b"<script" not in served.data and b"<html" not in served.data
        with Image.open(io.BytesIO(served.data)) as image:
            assert image.size == (40, 30) and image.getpixel((0, 0)) == (0, 128, 128)
    with open(os.path.join(app.instance_path, "budget_images", name), "rb") as stored:
        assert b"<script" not in stored.read()


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"<!doctype html><html><script>alert(1)</script></html>", "photo.jpg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "dessin.png",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "faux.png"),
        (b"GIF89a" + b"\0" * 64, "anime.gif"),
    ],
    ids=["html named .jpg", "svg named .png", "png magic then nothing", "gif"],
)
def test_what_is_not_a_png_jpeg_or_webp_image_is_refused(
    app: Flask, propose: Any, content: bytes, filename: str
) -> None:
    response = propose(content, filename)
    assert response.status_code == 200
    assert "L'image doit être un fichier PNG, JPEG ou WebP." in _text(response).replace(
        "&#39;", "'"
    )
    assert _count(app) == 0


@pytest.mark.parametrize(("width", "height"), [(8_000, 8_000), (50_000, 50_000)])
def test_a_decompression_bomb_is_refused_without_being_decoded(
    app: Flask, propose: Any, width: int, height: int
) -> None:
    bomb = _png_claiming(width, height)
    assert len(bomb) < 100_000
    response = propose(bomb, "bombe.png")
    assert response.status_code == 200
    assert "trop grande" in _text(response) and "40 mégapixels au plus" in _text(response)
    assert _count(app) == 0


def test_an_image_over_two_megabytes_is_refused(app: Flask) -> None:
    # Called directly: the test client spools an upload this big into a temporary
    # file it never closes (a ResourceWarning, an error under this suite's settings).
    from civic.budget.proposals import IMAGE_MAX_BYTES
    from civic.images import clean_image
    from civic.services import Refused

    with app.test_request_context(), pytest.raises(Refused) as refusal:
        clean_image(_png() + os.urandom(IMAGE_MAX_BYTES), max_bytes=IMAGE_MAX_BYTES)
    assert str(refusal.value.message) == "L'image dépasse 2 Mo."
    assert refusal.value.field == "image"


def test_a_webp_image_is_kept_as_webp(app: Flask, client: FlaskClient, propose: Any) -> None:
    picture = io.BytesIO()
    Image.new("RGBA", (20, 10), (200, 30, 30, 255)).save(picture, "WEBP", lossless=True)
    assert propose(picture.getvalue(), "plan.webp").status_code == 302
    [name] = _stored(app)
    assert name and name.endswith(".webp")
    with client.get(f"/budgets/images/{name}") as served:
        assert served.content_type == "image/webp"
        with Image.open(io.BytesIO(served.data)) as image:
            assert image.format == "WEBP" and image.size == (20, 10)


def test_a_phone_s_multi_picture_jpeg_is_kept_as_one_jpeg(
    app: Flask, client: FlaskClient, propose: Any
) -> None:
    photo = io.BytesIO()
    main, preview = Image.new("RGB", (32, 24), "red"), Image.new("RGB", (16, 12), "blue")
    main.save(photo, "MPO", save_all=True, append_images=[preview])
    assert propose(photo.getvalue(), "IMG_0001.jpg").status_code == 302
    [name] = _stored(app)
    assert name and name.endswith(".jpg")
    with client.get(f"/budgets/images/{name}") as served:
        with Image.open(io.BytesIO(served.data)) as image:
            assert image.format == "JPEG" and image.size == (32, 24)
            assert getattr(image, "n_frames", 1) == 1
