"""The app exactly as ``wsgi.py`` serves it, except that the worker process dies
(``os._exit``, no cleanup, no answer) straight after a registration is committed, when a
file named ``die-after-commit`` is in the instance folder (the file is used up). So the
gap between commit and answer can be tested with a real server: the person never hears
that the registration worked."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from hls_events import create_app
from hls_events.models import Registration

app = create_app()
MARKER = Path(os.environ["HLS_INSTANCE_PATH"]) / "die-after-commit"


@event.listens_for(Session, "after_flush")
def _note_registrations(session: Session, _context: Any) -> None:
    if any(isinstance(row, Registration) for row in (*session.new, *session.dirty)):
        session.info["registration_written"] = True


@event.listens_for(Session, "do_orm_execute")
def _note_registration_rows(state: ORMExecuteState) -> None:
    # A first registration is written as a row, not an object (registrations/first_registration.py).
    table = getattr(state.statement, "table", None)
    if state.is_insert and getattr(table, "name", None) == "registrations":
        state.session.info["registration_written"] = True


@event.listens_for(Session, "after_commit")
def _die_after_a_registration(session: Session) -> None:
    written = session.info.pop("registration_written", False)
    if not (written and has_request_context() and request.path.endswith("/register")):
        return
    try:
        MARKER.unlink()
    except FileNotFoundError:
        return
    os._exit(1)
