"""The list of organisations, for organisers: names that look alike, and merging two that are
one, asking first with what will move."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..forms_common import SelectChoice
from ..translation import gettext, ngettext
from .blueprint import blueprint
from .confirm import Confirmation, ConfirmForm, render_confirmation
from .forms import MergeOrganisationsForm
from .organisation_names import look_alike_pairs
from .organisations import MergePlan, merge_organisations, plan_merge
from .permissions import programme_creator_required
from .services import OrganiseError, all_organisations


def _list_url() -> str:
    return url_for("organise.organisations")


@blueprint.route("/organisations/", methods=["GET", "POST"])
@programme_creator_required
def organisations() -> ResponseReturnValue:
    everyone = all_organisations()
    form = MergeOrganisationsForm()
    choices = [SelectChoice(0, gettext("Choose an organisation"))] + [
        SelectChoice(organisation.id, organisation.name) for organisation in everyone
    ]
    form.source.choices = list(choices)
    form.target.choices = list(choices)
    if form.validate_on_submit():
        try:
            plan_merge(form.source.data or 0, form.target.data or 0)
        except OrganiseError as error:
            getattr(form, error.field or "source").errors = [str(error)]
        else:
            return redirect(
                url_for(
                    "organise.merge_organisations_view",
                    source_id=form.source.data,
                    target_id=form.target.data,
                )
            )
    status = 422 if form.errors else 200
    return render_template(
        "organise/organisations.html",
        organisations=everyone,
        alike=look_alike_pairs(everyone),
        form=form,
    ), status


def _consequences(plan: MergePlan) -> list[str]:
    lines = [
        ngettext(
            "%(num)d event moves to %(target)s.",
            "%(num)d events move to %(target)s.",
            len(plan.events),
            target=plan.target.name,
        ),
        ngettext(
            "%(num)d host's role moves: they host for %(target)s instead.",
            "%(num)d hosts' roles move: they host for %(target)s instead.",
            len(plan.hosts),
            target=plan.target.name,
        ),
        ngettext(
            "%(num)d speaker profile, %(proposals)d proposals and %(invitations)d invitations "
            "move.",
            "%(num)d speaker profiles, %(proposals)d proposals and %(invitations)d invitations "
            "move.",
            plan.speakers,
            proposals=plan.proposals,
            invitations=plan.invitations,
        ),
        gettext(
            "%(source)s is removed from the list. Public pages show %(target)s for its events.",
            source=plan.source.name,
            target=plan.target.name,
        ),
    ]
    if plan.events:
        lines.insert(
            1,
            gettext("The events: %(titles)s.", titles=", ".join(e.title for e in plan.events)),
        )
    return lines


@blueprint.route(
    "/organisations/<int:source_id>/merge-into/<int:target_id>", methods=["GET", "POST"]
)
@programme_creator_required
def merge_organisations_view(source_id: int, target_id: int) -> ResponseReturnValue:
    try:
        plan = plan_merge(source_id, target_id)
    except OrganiseError as error:
        flash(str(error), "error")
        return redirect(_list_url())
    if ConfirmForm().confirmed():
        target = merge_organisations(current_user, source_id, target_id)
        flash(
            gettext(
                "Merged %(source)s into %(target)s.", source=plan.source.name, target=target.name
            ),
            "success",
        )
        return redirect(_list_url())
    return render_confirmation(
        Confirmation(
            title=gettext(
                "Merge %(source)s into %(target)s", source=plan.source.name, target=plan.target.name
            ),
            consequences=_consequences(plan),
            action_url=url_for(
                "organise.merge_organisations_view", source_id=source_id, target_id=target_id
            ),
            button=gettext("Merge them"),
            back_url=_list_url(),
        )
    )
