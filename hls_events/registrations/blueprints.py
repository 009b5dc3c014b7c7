"""The organiser's blueprint for registrations, shared by the modules that add its pages
(organiser_routes.py: who is coming; question_routes.py: what people are asked)."""

from __future__ import annotations

from flask import Blueprint

organiser_blueprint = Blueprint(
    "registrations_organise",
    __name__,
    url_prefix="/organise/p/<programme_slug>/events/<event_slug>/registrations",
)
