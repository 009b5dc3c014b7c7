"""Running a community: facilitators (and the programme's organisers), and creating one."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, cast

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import SelectChoice
from ..models import Community, MembershipRule, Programme
from ..organise.permissions import organiser_required
from ..translation import gettext, ngettext
from . import meetings, membership, queries, running
from .common import CommunityError, facilitator_users
from .forms import (
    ActionForm,
    AttendanceForm,
    CommunityForm,
    EmailForm,
    MoveForm,
    NewCommunityForm,
    RepeatForm,
    TasterForm,
)
from .permissions import Standing, facilitator_required
from .routes import page_url, refused

if TYPE_CHECKING:
    from ..models import CommunityMeeting, EventSession

blueprint = Blueprint("communities_facilitate", __name__)
BASE = "/p/<programme_slug>/communities/<community_slug>/facilitate"


def _here(community: Community, endpoint: str = "members") -> str:
    return url_for(
        f"communities_facilitate.{endpoint}",
        programme_slug=community.programme.slug,
        community_slug=community.slug,
    )


@blueprint.route("/organise/p/<programme_slug>/communities/new", methods=["GET", "POST"])
@organiser_required
def new_community(programme: Programme) -> ResponseReturnValue:
    form = NewCommunityForm()
    context = {"form": form, "programme": programme}
    if form.validate_on_submit():
        emails = [line.strip() for line in (form.facilitators.data or "").splitlines()]
        try:
            community = running.create_community(programme.id, form.details(), emails)
        except CommunityError as error:
            return refused(error, "communities/new.html", **context)
        flash(gettext("Created %(community)s.", community=community.name), "success")
        return redirect(page_url(community))
    return render_template("communities/new.html", **context), 422 if form.errors else 200


@blueprint.route(BASE + "/edit", methods=["GET", "POST"])
@facilitator_required
def edit(community: Community, where: Standing) -> ResponseReturnValue:
    form = CommunityForm(obj=community)
    if not form.is_submitted():
        form.membership_rule.data = community.membership_rule.value
        form.status.data = community.status.value
    context = {"form": form, "community": community}
    if form.validate_on_submit():
        try:
            running.update_community(community.id, form.details())
        except CommunityError as error:
            return refused(error, "communities/edit.html", **context)
        flash(gettext("Saved your changes."), "success")
        return redirect(page_url(community))
    return render_template("communities/edit.html", **context), 422 if form.errors else 200


@blueprint.get(BASE + "/")
@facilitator_required
def members(community: Community, where: Standing) -> ResponseReturnValue:
    marked, continuity = queries.continuity(community)
    return render_template(
        "communities/members.html",
        community=community,
        rows=queries.member_rows(community, with_contact=True),
        marked=marked,
        continuity=continuity,
        meetings=[session for _meeting, session in queries.meetings(community.id)],
        action_form=ActionForm(),
        invite_form=EmailForm(),
        is_invitation=community.membership_rule == MembershipRule.INVITATION,
    )


def _decide(community: Community, member_id: int, accept: bool) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        membership.decide_request(community.id, member_id, accept)
    except CommunityError as error:
        flash(error.message, "error")
    else:
        flash(gettext("Accepted.") if accept else gettext("Declined."), "success")
    return redirect(_here(community))


@blueprint.post(BASE + "/members/<int:member_id>/accept")
@facilitator_required
def accept(community: Community, where: Standing, member_id: int) -> ResponseReturnValue:
    return _decide(community, member_id, True)


@blueprint.post(BASE + "/members/<int:member_id>/decline")
@facilitator_required
def decline(community: Community, where: Standing, member_id: int) -> ResponseReturnValue:
    return _decide(community, member_id, False)


@blueprint.route(BASE + "/members/<int:member_id>/remove", methods=["GET", "POST"])
@facilitator_required
def remove(community: Community, where: Standing, member_id: int) -> ResponseReturnValue:
    row = next(
        (r for r in queries.member_rows(community, with_contact=True) if r.member_id == member_id),
        None,
    )
    if row is None:
        abort(404)
    form = ActionForm()
    context = {"form": form, "community": community, "row": row}
    if form.validate_on_submit():
        try:
            membership.remove_member(community.id, member_id)
        except CommunityError as error:
            return refused(error, "communities/remove.html", **context)
        flash(gettext("%(name)s is no longer a member.", name=row.name), "success")
        return redirect(_here(community))
    return render_template("communities/remove.html", **context)


@blueprint.post(BASE + "/invite")
@facilitator_required
def invite(community: Community, where: Standing) -> ResponseReturnValue:
    form = EmailForm()
    if form.validate_on_submit():
        try:
            running.invite(community.id, form.email.data or "", current_user.id)
        except CommunityError as error:
            flash(error.message, "error")
        else:
            flash(gettext("Invitation sent to %(email)s.", email=form.email.data), "success")
    else:
        messages = [message for errors in form.errors.values() for message in errors]
        flash(" ".join(str(m) for m in messages) or gettext("Enter an email address."), "error")
    return redirect(_here(community))


@blueprint.route(BASE + "/facilitators", methods=["GET", "POST"])
@facilitator_required
def facilitators(community: Community, where: Standing) -> ResponseReturnValue:
    form = EmailForm()
    context = {
        "form": form,
        "community": community,
        "facilitators": facilitator_users(community.id),
        "action_form": ActionForm(),
        "is_facilitator": where.facilitator,
    }
    if form.validate_on_submit():
        try:
            running.add_facilitator(community.id, form.email.data or "")
        except CommunityError as error:
            return refused(error, "communities/facilitators.html", **context)
        flash(gettext("Added the facilitator."), "success")
        return redirect(_here(community, "facilitators"))
    return render_template("communities/facilitators.html", **context), 422 if form.errors else 200


@blueprint.post(BASE + "/step-down")
@facilitator_required
def step_down(community: Community, where: Standing) -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        running.step_down(community.id, current_user.id)
    except CommunityError as error:
        flash(error.message, "error")
        return redirect(_here(community, "facilitators"))
    flash(gettext("You no longer facilitate %(community)s.", community=community.name), "success")
    return redirect(page_url(community))


# --- Meetings ------------------------------------------------------------------------------


@blueprint.route(BASE + "/meetings/new", methods=["GET", "POST"])
@facilitator_required
def new_meetings(community: Community, where: Standing) -> ResponseReturnValue:
    form = RepeatForm()
    context = {"form": form, "community": community}
    if form.validate_on_submit():
        rule = meetings.RepeatRule(
            every_weeks=form.every_weeks.data or 0,
            weekday=form.weekday.data or 0,
            starts=form.starts.data or time(0),
            ends=form.ends.data or time(0),
            times=form.times.data or 0,
            first_day=form.first_day.data or date.today(),
        )
        place = meetings.MeetingPlace(form.joining_url.data or "", form.venue_name.data or "")
        try:
            made = meetings.add_meetings(community.id, rule, place)
        except CommunityError as error:
            return refused(error, "communities/new_meetings.html", **context)
        flash(ngettext("Added %(num)d meeting.", "Added %(num)d meetings.", len(made)), "success")
        return redirect(page_url(community))
    return render_template("communities/new_meetings.html", **context), 422 if form.errors else 200


def _session_or_404(community: Community, session_id: int) -> tuple[CommunityMeeting, EventSession]:
    try:
        return meetings.meeting_of(community.id, session_id)
    except CommunityError:
        abort(404)


@blueprint.route(BASE + "/meetings/<int:session_id>/move", methods=["GET", "POST"])
@facilitator_required
def move(community: Community, where: Standing, session_id: int) -> ResponseReturnValue:
    _meeting, session = _session_or_404(community, session_id)
    zone = community.programme.zone
    form = MoveForm()
    if not form.is_submitted():
        local = session.starts_at.astimezone(zone)
        form.day.data, form.starts.data = local.date(), local.time()
        form.ends.data = session.ends_at.astimezone(zone).time()
    context = {"form": form, "community": community, "session": session}
    if form.validate_on_submit():
        try:
            meetings.move_meeting(
                community.id,
                session_id,
                cast(date, form.day.data),
                cast(time, form.starts.data),
                cast(time, form.ends.data),
            )
        except CommunityError as error:
            return refused(error, "communities/move.html", **context)
        flash(gettext("The meeting is moved, and the members are told."), "success")
        return redirect(page_url(community))
    return render_template("communities/move.html", **context), 422 if form.errors else 200


@blueprint.route(BASE + "/meetings/<int:session_id>/cancel", methods=["GET", "POST"])
@facilitator_required
def cancel(community: Community, where: Standing, session_id: int) -> ResponseReturnValue:
    _meeting, session = _session_or_404(community, session_id)
    form = ActionForm()
    context = {"form": form, "community": community, "session": session}
    if form.validate_on_submit():
        try:
            meetings.cancel_meeting(community.id, session_id)
        except CommunityError as error:
            return refused(error, "communities/cancel.html", **context)
        flash(gettext("The meeting is cancelled, and the members are told."), "success")
        return redirect(page_url(community))
    return render_template("communities/cancel.html", **context)


@blueprint.route(BASE + "/meetings/<int:session_id>/taster", methods=["GET", "POST"])
@facilitator_required
def taster(community: Community, where: Standing, session_id: int) -> ResponseReturnValue:
    _meeting, session = _session_or_404(community, session_id)
    form = TasterForm()
    context = {"form": form, "community": community, "session": session}
    if form.validate_on_submit():
        try:
            meetings.open_as_taster(community.id, session_id, form.places.data)
        except CommunityError as error:
            return refused(error, "communities/taster.html", **context)
        flash(
            gettext("The meeting is open to everyone as a taster: newcomers can register."),
            "success",
        )
        return redirect(page_url(community))
    return render_template("communities/taster.html", **context), 422 if form.errors else 200


@blueprint.route(BASE + "/meetings/<int:session_id>/attendance", methods=["GET", "POST"])
@facilitator_required
def attendance(community: Community, where: Standing, session_id: int) -> ResponseReturnValue:
    _meeting, session = _session_or_404(community, session_id)
    people = queries.member_rows(community, with_contact=True)
    people = [row for row in people if row.status.value == "member"]
    form = AttendanceForm()
    form.came.choices = [SelectChoice(row.user_id, row.name) for row in people]
    if not form.is_submitted():
        marks = queries.attendance_marks(session_id)
        form.came.data = [user_id for user_id, came in marks.items() if came]
    context = {"form": form, "community": community, "session": session}
    if form.validate_on_submit():
        try:
            meetings.mark_attendance(community.id, session_id, form.came.data or [])
        except CommunityError as error:
            return refused(error, "communities/attendance.html", **context)
        flash(gettext("Saved who came."), "success")
        return redirect(_here(community))
    return render_template("communities/attendance.html", **context), 422 if form.errors else 200
