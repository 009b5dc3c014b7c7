"""Downloads from the organiser's desk: every registration of the programme, or of one host
organisation's events. Organisers get the programme's; hosts their organisations' only."""

from __future__ import annotations

from flask import Response, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..models import Programme
from .blueprint import blueprint
from .exports import Spreadsheet, host_organisations, registrations_spreadsheet
from .permissions import programme_member_required
from .services import events_managed_by


def _download(spreadsheet: Spreadsheet) -> Response:
    return Response(
        spreadsheet.text,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{spreadsheet.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@blueprint.get("/p/<programme_slug>/registrations.csv")
@programme_member_required
def programme_registrations(programme: Programme) -> ResponseReturnValue:
    return _download(registrations_spreadsheet(current_user, programme))


@blueprint.get("/p/<programme_slug>/hosts/<int:organisation_id>/registrations.csv")
@programme_member_required
def host_registrations(programme: Programme, organisation_id: int) -> ResponseReturnValue:
    hosts = {
        organisation.id: organisation
        for organisation in host_organisations(events_managed_by(current_user, programme))
    }
    if organisation_id not in hosts:
        abort(404)
    return _download(registrations_spreadsheet(current_user, programme, hosts[organisation_id]))
