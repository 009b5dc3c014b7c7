"""Publishing, unpublishing and cancelling, each asking first: GET shows what will happen and to
whom, a POST from that page (``confirm=yes``) does it. Publishing reaches no one's inbox, so
its button acts at once."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..extensions import db
from ..models import Event, EventSession, EventStatus, Programme, ProgrammeStatus, SessionStatus
from ..translation import gettext
from . import steering
from .activity import SHOWN, recent_activity
from .blueprint import blueprint
from .confirm import Confirmation, ConfirmForm, people, render_confirmation
from .permissions import event_manager_required, organiser_required
from .services import OrganiseError, remove_session
from .steering import UNPUBLISH_REFUSED, active_registrations, programme_reach


def _programme_url(programme: Programme) -> str:
    return url_for("organise.programme", programme_slug=programme.slug)


def _event_url(programme: Programme, event: Event) -> str:
    return url_for("organise.event", programme_slug=programme.slug, event_slug=event.slug)


def _acts_now() -> bool:
    """A POST from the confirmation page (or, for publishing, from the publish button)."""
    return request.method == "POST" and ConfirmForm().confirmed()


@blueprint.route("/p/<programme_slug>/status/<status>", methods=["GET", "POST"])
@organiser_required
def change_programme_status(programme: Programme, status: str) -> ResponseReturnValue:
    if status not in ProgrammeStatus.__members__.values():
        abort(404)
    target = ProgrammeStatus(status)
    if target == ProgrammeStatus.PUBLISHED and request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
    elif not _acts_now():
        return _programme_confirmation(programme, target)
    steering.change_programme_status(programme, target)
    flash(_now_status(programme.title, status), "success")
    return redirect(_programme_url(programme))


def _now_status(title: str, status: str) -> str:
    """ "HLS Week is now published.", in the reader's language."""
    if status == "published":
        return gettext("%(title)s is now published.", title=title)
    if status == "draft":
        return gettext("%(title)s is now a draft.", title=title)
    if status == "cancelled":
        return gettext("%(title)s is now cancelled.", title=title)
    if status == "archived":
        return gettext("%(title)s is now archived.", title=title)
    return gettext("%(title)s is now %(status)s.", title=title, status=status)


def _programme_confirmation(programme: Programme, target: ProgrammeStatus) -> str:
    events, reach = programme_reach(programme)
    if target == ProgrammeStatus.DRAFT:
        title = gettext("Unpublish %(programme)s", programme=programme.title)
        consequences = [
            gettext(
                "The programme and its %(events)s published events leave the public site: only "
                "its organisers and hosts will see them.",
                events=events,
            ),
            gettext(
                "%(people)s with a place or on a waiting list keep it, but will get “Page not "
                "found” for its pages until you publish it again. No one is emailed.",
                people=people(reach),
            ),
        ]
        button = gettext("Unpublish the programme")
    elif target == ProgrammeStatus.PUBLISHED:
        title = gettext("Publish %(programme)s", programme=programme.title)
        consequences = [gettext("Everyone can see the programme and its published events.")]
        button = gettext("Publish the programme")
    else:
        title = gettext("Archive %(programme)s", programme=programme.title)
        consequences = [gettext("The programme is kept for the record; its pages stay readable.")]
        button = gettext("Archive the programme")
    return render_confirmation(
        Confirmation(
            title=title,
            consequences=consequences,
            action_url=request.path,
            button=button,
            back_url=_programme_url(programme),
            danger=target == ProgrammeStatus.DRAFT,
        )
    )


@blueprint.route("/p/<programme_slug>/events/<event_slug>/status/<status>", methods=["GET", "POST"])
@organiser_required
def change_event_status(programme: Programme, event: Event, status: str) -> ResponseReturnValue:
    if status not in EventStatus.__members__.values():
        abort(404)
    target = EventStatus(status)
    if target == EventStatus.PUBLISHED and request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
    elif not _acts_now():
        return _event_confirmation(programme, event, target)
    try:
        steering.change_event_status(event, target)
    except OrganiseError as error:
        flash(str(error), "error")
    else:
        flash(_now_status(event.title, status), "success")
    return redirect(_event_url(programme, event))


def _event_confirmation(programme: Programme, event: Event, target: EventStatus) -> str:
    reach = active_registrations(event)
    cancel_url = url_for(
        "organise.change_event_status",
        programme_slug=programme.slug,
        event_slug=event.slug,
        status="cancelled",
    )
    refused, alternatives = "", []
    if target == EventStatus.CANCELLED:
        title = gettext("Cancel %(event)s", event=event.title)
        consequences = [
            gettext(
                "%(people)s registered or waiting will be emailed that the event is cancelled.",
                people=people(reach),
            ),
            gettext(
                "It stays on the programme marked “Cancelled”, and calendars drop its sessions."
            ),
            gettext("This cannot be undone."),
        ]
        button = gettext("Cancel the event")
    elif target == EventStatus.DRAFT:
        title = gettext("Unpublish %(event)s", event=event.title)
        consequences = [
            gettext(
                "The event leaves the public programme; only its organisers and hosts "
                "will see it. No one is emailed, because no one has registered."
            )
        ]
        button = gettext("Unpublish the event")
        if reach and event.status != EventStatus.DRAFT:
            refused = str(UNPUBLISH_REFUSED)
            alternatives = [(cancel_url, gettext("Cancel this event"))]
    else:
        title = gettext("Publish %(event)s", event=event.title)
        consequences = [gettext("The event appears on the programme, open for registration.")]
        button = gettext("Publish the event")
    return render_confirmation(
        Confirmation(
            title=title,
            consequences=consequences,
            action_url=request.path,
            button=button,
            back_url=_event_url(programme, event),
            danger=target != EventStatus.PUBLISHED,
            refused=refused,
            alternatives=alternatives,
        )
    )


@blueprint.route(
    "/p/<programme_slug>/events/<event_slug>/sessions/<int:session_id>/remove",
    methods=["GET", "POST"],
)
@event_manager_required
def remove_session_view(programme: Programme, event: Event, session_id: int) -> ResponseReturnValue:
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    was_draft = event.status == EventStatus.DRAFT
    if _acts_now():
        remove_session(session)
        flash(
            gettext("Deleted the session.") if was_draft else gettext("Cancelled the session."),
            "success",
        )
        return redirect(_event_url(programme, event))
    if was_draft:
        title = gettext("Delete this session")
        consequences = [
            gettext("The event is a draft, so the session is deleted. No one is emailed.")
        ]
    elif session.status == SessionStatus.CANCELLED:
        title = gettext("This session is already cancelled")
        consequences = [gettext("Nothing more will change.")]
    else:
        reach = active_registrations(event)
        title = gettext("Cancel this session: %(people)s registered", people=people(reach))
        consequences = [
            gettext(
                "%(people)s registered or waiting for %(event)s will be emailed that this "
                "session is cancelled, and their calendars drop it.",
                people=people(reach),
                event=event.title,
            ),
            gettext("The session stays on the event's page marked “Cancelled”."),
        ]
    return render_confirmation(
        Confirmation(
            title=title,
            consequences=consequences,
            action_url=request.path,
            button=gettext("Delete the session") if was_draft else gettext("Cancel the session"),
            back_url=_event_url(programme, event),
        )
    )


@blueprint.get("/p/<programme_slug>/activity")
@organiser_required
def activity(programme: Programme) -> ResponseReturnValue:
    return render_template(
        "organise/activity.html",
        programme=programme,
        activities=recent_activity(programme),
        shown=SHOWN,
    )
