"""The community's own pages: for anyone, for people joining, and for members."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..errors import status_for
from ..models import Community, MembershipRule, MemberStatus
from ..programmes.services import visible_programme
from ..translation import gettext
from . import feeds, meetings, membership, queries, running
from .common import CommunityError
from .forms import ActionForm, ApologyForm, ProfileForm
from .permissions import (
    Standing,
    community_visible,
    member_required,
    membership_required,
    signed_in_visible,
)

blueprint = Blueprint("communities", __name__)
BASE = "/p/<programme_slug>/communities/<community_slug>"


def page_url(community: Community, **values: Any) -> str:
    return url_for(
        "communities.community",
        programme_slug=community.programme.slug,
        community_slug=community.slug,
        **values,
    )


def refused(error: CommunityError, template: str, **context: Any) -> ResponseReturnValue:
    """Show the form again with the service's message beside its field, or at the top."""
    form = context.get("form")
    if form is not None and error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    elif form is not None:
        form.form_errors.append(error.message)
    return render_template(template, error=error.message, **context), status_for(error)


@blueprint.get("/p/<programme_slug>/communities/")
def index(programme_slug: str) -> ResponseReturnValue:
    programme = visible_programme(programme_slug, current_user)
    if programme is None:
        abort(404)
    return render_template(
        "communities/index.html",
        programme=programme,
        communities=queries.public_communities(programme),
    )


@blueprint.get(BASE + "/")
@community_visible
def community(community: Community, where: Standing) -> ResponseReturnValue:
    page = queries.community_page(community, where)
    return render_template(
        "communities/community.html",
        page=page,
        action_form=ActionForm(),
        feed_url=feeds.community_feed_url(community, current_user) if page.where.is_member else "",
    )


@blueprint.route(BASE + "/join", methods=["GET", "POST"])
@signed_in_visible
def join(community: Community, where: Standing) -> ResponseReturnValue:
    form = ProfileForm()
    context = {"form": form, "community": community, "where": where}
    if community.membership_rule == MembershipRule.INVITATION:
        context["invitation_only"] = True
    if form.validate_on_submit():
        try:
            outcome = membership.join(community.id, current_user.id, form.profile())
        except CommunityError as error:
            return refused(error, "communities/join.html", **context)
        flash(_joined_message(outcome.status, outcome.waitlist_position), "success")
        return redirect(page_url(community))
    return render_template("communities/join.html", **context), 422 if form.errors else 200


def _joined_message(status: MemberStatus, position: int | None) -> str:
    if status == MemberStatus.MEMBER:
        return gettext("You are a member. Welcome.")
    if status == MemberStatus.REQUESTED:
        return gettext("You have asked to join. The facilitators will reply by email.")
    return gettext(
        "The community is full: you are number %(position)s on the waiting list.", position=position
    )


@blueprint.route(BASE + "/invitation/<token>", methods=["GET", "POST"])
@signed_in_visible
def accept_invitation(community: Community, where: Standing, token: str) -> ResponseReturnValue:
    form = ProfileForm()
    context = {"form": form, "community": community, "where": where, "token": token}
    try:
        community_id, email = running.read_invitation(token)
    except CommunityError as error:
        return render_template("communities/invitation.html", error=error.message, **context), 404
    if community_id != community.id:
        abort(404)
    context["email"] = email
    if form.validate_on_submit():
        try:
            outcome = membership.accept_invitation(
                community.id, current_user.id, email, form.profile()
            )
        except CommunityError as error:
            return refused(error, "communities/invitation.html", **context)
        flash(_joined_message(outcome.status, outcome.waitlist_position), "success")
        return redirect(page_url(community))
    return render_template("communities/invitation.html", **context), 422 if form.errors else 200


@blueprint.route(BASE + "/leave", methods=["GET", "POST"])
@membership_required
def leave(community: Community, where: Standing) -> ResponseReturnValue:
    form = ActionForm()
    context = {"form": form, "community": community, "where": where}
    if form.validate_on_submit():
        try:
            membership.leave(community.id, current_user.id)
        except CommunityError as error:
            return refused(error, "communities/leave.html", **context)
        flash(gettext("You have left %(community)s.", community=community.name), "success")
        return redirect(page_url(community))
    return render_template("communities/leave.html", **context)


@blueprint.route(BASE + "/profile", methods=["GET", "POST"])
@membership_required
def profile(community: Community, where: Standing) -> ResponseReturnValue:
    form = ProfileForm()
    context = {"form": form, "community": community, "where": where}
    if not form.is_submitted() and where.membership is not None:
        form.organisation.data = where.membership.organisation
        form.working_on.data = where.membership.working_on
        form.show_to_members.data = current_user.id in queries.consenting(  # type: ignore[attr-defined]  # defined in .common
            community.id, [current_user.id]
        )
    if form.validate_on_submit():
        try:
            running.update_profile(community.id, current_user.id, form.profile())
        except CommunityError as error:
            return refused(error, "communities/profile.html", **context)
        flash(gettext("Saved what the other members see."), "success")
        return redirect(page_url(community))
    return render_template("communities/profile.html", **context), 422 if form.errors else 200


@blueprint.route(BASE + "/meetings/<int:session_id>/apology", methods=["GET", "POST"])
@member_required
def apology(community: Community, where: Standing, session_id: int) -> ResponseReturnValue:
    try:
        _meeting, session = meetings.meeting_of(community.id, session_id)
    except CommunityError:
        abort(404)
    form = ApologyForm()
    context = {"form": form, "community": community, "session": session}
    if form.validate_on_submit():
        try:
            meetings.send_apology(community.id, session_id, current_user.id, form.note.data or "")
        except CommunityError as error:
            return refused(error, "communities/apology.html", **context)
        flash(
            gettext("Your apologies are sent to the facilitators. Your place stays yours."),
            "success",
        )
        return redirect(page_url(community))
    return render_template("communities/apology.html", **context), 422 if form.errors else 200


@blueprint.get(BASE + "/attendance")
@member_required
def my_attendance(community: Community, where: Standing) -> ResponseReturnValue:
    return render_template(
        "communities/my_attendance.html",
        community=community,
        rows=queries.my_attendance(community.id, current_user.id),
    )


@blueprint.get(BASE + "/calendar/<token>.ics")
def feed(programme_slug: str, community_slug: str, token: str) -> ResponseReturnValue:
    built = feeds.community_feed(programme_slug, community_slug, token)
    if built is None:
        abort(404)
    response = Response(built, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Disposition"] = f'inline; filename="{community_slug}.ics"'
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    # The body is the same bytes while nothing changes, so its hash lets clients revalidate.
    response.add_etag()
    return response.make_conditional(request)


# Reflecting, the learning journey and the community's record join this blueprint.
from . import reflect_routes  # noqa: E402, F401
