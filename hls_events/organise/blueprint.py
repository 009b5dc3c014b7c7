"""The organiser area's blueprint, shared by the modules that add its pages (routes.py:
programmes, events and sessions; people_routes.py: who organises and hosts)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("organise", __name__, url_prefix="/organise")
