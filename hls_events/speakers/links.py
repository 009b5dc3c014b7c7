"""Addresses of speakers' things for pages: relative links, built in the request that shows them."""

from __future__ import annotations

from flask import url_for

from ..models import Speaker


def photo_url(speaker: Speaker) -> str | None:
    if not speaker.photo_filename:
        return None
    return url_for("speakers.photo", name=speaker.photo_filename)
