"""Speakers' own pages (portal, profile, invitations), public speaker pages, and photos."""

from __future__ import annotations

import os
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..errors import status_for
from ..extensions import login_manager
from ..inputs import page_number
from ..markdown import render_markdown
from ..models import Speaker, SpeakerInvitation
from ..organise.people import InvitationProblem, Standing
from ..programmes.services import visible_programme
from ..translation import gettext
from ..visibility import Viewer
from . import photos, profiles, queries, services
from .errors import SpeakerError
from .forms import ProfileForm

blueprint = Blueprint("speakers", __name__)

# Photo uploads may be larger than other requests (MAX_CONTENT_LENGTH); a little room for the
# form's other fields. Anything larger is refused before it is read, with a 413 page.
PHOTO_REQUEST_LIMIT = photos.MAX_PHOTO_BYTES + 256 * 1024
PHOTO_UPLOAD_ENDPOINTS = frozenset({"speakers.profile", "speakers_organise.edit_speaker"})
# Photo names are random and change with every upload, so a cached copy never goes stale.
PHOTO_CACHE = "public, max-age=31536000, immutable"


@blueprint.record_once
def _settings(state: BlueprintSetupState) -> None:
    app = state.app
    # Outside the web root (static/). With several app servers, point this at shared storage.
    app.config.setdefault(
        "SPEAKER_PHOTO_FOLDER",
        os.environ.get("SPEAKER_PHOTO_FOLDER")
        or str(Path(app.instance_path) / "uploads" / "speakers"),
    )
    # First of all before-request functions: CSRF protection reads the form, and the larger
    # limit must be in place before anything does.
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_photo_uploads)


def _allow_photo_uploads() -> None:
    if request.method == "POST" and request.endpoint in PHOTO_UPLOAD_ENDPOINTS:
        request.max_content_length = PHOTO_REQUEST_LIMIT


# --- Public pages -------------------------------------------------------------------------


@blueprint.get("/p/<programme_slug>/speakers/")
def programme_speakers(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, Viewer.of(current_user)) or abort(404)
    page = page_number()
    return render_template(
        "speakers/programme_speakers.html",
        programme=programme,
        speakers=queries.programme_speakers(programme, Viewer.of(current_user), page),
    )


@blueprint.get("/p/<programme_slug>/speakers/<speaker_slug>/")
def speaker(programme_slug: str, speaker_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, Viewer.of(current_user)) or abort(404)
    listing = queries.programme_speaker(programme, speaker_slug, Viewer.of(current_user)) or abort(
        404
    )
    return render_template(
        "speakers/speaker.html",
        programme=programme,
        listing=listing,
        bio=render_markdown(listing.speaker.bio),
    )


@blueprint.get("/speakers/photos/<name>")
def photo(name: str) -> ResponseReturnValue:
    speaker = queries.speaker_by_photo(name)
    path = photos.photo_path(profiles.photo_folder(), name)
    if speaker is None or path is None or not path.is_file():
        abort(404)
    # Photos are small, re-encoded files: read whole, so no file handle outlives the request.
    response = Response(path.read_bytes(), mimetype=photos.PHOTO_CONTENT_TYPE)
    # A name is never reused for other content, so it serves as the entity tag.
    response.set_etag(name)
    response.headers["Content-Disposition"] = (
        f'inline; filename="{speaker.slug}{photos.PHOTO_SUFFIX}"'
    )
    # The type is ours, never the upload's; nothing in the file may run or be sniffed.
    response.headers["Content-Type"] = photos.PHOTO_CONTENT_TYPE
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Cache-Control"] = PHOTO_CACHE
    return response.make_conditional(request)


# --- The speaker's own pages ---------------------------------------------------------------


@blueprint.get("/speaker/")
@login_required
def portal() -> ResponseReturnValue:
    return render_template(
        "speakers/portal.html",
        portal=queries.portal(current_user),
        invitation_url=services.invitation_url,
    )


@blueprint.route("/speaker/profile", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    speaker = queries.speaker_of_user(current_user.id)
    form = ProfileForm()
    status = 422
    if form.validate_on_submit():
        try:
            profiles.save_own_profile(
                current_user,
                form.details(),
                photo=form.photo_bytes(),
                remove_photo=bool(form.remove_photo.data),
            )
        except SpeakerError as error:
            getattr(form, error.field or "name").errors = [str(error)]
            status = status_for(error)
        else:
            flash(gettext("Saved your speaker profile."), "success")
            return redirect(url_for("speakers.portal"))
    elif not form.is_submitted():
        form.fill(profiles.profile_details_of(speaker, current_user))
    return _render_profile_form(
        form,
        speaker,
        status,
        action=url_for("speakers.profile"),
        heading=gettext("Your speaker profile"),
    )


def _render_profile_form(
    form: ProfileForm, speaker: Speaker | None, status: int, **context: object
) -> ResponseReturnValue:
    return (
        render_template("speakers/profile_form.html", form=form, speaker=speaker, **context),
        status if form.errors else 200,
    )


# --- Invitations to speak -----------------------------------------------------------------


def _render_invitation(invitation: SpeakerInvitation | None, token: str, **context: object) -> str:
    here = url_for("speakers.invitation", token=token)
    sign_up = (
        url_for("accounts.sign_up", next=here)
        if "accounts.sign_up" in current_app.view_functions
        else None
    )
    return render_template(
        "speakers/invitation.html",
        invitation=invitation,
        token=token,
        sign_in_url=url_for("accounts.sign_in", next=here),
        sign_up_url=sign_up,
        **context,
    )


@blueprint.route("/speaker/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str) -> ResponseReturnValue:
    try:
        found = services.invitation_from_token(token)
    except InvitationProblem as problem:
        return _render_invitation(None, token, problem=str(problem)), status_for(problem)
    if request.method == "POST":
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        # CSRFProtect has already checked this POST's token.
        event_title = found.event.title
        outcome = services.accept_speaker_invitation(found, current_user)
        if outcome == Standing.ACCEPTED:
            flash(
                gettext(
                    "You are now a speaker at %(event)s. Check your profile: it is what "
                    "people see on the programme.",
                    event=event_title,
                ),
                "success",
            )
            return redirect(url_for("speakers.profile"))
        return _render_invitation(found, token, standing=outcome), _status(outcome, posted=True)
    viewer_standing = services.invitation_standing(found, current_user)
    return _render_invitation(found, token, standing=viewer_standing), _status(viewer_standing)


def _status(standing: Standing, *, posted: bool = False) -> int:
    if standing == Standing.EXPIRED:
        return 410
    if posted and standing in (Standing.DIFFERENT_EMAIL, Standing.EMAIL_UNCONFIRMED):
        return 403
    if posted and standing == Standing.ALREADY_ACCEPTED:
        return 409
    return 200
