"""Who organises and hosts a programme, under /organise/p/<programme>/people: invitations
sent and withdrawn, organisers and hosts removed. For the programme's organisers."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..extensions import db
from ..forms_common import SelectChoice, render_form
from ..models import Organisation, Programme, ProgrammeHost, ProgrammeRole, User, utcnow
from ..translation import gettext
from .blueprint import blueprint
from .confirm import Confirmation, ConfirmForm, render_confirmation
from .forms import InvitationForm
from .people import (
    find_invitation,
    invite,
    people_of,
    remove_host,
    remove_organiser,
    withdraw_invitation,
)
from .permissions import is_organiser_of, organiser_required
from .services import OrganiseError, all_organisations


def _invitation_form() -> InvitationForm:
    form = InvitationForm()
    form.organisation_id.choices = [SelectChoice(0, gettext("Choose an organisation"))] + [
        SelectChoice(organisation.id, organisation.name) for organisation in all_organisations()
    ]
    return form


@blueprint.route("/p/<programme_slug>/people", methods=["GET", "POST"])
@organiser_required
def people(programme: Programme) -> ResponseReturnValue:
    form = _invitation_form()
    if form.validate_on_submit():
        role = ProgrammeRole(form.role.data)
        try:
            invitation = invite(
                programme,
                current_user,
                form.email.data or "",
                role,
                organisation_id=form.organisation_id.data or None,
                new_organisation=form.new_organisation.data or "",
                new_organisation_is_different=bool(form.new_organisation_is_different.data),
            )
        except OrganiseError as error:
            getattr(form, error.field or "email").errors = [str(error)]
        else:
            flash(gettext("Sent an invitation to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("organise.people", programme_slug=programme.slug))
    return render_form(
        "organise/people.html",
        form,
        programme=programme,
        people=people_of(programme),
        now=utcnow(),
    )


@blueprint.post("/p/<programme_slug>/people/invitations/<int:invitation_id>/withdraw")
@organiser_required
def withdraw_invitation_view(programme: Programme, invitation_id: int) -> ResponseReturnValue:
    invitation = find_invitation(programme, invitation_id) or abort(404)
    email = invitation.email
    try:
        withdraw_invitation(invitation)
    except OrganiseError as error:
        flash(str(error), "error")
    else:
        flash(
            gettext("Withdrew the invitation to %(email)s. Its link no longer works.", email=email),
            "success",
        )
    return redirect(url_for("organise.people", programme_slug=programme.slug))


def _people_url(programme: Programme) -> str:
    return url_for("organise.people", programme_slug=programme.slug)


@blueprint.route(
    "/p/<programme_slug>/people/organisers/<int:user_id>/remove", methods=["GET", "POST"]
)
@organiser_required
def remove_organiser_view(programme: Programme, user_id: int) -> ResponseReturnValue:
    person = next((user for user in programme.organisers if user.id == user_id), None)
    if person is None:
        abort(404)
    if not (request.method == "POST" and ConfirmForm().confirmed()):
        return render_confirmation(
            Confirmation(
                title=gettext("Remove %(name)s as an organiser", name=person.name),
                consequences=[
                    gettext(
                        "%(name)s (%(email)s) will no longer organise %(programme)s: they lose "
                        "its organiser pages at once. They are not emailed.",
                        name=person.name,
                        email=person.email,
                        programme=programme.title,
                    ),
                ],
                action_url=request.path,
                button=gettext("Remove them"),
                back_url=_people_url(programme),
            )
        )
    try:
        organiser = remove_organiser(programme, user_id)
    except OrganiseError as error:
        flash(str(error), "error")
    else:
        flash(
            gettext(
                "%(name)s no longer organises %(programme)s.",
                name=organiser.name,
                programme=programme.title,
            ),
            "success",
        )
        if organiser.id == current_user.id and not is_organiser_of(current_user, programme):
            return redirect(url_for("organise.dashboard"))
    return redirect(_people_url(programme))


@blueprint.route(
    "/p/<programme_slug>/people/hosts/<int:user_id>/<int:organisation_id>/remove",
    methods=["GET", "POST"],
)
@organiser_required
def remove_host_view(
    programme: Programme, user_id: int, organisation_id: int
) -> ResponseReturnValue:
    host = db.session.get(
        ProgrammeHost,
        {"programme_id": programme.id, "user_id": user_id, "organisation_id": organisation_id},
    )
    if host is None:
        abort(404)
    if not (request.method == "POST" and ConfirmForm().confirmed()):
        person = db.session.get(User, user_id)
        organisation = db.session.get(Organisation, organisation_id)
        name = person.name if person else gettext("this person")
        return render_confirmation(
            Confirmation(
                title=gettext("Remove %(name)s as a host", name=name),
                consequences=[
                    gettext(
                        "%(name)s will no longer manage the events of %(organisation)s in "
                        "%(programme)s. The events stay. They are not emailed.",
                        name=name,
                        organisation=organisation.name
                        if organisation
                        else gettext("their organisation"),
                        programme=programme.title,
                    ),
                ],
                action_url=request.path,
                button=gettext("Remove them"),
                back_url=_people_url(programme),
            )
        )
    try:
        remove_host(programme, user_id, organisation_id)
    except OrganiseError as error:
        flash(str(error), "error")
    else:
        flash(gettext("Removed the host."), "success")
    return redirect(_people_url(programme))
