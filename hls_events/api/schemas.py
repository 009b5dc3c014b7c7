"""The API's shapes: query parameters in, JSON out. The OpenAPI document is made from these
(flask-smorest and apispec), so it cannot drift from what the views answer."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from ..models import (
    ChangeKind,
    EventFormat,
    EventMode,
    EventStatus,
    Principle,
    ProgrammeStatus,
    RegistrationStatus,
    SessionStatus,
    SpeakerRole,
)
from ..reflections.entries import EntryKind

SLUG = validate.Regexp(r"^[a-z0-9-]{1,80}$", error="Not a valid web address part (a slug).")
MAX_PAGE = 100_000
MAX_PER_PAGE = 100


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def no_control_characters(value: str) -> None:
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValidationError("Control characters (such as NUL) are not allowed.")


# --- Query parameters ----------------------------------------------------------------------------


class PageArgs(Schema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Page number, from 1."},
    )


class SizedPageArgs(PageArgs):
    per_page = fields.Integer(
        load_default=20,
        validate=validate.Range(min=1, max=MAX_PER_PAGE),
        metadata={"description": f"Items a page, 1 to {MAX_PER_PAGE}."},
    )


class EventListArgs(SizedPageArgs):
    theme = fields.String(validate=SLUG, metadata={"description": "A theme's slug."})
    format = fields.String(validate=validate.OneOf(_values(EventFormat)))
    mode = fields.String(validate=validate.OneOf(_values(EventMode)))


class PracticeArgs(PageArgs):
    q = fields.String(
        validate=[validate.Length(max=200), no_control_characters],
        metadata={"description": 'Words, or "a phrase", to search for.'},
    )
    programme = fields.String(validate=SLUG)
    event = fields.String(validate=SLUG, metadata={"description": "With programme."})
    community = fields.String(
        validate=SLUG,
        metadata={"description": "A learning community's slug, with programme: its reflections."},
    )
    theme = fields.String(validate=SLUG)
    principle = fields.String(validate=validate.OneOf(_values(Principle)))
    kind = fields.String(validate=validate.OneOf(_values(EntryKind)))
    year = fields.Integer(validate=validate.Range(min=1900, max=9998))


# --- What comes back -----------------------------------------------------------------------------


def _nullable_string(**metadata: Any) -> fields.String:
    return fields.String(allow_none=True, required=True, metadata=metadata)


def _welsh(what: str) -> fields.String:
    """The Welsh beside an English field: empty when there is none (readers then use the
    English)."""
    return fields.String(required=True, metadata={"description": f"The {what} in Welsh, or empty."})


class ThemeOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class OrganisationOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    website = fields.String(required=True)


class ProgrammeRef(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    api_url = fields.Url(required=True)


class ProgrammeOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown."})
    title_cy = _welsh("title")
    summary_cy = _welsh("summary")
    description_cy = _welsh("description, in Markdown")
    timezone = fields.String(required=True, metadata={"description": "IANA time zone."})
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    status = fields.String(required=True, validate=validate.OneOf(_values(ProgrammeStatus)))
    themes = fields.List(fields.Nested(ThemeOut), required=True)
    url = fields.Url(required=True, metadata={"description": "The programme's page."})
    api_url = fields.Url(required=True)
    events_url = fields.Url(required=True)
    speakers_url = fields.Url(required=True)
    changes_url = fields.Url(required=True)


class SessionOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    title_cy = _welsh("title")
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    status = fields.String(required=True, validate=validate.OneOf(_values(SessionStatus)))
    venue_name = fields.String(required=True)
    venue_address = fields.String(required=True)
    joining_url = _nullable_string(
        description="Only for the token's owner, at events where they hold a confirmed place."
    )


class PersonOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(_values(SpeakerRole)))
    job_title = fields.String(required=True)
    organisation = _nullable_string(description="The organisation's name.")
    api_url = fields.Url(required=True)


class EventOut(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "Markdown."})
    title_cy = _welsh("title")
    summary_cy = _welsh("summary")
    description_cy = _welsh("description, in Markdown")
    format = fields.String(required=True, validate=validate.OneOf(_values(EventFormat)))
    mode = fields.String(required=True, validate=validate.OneOf(_values(EventMode)))
    status = fields.String(required=True, validate=validate.OneOf(_values(EventStatus)))
    capacity = fields.Integer(
        required=True, allow_none=True, metadata={"description": "None: no limit."}
    )
    places_left = fields.Integer(
        required=True, allow_none=True, metadata={"description": "None: no limit."}
    )
    registration_opens_at = fields.DateTime(required=True, allow_none=True)
    registration_closes_at = fields.DateTime(required=True, allow_none=True)
    is_recorded = fields.Boolean(required=True)
    access_arrangements = fields.String(required=True)
    programme = fields.Nested(ProgrammeRef, required=True)
    organisation = fields.Nested(OrganisationOut, required=True, allow_none=True)
    themes = fields.List(fields.Nested(ThemeOut), required=True)
    hosts = fields.List(fields.Nested(PersonOut), required=True)
    speakers = fields.List(
        fields.Nested(PersonOut),
        required=True,
        metadata={"description": "Everyone with a part in it: hosts, speakers, facilitators."},
    )
    sessions = fields.List(fields.Nested(SessionOut), required=True)
    url = fields.Url(required=True)
    api_url = fields.Url(required=True)


class SpeakerEventOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    api_url = fields.Url(required=True)


class SpeakerOut(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    pronouns = fields.String(required=True)
    job_title = fields.String(required=True)
    organisation = _nullable_string(description="The organisation's name.")
    bio = fields.String(required=True, metadata={"description": "Markdown."})
    links = fields.List(fields.String(), required=True)
    programme = fields.Nested(ProgrammeRef, required=True)
    events = fields.List(fields.Nested(SpeakerEventOut), required=True)
    url = fields.Url(required=True)
    api_url = fields.Url(required=True)


class ChangeOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(_values(ChangeKind)))
    event_title = fields.String(required=True)
    description = fields.String(required=True)
    changed_at = fields.DateTime(required=True)
    event_api_url = fields.Url(
        required=True, allow_none=True, metadata={"description": "While the event is public."}
    )
    api_url = fields.Url(required=True)


class EntryEventOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.Url(required=True)


class EntryProgrammeOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)


class AnswerOut(Schema):
    question = fields.String(required=True)
    answer = fields.String(required=True)


class EntryOut(Schema):
    """A reflection or a write-up, as the caller may see it (the practice record's rules)."""

    kind = fields.String(required=True, validate=validate.OneOf(_values(EntryKind)))
    id = fields.Integer(required=True)
    url = fields.Url(required=True)
    api_url = fields.Url(required=True)
    programme = fields.Nested(EntryProgrammeOut, required=True)
    event = fields.Nested(EntryEventOut, required=True)
    written_at = fields.String(required=True, metadata={"format": "date-time"})
    updated_at = fields.String(required=True, metadata={"format": "date-time"})
    signed = fields.String(required=True, metadata={"description": "The byline, or Anonymous."})
    title = fields.String(required=True)
    themes = fields.List(fields.Nested(ThemeOut), required=True)
    featured = fields.Boolean(required=True)
    answers = fields.List(fields.Nested(AnswerOut), metadata={"description": "Reflections."})
    principles = fields.List(
        fields.String(validate=validate.OneOf(_values(Principle))),
        metadata={"description": "Reflections."},
    )
    markdown = fields.String(metadata={"description": "Write-ups."})
    html = fields.String(metadata={"description": "Write-ups: the Markdown, rendered and cleaned."})
    slides_url = fields.String(allow_none=True, metadata={"description": "Write-ups."})
    recording_url = fields.String(allow_none=True, metadata={"description": "Write-ups."})


class RegistrationEventOut(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(_values(EventStatus)))
    programme = fields.Nested(ProgrammeRef, required=True)
    url = fields.Url(required=True)
    api_url = fields.Url(required=True)


class RegistrationOut(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(_values(RegistrationStatus)))
    waitlist_position = fields.Integer(required=True, allow_none=True)
    registered_at = fields.DateTime(required=True)
    event = fields.Nested(RegistrationEventOut, required=True)
    sessions = fields.List(
        fields.Nested(SessionOut),
        required=True,
        metadata={"description": "Joining links only while the place is confirmed."},
    )
    api_url = fields.Url(required=True)


class IndexOut(Schema):
    programmes_url = fields.Url(required=True)
    practice_url = fields.Url(required=True)
    registrations_url = fields.Url(required=True)
    openapi_url = fields.Url(required=True)
    docs_url = fields.Url(required=True)


class ErrorBody(Schema):
    status = fields.Integer(required=True)
    message = fields.String(required=True)
    details = fields.Raw(metadata={"description": "Which parameter was wrong, and why."})


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of items, with the numbers and the next and previous pages' addresses."""
    return Schema.from_dict(
        {
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
            "pages": fields.Integer(required=True),
            "next": fields.Url(required=True, allow_none=True),
            "previous": fields.Url(required=True, allow_none=True),
            "items": fields.List(fields.Nested(item), required=True),
        },
        name=name,
    )


ProgrammePage = page_of(ProgrammeOut, "ProgrammePage")
EventPage = page_of(EventOut, "EventPage")
SpeakerPage = page_of(SpeakerOut, "SpeakerPage")
ChangePage = page_of(ChangeOut, "ChangePage")
EntryPage = page_of(EntryOut, "EntryPage")
RegistrationPage = page_of(RegistrationOut, "RegistrationPage")
