"""Speakers in the organiser area: an event's speakers and invitations, and the profiles of
speakers who have no account yet. Guarded by organise/permissions.py."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..errors import status_for
from ..forms_common import render_form
from ..models import Event, Programme, SpeakerRole
from ..organise.confirm import Confirmation, ConfirmForm, render_confirmation
from ..organise.permissions import event_manager_required, organiser_required
from ..translation import gettext
from . import profiles, queries, services
from .errors import SpeakerError
from .forms import BriefForm, ProfileForm, SpeakerInviteForm

blueprint = Blueprint("speakers_organise", __name__, url_prefix="/organise")


def _event_url(programme: Programme, event: Event) -> str:
    return url_for(
        "speakers_organise.event_speakers", programme_slug=programme.slug, event_slug=event.slug
    )


@blueprint.route("/p/<programme_slug>/events/<event_slug>/speakers", methods=["GET", "POST"])
@event_manager_required
def event_speakers(programme: Programme, event: Event) -> ResponseReturnValue:
    form = SpeakerInviteForm()
    status = 422
    if form.validate_on_submit():
        try:
            invitation = services.invite_speaker(
                event,
                current_user,
                form.name.data or "",
                form.email.data or "",
                form.organisation_name.data or "",
                SpeakerRole(form.role.data),
                form.brief.data or "",
            )
        except SpeakerError as error:
            getattr(form, error.field or "email").errors = [str(error)]
            status = status_for(error)
        else:
            flash(
                gettext("Sent an invitation to speak to %(email)s.", email=invitation.email),
                "success",
            )
            return redirect(_event_url(programme, event))
    return (
        render_template(
            "speakers/organise_event_speakers.html",
            programme=programme,
            event=event,
            form=form,
            pending=queries.pending_invitations_for_event(event),
        ),
        status if form.errors else 200,
    )


@blueprint.route(
    "/p/<programme_slug>/events/<event_slug>/speakers/<int:speaker_id>/remove",
    methods=["GET", "POST"],
)
@event_manager_required
def remove_speaker(programme: Programme, event: Event, speaker_id: int) -> ResponseReturnValue:
    """Asks first (hls_events/organise/confirm.py): the speaker leaves the event's page."""
    if not (request.method == "POST" and ConfirmForm().confirmed()):
        role = queries.event_speaker(event, speaker_id) or abort(404)
        return render_confirmation(
            Confirmation(
                title=gettext(
                    "Remove %(name)s from %(event)s", name=role.speaker.name, event=event.title
                ),
                consequences=[
                    gettext(
                        "%(name)s no longer appears on the event's page or in its sessions.",
                        name=role.speaker.name,
                    ),
                    gettext(
                        "An invitation to speak at it that they have not yet accepted is "
                        "withdrawn. They are not emailed."
                    ),
                ],
                action_url=request.path,
                button=gettext("Remove the speaker"),
                back_url=_event_url(programme, event),
            )
        )
    try:
        speaker = services.remove_speaker(event, speaker_id)
    except SpeakerError as error:
        flash(str(error), "error")
    else:
        flash(
            gettext(
                "%(name)s no longer speaks at %(event)s.", name=speaker.name, event=event.title
            ),
            "success",
        )
    return redirect(_event_url(programme, event))


@blueprint.route(
    "/p/<programme_slug>/events/<event_slug>/speakers/<int:speaker_id>/brief",
    methods=["GET", "POST"],
)
@event_manager_required
def edit_brief(programme: Programme, event: Event, speaker_id: int) -> ResponseReturnValue:
    role = queries.event_speaker(event, speaker_id) or abort(404)
    form = BriefForm(obj=role)
    if not form.is_submitted():
        form.role.data = role.role.value
    if form.validate_on_submit():
        services.update_brief(role, SpeakerRole(form.role.data), form.brief.data or "")
        flash(gettext("Saved what you ask of %(name)s.", name=role.speaker.name), "success")
        return redirect(_event_url(programme, event))
    return render_form(
        "speakers/organise_brief.html", form, programme=programme, event=event, role=role
    )


@blueprint.get("/p/<programme_slug>/speakers/")
@organiser_required
def speakers(programme: Programme) -> ResponseReturnValue:
    return render_template(
        "speakers/organise_speakers.html",
        programme=programme,
        rows=queries.speakers_for_organisers(programme),
    )


@blueprint.route("/p/<programme_slug>/speakers/<speaker_slug>/edit", methods=["GET", "POST"])
@organiser_required
def edit_speaker(programme: Programme, speaker_slug: str) -> ResponseReturnValue:
    speaker = queries.speaker_in_programme(programme, speaker_slug) or abort(404)
    if speaker.user_id is not None:
        # Their profile is theirs to keep; organisers may see it but not change it.
        abort(403)
    form = ProfileForm()
    status = 422
    if form.validate_on_submit():
        try:
            profiles.save_profile(
                speaker,
                form.details(),
                photo=form.photo_bytes(),
                remove_photo=bool(form.remove_photo.data),
            )
        except SpeakerError as error:
            getattr(form, error.field or "name").errors = [str(error)]
            status = status_for(error)
        else:
            flash(gettext("Saved the profile of %(name)s.", name=speaker.name), "success")
            return redirect(url_for("speakers_organise.speakers", programme_slug=programme.slug))
    elif not form.is_submitted():
        form.fill(profiles.profile_details_of(speaker))
    return (
        render_template(
            "speakers/profile_form.html",
            form=form,
            speaker=speaker,
            programme=programme,
            action=url_for(
                "speakers_organise.edit_speaker",
                programme_slug=programme.slug,
                speaker_slug=speaker.slug,
            ),
            heading=gettext("Profile of %(name)s", name=speaker.name),
        ),
        status if form.errors else 200,
    )
