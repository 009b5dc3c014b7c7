"""Speaker photos: checked, re-encoded without metadata, stored outside the web root, served
with safe headers; bad uploads refused with a message and no change."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.models import Speaker, utcnow
from hls_events.speakers import photos
from tests.factories import make_event, make_programme, make_speaker, make_user
from tests.speakers.conftest import jpeg_with_location, png, png_claiming, upload, webp

PROFILE = {
    "name": "Sam Speaker",
    "pronouns": "they/them",
    "job_title": "Head of Learning",
    "organisation_name": "Northshire Trust",
    "bio": "I work on *learning*.",
    "links": "https://example.org/sam",
}


# --- The pure part -------------------------------------------------------------------------


@pytest.mark.parametrize("made", [jpeg_with_location(), png(), png(mode="P"), webp()])
def test_accepted_images_come_out_as_square_webp(made):
    result = photos.process_photo(made)
    with Image.open(BytesIO(result)) as image:
        assert image.format == "WEBP"
        assert image.size == (photos.PHOTO_SIZE, photos.PHOTO_SIZE)


def test_camera_metadata_does_not_survive():
    original = jpeg_with_location()
    with Image.open(BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # the test photo does carry a location
    result = photos.process_photo(original)
    with Image.open(BytesIO(result)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
    assert b"SecretCam" not in result


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"%PDF-1.7 not a photo", "JPEG, PNG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "JPEG, PNG or WebP"),
        (b"GIF89a" + b"\x00" * 100, "JPEG, PNG or WebP"),
        (jpeg_with_location()[:400], "JPEG, PNG or WebP"),  # cut short
        (png_claiming(9000, 9000), "too many pixels"),  # 81 megapixels, under Pillow's own limit
        (png_claiming(30000, 30000), "too many pixels"),  # Pillow's bomb error
        (b"\xff\xd8" + b"\x00" * (photos.MAX_PHOTO_BYTES + 1), "5 MB or smaller"),
    ],
)
def test_what_is_refused(data, message):
    with pytest.raises(photos.PhotoError, match=message):
        photos.process_photo(data)


def test_stored_names_are_random_and_checked(tmp_path: Path):
    name = photos.store_photo(tmp_path, b"data")
    assert photos.is_photo_name(name)
    assert (tmp_path / name).read_bytes() == b"data"
    assert photos.photo_path(tmp_path, "../../etc/passwd") is None
    assert photos.photo_path(tmp_path, name + "/x") is None
    photos.delete_photo(tmp_path, name)
    assert not (tmp_path / name).exists()


# --- Through the app ------------------------------------------------------------------------


@pytest.fixture
def sam(app):
    return make_user("sam@example.org", name="Sam", email_confirmed_at=utcnow())


def _photo_folder(app) -> Path:
    return Path(app.config["SPEAKER_PHOTO_FOLDER"])


def test_a_person_uploads_a_photo_served_with_safe_headers(
    app, client, sign_in, post_multipart, sam
):
    sign_in("sam@example.org")
    response = post_multipart(
        "/speaker/profile", {**PROFILE, "photo": upload(jpeg_with_location())}
    )
    assert response.status_code == 302, response.text
    speaker = db.session.scalar(select(Speaker))
    assert speaker.user_id == sam.id
    stored = _photo_folder(app) / speaker.photo_filename
    assert stored.is_file()
    assert not str(stored).startswith(str(Path(app.static_folder)))

    served = client.get(f"/speakers/photos/{speaker.photo_filename}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"] == f'inline; filename="{speaker.slug}.webp"'
    assert "immutable" in served.headers["Cache-Control"]
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served.data == stored.read_bytes()
    assert b"SecretCam" not in served.data
    again = client.get(
        f"/speakers/photos/{speaker.photo_filename}",
        headers={"If-None-Match": served.headers["ETag"]},
    )
    assert again.status_code == 304


def test_replacing_and_removing_a_photo_deletes_the_old_file(
    app, client, sign_in, post_multipart, sam
):
    sign_in("sam@example.org")
    post_multipart("/speaker/profile", {**PROFILE, "photo": upload(png(), "me.png", "image/png")})
    first = db.session.scalar(select(Speaker.photo_filename))
    post_multipart(
        "/speaker/profile", {**PROFILE, "photo": upload(webp(), "me.webp", "image/webp")}
    )
    db.session.expire_all()
    second = db.session.scalar(select(Speaker.photo_filename))
    assert second != first
    assert not (_photo_folder(app) / first).exists()
    assert client.get(f"/speakers/photos/{first}").status_code == 404

    post_multipart("/speaker/profile", {**PROFILE, "remove_photo": "y"})
    db.session.expire_all()
    assert db.session.scalar(select(Speaker.photo_filename)) is None
    assert not (_photo_folder(app) / second).exists()
    assert list(_photo_folder(app).iterdir()) == []


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"#!/bin/sh\necho hello\n", "me.jpg", "must be a photo in JPEG, PNG or WebP"),
        (b"<html><script>alert(1)</script></html>", "me.png", "must be a photo in JPEG"),
        (png_claiming(9000, 9000), "bomb.png", "too many pixels"),
        (b"\xff\xd8\xff" + b"\x00" * photos.MAX_PHOTO_BYTES, "big.jpg", "5 MB or smaller"),
    ],
)
def test_bad_uploads_are_refused_and_change_nothing(
    app, client, sign_in, post_multipart, sam, data, filename, message
):
    speaker = make_speaker("Sam Before", user_id=sam.id, bio="Old bio.")
    sign_in("sam@example.org")
    response = post_multipart(
        "/speaker/profile", {**PROFILE, "bio": "New bio.", "photo": upload(data, filename)}
    )
    assert response.status_code == 422
    assert message in response.text
    db.session.expire_all()
    speaker = db.session.get(Speaker, speaker.id)
    assert (speaker.name, speaker.bio, speaker.photo_filename) == ("Sam Before", "Old bio.", None)
    folder = _photo_folder(app)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(
    client, sign_in, post_multipart, sam
):
    sign_in("sam@example.org")
    response = post_multipart(
        "/speaker/profile",
        {**PROFILE, "photo": upload(b"\x00" * (photos.MAX_PHOTO_BYTES + 1024 * 1024))},
    )
    assert response.status_code == 413
    assert "That upload is too large" in response.text
    assert db.session.scalar(select(Speaker)) is None


def test_unknown_or_malformed_photo_names_are_not_found(client):
    assert client.get("/speakers/photos/AAAAAAAAAAAAAAAAAAAAAA.webp").status_code == 404
    assert client.get("/speakers/photos/..%2F..%2Fhls_events.sqlite").status_code == 404
    assert client.get("/speakers/photos/x.svg").status_code == 404


def test_the_public_page_shows_the_photo(app, client, sign_in, post_multipart, sam):
    sign_in("sam@example.org")
    post_multipart("/speaker/profile", {**PROFILE, "photo": upload(jpeg_with_location())})
    speaker = db.session.scalar(select(Speaker))
    programme = make_programme("week")
    make_event(programme, "circle", speakers=[(speaker, "speaker")])
    page = client.get(f"/p/week/speakers/{speaker.slug}/")
    assert f'src="/speakers/photos/{speaker.photo_filename}"' in page.text
    assert 'alt="Photo of Sam Speaker"' in page.text
