"""Email from the desk, in steps: compose, preview as each kind of recipient will read it (and
send a test to yourself), confirm on a page that says how many people will get it, send. And
the list of messages sent. Organisers email any audience; hosts their own events' people."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from ..forms_common import render_form
from ..models import Programme
from ..translation import gettext, ngettext
from . import mailing
from .blueprint import blueprint
from .desk_forms import DeskEmailForm
from .mailing import Audience
from .permissions import is_organiser_of, may_email, programme_member_required
from .services import OrganiseError, events_managed_by


def _audiences(programme: Programme) -> list[Audience]:
    if is_organiser_of(current_user, programme):
        return list(Audience)
    return [Audience.EVENT]


@blueprint.route("/p/<programme_slug>/email", methods=["GET", "POST"])
@programme_member_required
def email(programme: Programme) -> ResponseReturnValue:
    events = events_managed_by(current_user, programme)
    form = DeskEmailForm()
    form.offer(_audiences(programme), events)
    context = {"programme": programme, "events": events}
    step = form.step.data or "edit"
    if not form.is_submitted() or step == "edit" or not form.validate():
        return render_form("organise/email.html", form, **context)
    audience = Audience(form.audience.data)
    event = form.chosen_event(events) if audience == Audience.EVENT else None
    if not may_email(current_user, programme, audience in mailing.PROGRAMME_WIDE, event):
        abort(403)
    subject, body = form.subject.data or "", form.body.data or ""
    try:
        if step == "send":
            message = mailing.send(programme, current_user, audience, event, subject, body)
            flash(
                ngettext(
                    "Sent your message to %(num)d person.",
                    "Sent your message to %(num)d people.",
                    message.recipients,
                ),
                "success",
            )
            return redirect(url_for("organise.messages", programme_slug=programme.slug))
        if step == "test":
            mailing.send_test(programme, current_user, audience, event, subject, body)
            flash(gettext("Sent a test to you at %(email)s.", email=current_user.email), "success")
        count = len(mailing.recipients(programme, audience, event))
        previews = mailing.previews(
            programme, audience, event, subject, body, current_user.name, str(get_locale())
        )
    except OrganiseError as error:
        target = form[error.field] if error.field in ("subject", "body", "event") else form.body
        target.errors = [str(error)]
        return render_form("organise/email.html", form, **context)
    return render_template(
        "organise/email_preview.html",
        form=form,
        confirming=step == "confirm",
        previews=previews,
        count=count,
        audience=mailing.describe(audience, event),
        **context,
    )


@blueprint.get("/p/<programme_slug>/messages")
@programme_member_required
def messages(programme: Programme) -> ResponseReturnValue:
    organiser = is_organiser_of(current_user, programme)
    events = None if organiser else {e.id for e in events_managed_by(current_user, programme)}
    return render_template(
        "organise/messages.html",
        programme=programme,
        messages=mailing.messages_sent(programme, events),
        shown=mailing.MESSAGES_SHOWN,
        audiences={audience.value: audience.label for audience in Audience},
    )
