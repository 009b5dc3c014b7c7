"""Members reflect after each meeting, keep their learning journey, and read what the community
shared. Writing goes through the reflections service, who reads what through its visibility
rule; these routes only pass the person and the meeting along."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..errors import status_for
from ..models import Community, Reflection, utcnow
from ..reflections import queries as reflection_queries
from ..reflections import services as reflection_services
from ..reflections.eligibility import check_may_reflect_on_meeting
from ..reflections.errors import ReflectionError
from ..reflections.forms import ReflectionForm, reflection_form
from ..reflections.services import ReflectionDraft
from ..reflections.visibility import Reader
from ..service_errors import Reason
from ..translation import gettext
from . import journey as journeys
from . import meetings
from .common import CommunityError
from .forms import ActionForm
from .permissions import Standing, member_required
from .record import community_record, meeting_choice
from .routes import BASE, blueprint


def _slugs(community: Community) -> dict[str, Any]:
    return {"programme_slug": community.programme.slug, "community_slug": community.slug}


@blueprint.get(BASE + "/reflect")
@member_required
def reflect(community: Community, where: Standing) -> ResponseReturnValue:
    """The meetings held so far, each with a way to reflect on it or to change a reflection."""
    return render_template(
        "communities/reflect_list.html",
        community=community,
        meetings=journeys.meetings_to_reflect(community, current_user.id),
        is_member=where.is_member,
    )


def _form_data(existing: Reflection) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"answer_{index}": item["answer"] for index, item in enumerate(existing.answers)
    }
    data["themes"] = [theme.id for theme in existing.themes]
    data["principles"] = [p.value for p in existing.principle_list]
    data["visibility"] = existing.visibility.value
    data["attribution"] = existing.attribution.value
    return data


def _draft(form: ReflectionForm) -> ReflectionDraft:
    return ReflectionDraft(
        answers=form.answers(),
        theme_ids=[int(value) for value in form.themes.data or []],
        principles=list(form.principles.data or []),
        visibility=form.visibility.data or "",
        attribution=form.attribution.data or "",
    )


@blueprint.route(BASE + "/meetings/<int:session_id>/reflect", methods=["GET", "POST"])
@member_required
def reflect_on_meeting(
    community: Community, where: Standing, session_id: int
) -> ResponseReturnValue:
    """Reflect on one meeting with the programme's prompts, "members of this community"
    among the choices of who reads it."""
    try:
        _meeting, session = meetings.meeting_of(community.id, session_id)
    except CommunityError:
        abort(404)
    event, programme = session.event, community.programme
    number = next(
        (n for n, s in journeys.numbered_meetings(community.id) if s.id == session.id), None
    )
    context: dict[str, Any] = {"community": community, "session": session, "number": number}
    existing = reflection_queries.own_reflection(event.id, current_user.id, session.id)
    if existing is None:
        try:
            check_may_reflect_on_meeting(session.id, current_user.id, utcnow())
        except ReflectionError as error:
            # Looking early is fine: the page says when. Sending early is refused.
            early = error.reason is Reason.CONFLICT and request.method == "GET"
            return render_template(
                "communities/cannot_reflect.html", message=str(error), **context
            ), 200 if early else status_for(error)
    form = reflection_form(
        reflection_queries.questions_for(event, existing),
        reflection_queries.theme_choices(programme),
        programme,
        current_user.name,
        for_community=True,
        data=_form_data(existing) if existing is not None else None,
    )
    if form.validate_on_submit():
        try:
            reflection_services.save_reflection(
                event.id, current_user.id, _draft(form), session_id=session.id
            )
        except ReflectionError as error:
            if error.field and error.field in form:
                form[error.field].errors = [*form[error.field].errors, str(error)]
            else:
                form.form_errors.append(str(error))
        else:
            flash(
                gettext("Your reflection is saved.")
                if existing is None
                else gettext("Your changes are saved."),
                "success",
            )
            return redirect(url_for("communities.my_journey", **_slugs(community)))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "communities/reflect.html", form=form, existing=existing, **context
    ), status


@blueprint.route(BASE + "/meetings/<int:session_id>/reflect/delete", methods=["GET", "POST"])
@member_required
def delete_meeting_reflection(
    community: Community, where: Standing, session_id: int
) -> ResponseReturnValue:
    """Ask, then delete the person's reflection on one meeting, its consent records with it."""
    try:
        _meeting, session = meetings.meeting_of(community.id, session_id)
    except CommunityError:
        abort(404)
    if reflection_queries.own_reflection(session.event_id, current_user.id, session.id) is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        reflection_services.delete_reflection(session.event_id, current_user.id, session.id)
        flash(gettext("Your reflection is deleted."), "success")
        return redirect(url_for("communities.my_journey", **_slugs(community)))
    return render_template(
        "communities/delete_reflection.html", community=community, session=session, form=form
    )


@blueprint.get(BASE + "/journey", defaults={"extension": ""})
@blueprint.get(BASE + "/journey.<any(md, csv):extension>")
@member_required
def my_journey(community: Community, where: Standing, extension: str) -> ResponseReturnValue:
    items = journeys.journey(community, current_user.id)
    if extension == "md":
        body, mimetype = journeys.as_markdown(community, items), "text/markdown"
    elif extension == "csv":
        body, mimetype = journeys.as_csv(community, items), "text/csv"
    else:
        return render_template("communities/journey.html", community=community, items=items)
    response = Response(body, mimetype=mimetype)
    filename = f"{community.slug}-journey.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get(BASE + "/record")
@member_required
def record(community: Community, where: Standing) -> ResponseReturnValue:
    return render_template(
        "communities/record.html",
        community=community,
        record=community_record(
            community,
            Reader.of(current_user),
            request.args.get("q", ""),
            request.args.get("theme", ""),
            meeting_choice(request.args.get("meeting")),
        ),
    )
