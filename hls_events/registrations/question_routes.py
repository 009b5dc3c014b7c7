"""The questions people are asked when they register, under
/organise/p/<programme>/events/<event>/registrations/questions: hosts ask at their own event,
organisers for the whole programme too."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import render_form
from ..models import Event, Programme
from ..organise.permissions import event_manager_required, is_organiser_of
from ..translation import gettext
from . import errors, questions
from .blueprints import organiser_blueprint as blueprint
from .forms import ActionForm
from .organiser_forms import QuestionForm


def _to_questions(programme: Programme, event: Event) -> ResponseReturnValue:
    return redirect(
        url_for(
            "registrations_organise.questions",
            programme_slug=programme.slug,
            event_slug=event.slug,
        )
    )


def _question_form(programme: Programme, **kwargs: Any) -> QuestionForm:
    form = QuestionForm(**kwargs)
    if not is_organiser_of(current_user, programme):
        del form.whole_programme
    return form


def _question_details(form: QuestionForm, question: Any = None) -> questions.QuestionDetails:
    details = form.details()
    if "whole_programme" not in form:
        # Hosts ask at their own event only; a programme-wide question stays so.
        details.whole_programme = question is not None and question.event_id is None
    return details


@blueprint.route("/questions", methods=["GET", "POST"], endpoint="questions")
@event_manager_required
def questions_page(programme: Programme, event: Event) -> ResponseReturnValue:
    form = _question_form(programme)
    if form.validate_on_submit():
        try:
            questions.add_question(event, _question_details(form))
        except errors.RegistrationError as error:
            form.choices.errors = [str(error)]
        else:
            flash(gettext("Added the question."), "success")
            return _to_questions(programme, event)
    return render_form(
        "registrations/organise/questions.html",
        form,
        programme=programme,
        event=event,
        questions=questions.questions_for(event),
        is_organiser=is_organiser_of(current_user, programme),
        action_form=ActionForm(),
    )


def _editable_question(programme: Programme, event: Event, question_id: int) -> Any:
    question = questions.question_in(event, question_id) or abort(404)
    if question.event_id is None and not is_organiser_of(current_user, programme):
        abort(403)
    return question


@blueprint.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@event_manager_required
def edit_question(programme: Programme, event: Event, question_id: int) -> ResponseReturnValue:
    question = _editable_question(programme, event, question_id)
    form = _question_form(programme, obj=question)
    if not form.is_submitted():
        form.choices.data = question.choices_text
        if "whole_programme" in form:
            form.whole_programme.data = question.event_id is None
    if form.validate_on_submit():
        try:
            questions.update_question(question, event, _question_details(form, question))
        except errors.RegistrationError as error:
            form.choices.errors = [str(error)]
        else:
            flash(gettext("Saved the question."), "success")
            return _to_questions(programme, event)
    return render_form(
        "registrations/organise/question_form.html",
        form,
        programme=programme,
        event=event,
        question=question,
    )


@blueprint.post("/questions/<int:question_id>/remove", endpoint="remove_question")
@event_manager_required
def remove_question_view(
    programme: Programme, event: Event, question_id: int
) -> ResponseReturnValue:
    question = _editable_question(programme, event, question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    questions.remove_question(question)
    flash(gettext("Removed the question and the answers given to it."), "success")
    return _to_questions(programme, event)
