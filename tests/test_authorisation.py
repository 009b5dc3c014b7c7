"""Who may use every route of the app: one row per endpoint, one column per role.

The walk visits every rule in `app.url_map` as each role, in one world built once for the
module, and each (endpoint, role) pair is then its own test, so a failure names both.

Adding a route? Add its row to EXPECTED below (and, if it takes a URL parameter not yet in
`_params`, say how to fill it). A route missing from the table fails
`test_every_route_is_in_the_table`, and every one of its (endpoint, role) cases.

What the outcomes mean:
- "ok": the role may use it: any answer but 403, 404 and a redirect to sign in. For a POST
  with empty data that may be 302, 200, 400 or 422 (the form refused the empty data).
- "sign-in": redirected to the sign-in page (anonymous visitors to private pages).
- 403: signed in, can see the thing, may not do this. 404: may not even see it (a draft).
See the rule in hls_events/organise/permissions.py.

GET is used for every rule that answers GET; rules that only answer POST are posted to with a
valid CSRF token and no other data. Rows with " [variant]" in their key visit the same endpoint
with other URL parameters, e.g. a draft event.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, current_app, url_for
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from hls_events import create_app
from hls_events.communities.running import CommunityDetails, create_community
from hls_events.communities.running import invitation_token as community_invitation_token
from hls_events.extensions import db
from hls_events.models import (
    Attribution,
    AuthorRole,
    CallForEvents,
    Community,
    CommunityMeeting,
    CommunityMember,
    CommunityStatus,
    EventFormat,
    EventMode,
    EventSession,
    EventSpeaker,
    EventStatus,
    Invitation,
    MembershipRule,
    MemberStatus,
    Programme,
    ProgrammeHost,
    ProgrammeRole,
    ProgrammeStatus,
    Proposal,
    ProposalStatus,
    QuestionKind,
    Reflection,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    SpeakerInvitation,
    SpeakerRole,
    User,
    Visibility,
    WriteUp,
    WriteUpStatus,
    utcnow,
)
from hls_events.organise.people import invitation_token
from hls_events.registrations.tokens import CHECK_IN_SALT, make_registration_token
from hls_events.speakers.services import invitation_token as speaker_invitation_token
from tests.conftest import _test_config, csrf_token_from, empty_database
from tests.factories import (
    PASSWORD,
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_speaker,
    make_user,
)

ROLES = (
    "anonymous",
    "attendee",
    # A facilitator and a member of the community "circle" of the programme "week", and nothing
    # else: on every other route they stand where the attendee stands unless their row says.
    # They walk before the organisers, whose walk publishes the draft event.
    "facilitator",
    "member",
    "speaker",
    "host_other",
    "host",
    "organiser_other",
    "organiser",
    "admin",
)
OK = "ok"
SIGN_IN = "sign-in"
Outcome = str | int


def row(
    anonymous: Outcome,
    attendee: Outcome,
    speaker: Outcome,
    host_other: Outcome,
    host: Outcome,
    organiser_other: Outcome,
    organiser: Outcome,
    admin: Outcome,
    *,
    facilitator: Outcome | None = None,
    member: Outcome | None = None,
) -> dict[str, Outcome]:
    facilitator = attendee if facilitator is None else facilitator
    member = attendee if member is None else member
    return dict(zip(ROLES, (anonymous, attendee, facilitator, member, speaker, host_other, host, organiser_other, organiser, admin), strict=True))  # fmt: skip


EVERYONE = row(OK, OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = row(SIGN_IN, OK, OK, OK, OK, OK, OK, OK)
# The published programme's organisers (and the admin); everyone else can see the programme.
ORGANISERS = row(SIGN_IN, 403, 403, 403, 403, 403, OK, OK)
# The event of organisation A (published): its organisers and A's host.
EVENT_A_MANAGERS = row(SIGN_IN, 403, 403, 403, OK, 403, OK, OK)
# The community "circle": its facilitator, and the programme's organisers (and the admin).
FACILITATORS = row(SIGN_IN, 403, 403, 403, 403, 403, OK, OK, facilitator=OK, member=403)
# Its current members, and those who run it.
MEMBERS = row(SIGN_IN, 403, 403, 403, 403, 403, OK, OK, facilitator=OK, member=OK)
# Someone with a place (or a request, or a waiting-list place) in it.
MEMBERSHIP = row(SIGN_IN, 403, 403, 403, 403, 403, 403, 403, facilitator=403, member=OK)

# fmt: off
EXPECTED: dict[str, dict[str, Outcome]] = {
    #                                     anonymous attendee speaker host_other host organiser_other organiser admin
    "programmes.index":                   EVERYONE,
    "programmes.programme":               EVERYONE,
    "programmes.event":                   EVERYONE,
    "programmes.event [draft event]":     row(404,  404, 404, 404, 404, 404, OK, OK),
    "programmes.programme [draft programme]": row(404, 404, 404, 404, 404, 404, OK, OK),
    "health.healthz":                     EVERYONE,
    "site_pages.privacy":                 EVERYONE,
    "site_pages.accessibility":           EVERYONE,
    "site_pages.edit":                    row(SIGN_IN, 403, 403, 403, 403, 403, 403, OK),
    "site_pages.edit [unknown page]":     row(SIGN_IN, 403, 403, 403, 403, 403, 403, 404),
    # The landing page explains itself to anyone holding the link; accepting is checked there.
    "invitations.respond":                EVERYONE,
    "invitations.respond [bad token]":    row(404,  404, 404, 404, 404, 404, 404, 404),
    "organise.dashboard":                 SIGNED_IN,
    "organise.new_programme":             row(SIGN_IN, 403, 403, 403, 403, OK, OK, OK),
    "organise.programme":                 row(SIGN_IN, 403, 403, OK, OK, 403, OK, OK),
    "organise.programme [draft programme]": row(SIGN_IN, 404, 404, 404, 404, 404, OK, OK),
    # The desk's downloads: a host gets their organisations' events only; B's host, not A's.
    "organise.programme_registrations":   row(SIGN_IN, 403, 403, OK, OK, 403, OK, OK),
    "organise.host_registrations":        row(SIGN_IN, 403, 403, 404, OK, 403, OK, OK),
    # Copying makes a programme: organisers of this one who may create programmes.
    "organise.copy":                      ORGANISERS,
    # The one list of organisations: whoever may create programmes. Merging A into itself is
    # refused with a message, back to the list.
    "organise.organisations":             row(SIGN_IN, 403, 403, 403, 403, OK, OK, OK),
    "organise.merge_organisations_view":  row(SIGN_IN, 403, 403, 403, 403, OK, OK, OK),
    "organise.edit_programme":            ORGANISERS,
    "organise.edit_programme [draft programme]": row(SIGN_IN, 404, 404, 404, 404, 404, OK, OK),
    "organise.change_programme_status":   ORGANISERS,
    "organise.activity":                  ORGANISERS,
    "organise.people":                    ORGANISERS,
    "organise.withdraw_invitation_view":  ORGANISERS,
    "organise.remove_organiser_view":     ORGANISERS,
    "organise.remove_host_view":          ORGANISERS,
    "organise.new_event":                 ORGANISERS,
    "organise.event":                     EVENT_A_MANAGERS,
    "organise.event [draft event]":       row(SIGN_IN, 404, 404, 404, OK, 404, OK, OK),
    "organise.event [event of B]":        row(SIGN_IN, 403, 403, OK, 403, 403, OK, OK),
    "organise.event [no such event]":     row(SIGN_IN, 404, 404, 404, 404, 404, 404, 404),
    "organise.edit_event":                EVENT_A_MANAGERS,
    "organise.edit_event [draft event]":  row(SIGN_IN, 404, 404, 404, OK, 404, OK, OK),
    "organise.edit_event [event of B]":   row(SIGN_IN, 403, 403, OK, 403, 403, OK, OK),
    # Organisers publish: a host may not, even for their own event.
    "organise.change_event_status":       ORGANISERS,
    "organise.change_event_status [draft event]": row(SIGN_IN, 404, 404, 404, 403, 404, OK, OK),
    "organise.new_session":               EVENT_A_MANAGERS,
    "organise.edit_session":              EVENT_A_MANAGERS,
    "organise.remove_session_view":       EVENT_A_MANAGERS,
    "accounts.sign_in":                   EVERYONE,
    "accounts.sign_up":                   EVERYONE,
    "accounts.request_sign_in_link":      EVERYONE,
    "accounts.reset_request":             EVERYONE,
    "accounts.check_email":               EVERYONE,
    # Emailed links, here with a token that is not valid: a page saying so, for anyone.
    "accounts.confirm_email":             EVERYONE,
    "accounts.confirm_email_change":      EVERYONE,
    "accounts.reset_password":            EVERYONE,
    "accounts.sign_in_with_link":         EVERYONE,
    "accounts.account":                   SIGNED_IN,
    "preferences.choose_language":        EVERYONE,
    "preferences.save_language":          SIGNED_IN,
    "preferences.preferences":            EVERYONE,
    "preferences.save_preferences":       SIGNED_IN,
    "accounts.change_name":               SIGNED_IN,
    "accounts.change_email":              SIGNED_IN,
    "accounts.change_password":           SIGNED_IN,
    "accounts.delete_account":            SIGNED_IN,
    "accounts.download_data":             SIGNED_IN,
    "accounts.consent":                   SIGNED_IN,
    "accounts.send_confirmation":         SIGNED_IN,
    "accounts.sign_out":                  SIGNED_IN,
    "calendars.programme_feed":           EVERYONE,
    "calendars.event_feed":               EVERYONE,
    # The private feed's address is its credential (here, the attendee's).
    "calendars.personal_feed":            EVERYONE,
    "calendars.private_calendar":         SIGNED_IN,
    "calendars.choices":                  SIGNED_IN,
    "calendars.new_address":              SIGNED_IN,
    "registrations.register":             EVERYONE,
    "registrations.register_several":     EVERYONE,
    "registrations.my_events":            SIGNED_IN,
    # Links emailed to the attendee about their place: the signed link is the credential.
    "registrations.manage":               EVERYONE,
    "registrations.cancel":               EVERYONE,
    "registrations.calendar":             EVERYONE,
    "registrations.reminders":            EVERYONE,
    "registrations_organise.index":       EVENT_A_MANAGERS,
    "registrations_organise.index [event of B]": row(SIGN_IN, 403, 403, OK, 403, 403, OK, OK),
    "registrations_organise.export":      EVENT_A_MANAGERS,
    "registrations_organise.add":         EVENT_A_MANAGERS,
    "registrations_organise.attendance":  EVENT_A_MANAGERS,
    "registrations_organise.cancel":      EVENT_A_MANAGERS,
    "registrations_organise.email":       EVENT_A_MANAGERS,
    "registrations_organise.settings":    EVENT_A_MANAGERS,
    "registrations_organise.questions":   EVENT_A_MANAGERS,
    "registrations_organise.edit_question": EVENT_A_MANAGERS,
    "registrations_organise.remove_question": EVENT_A_MANAGERS,
    # Moving someone between events is for organisers: it spans organisations.
    "registrations_organise.move":        ORGANISERS,
    # Check-in at the door: the event's organisers and hosts.
    "registrations_organise.check_in":    EVENT_A_MANAGERS,
    "registrations_organise.check_in_mark": EVENT_A_MANAGERS,
    "registrations_organise.walk_in":     EVENT_A_MANAGERS,
    # A QR code opens the person's check-in for those who run the event; to anyone else,
    # the attendee included, it reveals nothing.
    "check_in.scan":                      row(SIGN_IN, 404, 404, 404, OK, 404, OK, OK),
    "check_in.scan [bad token]":          row(SIGN_IN, 404, 404, 404, 404, 404, 404, 404),
    # Email from the desk and the messages sent: organisers, and hosts for their own events.
    "organise.email":                     row(SIGN_IN, 403, 403, OK, OK, 403, OK, OK),
    "organise.messages":                  row(SIGN_IN, 403, 403, OK, OK, 403, OK, OK),
    "schedule.changes":                   EVERYONE,
    "schedule.changes [draft programme]": row(404, 404, 404, 404, 404, 404, OK, OK),
    "schedule.changes_feed":              EVERYONE,
    # Feeds are anonymous: a draft's is not found, whoever asks.
    "schedule.changes_feed [draft programme]": row(404, 404, 404, 404, 404, 404, 404, 404),
    # Schedule documents are anonymous too: a draft's is not found, whoever asks.
    "schedules.schedule_json":            EVERYONE,
    "discovery.robots":                   EVERYONE,
    # Any organiser may import a schedule file as a new programme of their own.
    "schedule_import.upload":             row(SIGN_IN, 403, 403, 403, 403, OK, OK, OK),
    "schedule_import.confirm":            row(SIGN_IN, 403, 403, 403, 403, OK, OK, OK),
    # Importing events from a CSV file into a programme: its organisers.
    "events_import.upload":               ORGANISERS,
    "events_import.template":             ORGANISERS,
    "events_import.confirm":              ORGANISERS,
    "discovery.sitemap":                  EVERYONE,
    "discovery.sitemap_part":             EVERYONE,
    "schedules.schedule_xml":             EVERYONE,
    "schedules.schedule_json [draft programme]": row(404, 404, 404, 404, 404, 404, 404, 404),
    "schedules.schedule_xml [draft programme]": row(404, 404, 404, 404, 404, 404, 404, 404),
    # Proposals: the proposal here is the host's (organisation A), submitted.
    "proposals.call":                     EVERYONE,
    "proposals.call [no call]":           row(404, 404, 404, 404, 404, 404, 404, 404),
    "proposals.propose":                  SIGNED_IN,
    "proposals.propose [no call]":        row(SIGN_IN, 404, 404, 404, 404, 404, 404, 404),
    "proposals.mine":                     SIGNED_IN,
    "proposals.proposal":                 row(SIGN_IN, 404, 404, 404, OK, 404, OK, OK),
    # The proposer's own actions; organisers act through proposals_organise.*.
    "proposals.edit":                     row(SIGN_IN, 404, 404, 404, OK, 404, 403, 403),
    "proposals.comment":                  row(SIGN_IN, 404, 404, 404, OK, 404, 403, 403),
    "proposals.withdraw":                 row(SIGN_IN, 404, 404, 404, OK, 404, 403, 403),
    "proposals_organise.index":           ORGANISERS,
    "proposals_organise.call":            ORGANISERS,
    "proposals_organise.proposal":        ORGANISERS,
    "proposals_organise.comment":         ORGANISERS,
    "proposals_organise.accept":          ORGANISERS,
    "proposals_organise.decline":         ORGANISERS,
    "proposals_organise.request_changes": ORGANISERS,
    # Reflections: the attendee's reflection on event A, shown to "the organisers and hosts"
    # (which includes the event's speakers; see hls_events/reflections/visibility.py).
    "reflections.practice":               EVERYONE,
    "reflections.feed":                   EVERYONE,
    "reflections.programme_feed":         EVERYONE,
    "reflections.export_csv":             EVERYONE,
    "reflections.export_json":            EVERYONE,
    "reflections.report":                 EVERYONE,
    "reflections.report [draft programme]": row(404, 404, 404, 404, 404, 404, OK, OK),
    "reflections.mine":                   SIGNED_IN,
    "reflections.reflection":             row(SIGN_IN, OK, OK, 404, OK, 404, OK, OK, facilitator=404, member=404),
    "reflections.write_up":               EVERYONE,
    "reflections.reflect":                row(SIGN_IN, OK, OK, 403, 403, 403, 403, 403, facilitator=403, member=403),
    # Organisers see a draft event, and are told it takes no reflections.
    "reflections.reflect [draft event]":  row(SIGN_IN, 404, 404, 404, 404, 404, 403, 403),
    "reflections.delete_reflection":      row(SIGN_IN, OK, 404, 404, 404, 404, 404, 404, facilitator=404, member=404),
    "reflections.write_up_form":          row(SIGN_IN, 403, OK, 403, 403, 403, 403, 403),
    "reflections.delete_write_up":        row(SIGN_IN, 404, OK, 404, 404, 404, 404, 404),
    "reflections.prompts":                ORGANISERS,
    "reflections.curate_reflection":      row(SIGN_IN, 403, 403, 404, 403, 404, OK, OK, facilitator=404, member=404),
    "reflections.curate_write_up":        ORGANISERS,
    # Speakers: Sam Speaker (linked to the speaker's account) on event A.
    "speakers.programme_speakers":        EVERYONE,
    "speakers.programme_speakers [draft programme]": row(404, 404, 404, 404, 404, 404, OK, OK),
    "speakers.speaker":                   EVERYONE,
    "speakers.photo":                     row(404, 404, 404, 404, 404, 404, 404, 404),  # no such photo
    # Sam Speaker's photo: its random name is what keeps it private until shown.
    "speakers.photo [a speaker's photo]": EVERYONE,
    # A speaker invitation (to una@example.org, who has no account): the link is the credential.
    "speakers.invitation":                EVERYONE,
    "speakers.portal":                    SIGNED_IN,
    "speakers.profile":                   SIGNED_IN,
    "speakers_organise.speakers":         ORGANISERS,
    # A linked speaker's profile is theirs: organisers may not edit it.
    "speakers_organise.edit_speaker":     row(SIGN_IN, 403, 403, 403, 403, 403, 403, 403),
    "speakers_organise.edit_speaker [unlinked speaker]": ORGANISERS,
    "speakers_organise.event_speakers":   EVENT_A_MANAGERS,
    "speakers_organise.event_speakers [event of B]": row(SIGN_IN, 403, 403, OK, 403, 403, OK, OK),
    "speakers_organise.edit_brief":       EVENT_A_MANAGERS,
    "speakers_organise.remove_speaker":   EVENT_A_MANAGERS,
    # The JSON API reads no session cookie: every role gets the anonymous view, and what is
    # personal needs a token (401 without one). Tokens are tested in tests/api/.
    "api.index":                          EVERYONE,
    "api.programmes":                     EVERYONE,
    "api.programme":                      EVERYONE,
    "api.programme [draft programme]":    row(404, 404, 404, 404, 404, 404, 404, 404),
    "api.events":                         EVERYONE,
    "api.event":                          EVERYONE,
    "api.speakers":                       EVERYONE,
    "api.speaker":                        EVERYONE,
    "api.changes":                        EVERYONE,
    # The walk's own changes to the schedule come and go; this asks for one that never exists.
    "api.change":                         row(404, 404, 404, 404, 404, 404, 404, 404),
    "api.practice":                       EVERYONE,
    # The attendee's reflection is shared with organisers and hosts only: not with anonymous.
    "api.reflection":                     row(404, 404, 404, 404, 404, 404, 404, 404),
    "api.write_up":                       EVERYONE,
    "api.registrations":                  row(401, 401, 401, 401, 401, 401, 401, 401),
    "api.registration":                   row(401, 401, 401, 401, 401, 401, 401, 401),
    "api_docs.openapi":                   EVERYONE,
    "api_docs.docs":                      EVERYONE,
    "api_tokens.index":                   SIGNED_IN,
    "api_tokens.create":                  SIGNED_IN,
    # Someone else's token, or none: nothing happens, back to one's own list.
    "api_tokens.revoke":                  SIGNED_IN,
    # Learning communities: "circle" (open, published programme) and "drafty" (a draft, which
    # only its facilitator and the organisers see).
    "communities.index":                  EVERYONE,
    "communities.community":              EVERYONE,
    "communities.community [draft community]": row(404, 404, 404, 404, 404, 404, OK, OK, facilitator=OK, member=404),
    "communities.join":                   SIGNED_IN,
    "communities.join [draft community]": row(SIGN_IN, 404, 404, 404, 404, 404, OK, OK, facilitator=OK, member=404),
    # The invitation (to someone else's address) is checked on accepting, not on showing.
    "communities.accept_invitation":      SIGNED_IN,
    "communities.leave":                  MEMBERSHIP,
    "communities.profile":                MEMBERSHIP,
    "communities.apology":                MEMBERS,
    "communities.my_attendance":          MEMBERS,
    "communities.record":                 MEMBERS,
    "communities.my_journey":             MEMBERS,
    # The meetings to reflect on: those who run it without being members are told that only
    # members reflect.
    "communities.reflect":                MEMBERS,
    # Members reflect once a meeting is over; here none is, so they are told when (200), and
    # those who run it without being members are refused by the reflections rule.
    "communities.reflect_on_meeting":     row(SIGN_IN, 403, 403, 403, 403, 403, 403, 403, facilitator=403, member=OK),
    # Nobody has reflected on the meeting, so there is nothing of theirs to delete.
    "communities.delete_meeting_reflection": row(SIGN_IN, 403, 403, 403, 403, 403, 404, 404, facilitator=404, member=404),
    # The member's private calendar token is the credential.
    "communities.feed":                   EVERYONE,
    "communities_facilitate.new_community": ORGANISERS,
    "communities_facilitate.edit":        FACILITATORS,
    "communities_facilitate.edit [draft community]": row(SIGN_IN, 404, 404, 404, 404, 404, OK, OK, facilitator=OK, member=404),
    "communities_facilitate.members":     FACILITATORS,
    "communities_facilitate.accept":      FACILITATORS,
    "communities_facilitate.decline":     FACILITATORS,
    "communities_facilitate.remove":      FACILITATORS,
    "communities_facilitate.invite":      FACILITATORS,
    "communities_facilitate.facilitators": FACILITATORS,
    # The only facilitator is refused, with a message, and stays.
    "communities_facilitate.step_down":   FACILITATORS,
    "communities_facilitate.new_meetings": FACILITATORS,
    "communities_facilitate.move":        FACILITATORS,
    "communities_facilitate.cancel":      FACILITATORS,
    "communities_facilitate.taster":      FACILITATORS,
    "communities_facilitate.attendance":  FACILITATORS,
}
# fmt: on

# URL parameters for the variants, on top of the defaults in _params.
VARIANTS: dict[str, dict[str, Any]] = {
    "programmes.event [draft event]": {"event_slug": "draft-event"},
    "programmes.programme [draft programme]": {"programme_slug": "plans"},
    "site_pages.edit [unknown page]": {"page_slug": "terms"},
    "invitations.respond [bad token]": {"token": "not-a-valid-token"},
    "check_in.scan [bad token]": {"token": "not-a-valid-token"},
    "organise.programme [draft programme]": {"programme_slug": "plans"},
    "organise.edit_programme [draft programme]": {"programme_slug": "plans"},
    "organise.event [draft event]": {"event_slug": "draft-event"},
    "organise.event [event of B]": {"event_slug": "b-event"},
    "organise.event [no such event]": {"event_slug": "no-such-event"},
    "organise.edit_event [draft event]": {"event_slug": "draft-event"},
    "organise.edit_event [event of B]": {"event_slug": "b-event"},
    "organise.change_event_status [draft event]": {"event_slug": "draft-event"},
    "registrations_organise.index [event of B]": {"event_slug": "b-event"},
    "speakers_organise.edit_speaker [unlinked speaker]": {"speaker_slug": "una-unlinked"},
    "speakers_organise.event_speakers [event of B]": {"event_slug": "b-event"},
    "speakers.programme_speakers [draft programme]": {"programme_slug": "plans"},
    "speakers.photo [a speaker's photo]": {"name": "SamSpeakerPhoto0000000.webp"},
    "schedule.changes [draft programme]": {"programme_slug": "plans"},
    "schedule.changes_feed [draft programme]": {"programme_slug": "plans"},
    "schedules.schedule_json [draft programme]": {"programme_slug": "plans"},
    "schedules.schedule_xml [draft programme]": {"programme_slug": "plans"},
    "proposals.call [no call]": {"programme_slug": "other"},
    "proposals.propose [no call]": {"programme_slug": "other"},
    "reflections.report [draft programme]": {"programme_slug": "plans"},
    "reflections.reflect [draft event]": {"event_slug": "draft-event"},
    "api.programme [draft programme]": {"programme_slug": "plans"},
    "communities.community [draft community]": {"community_slug": "drafty"},
    "communities.join [draft community]": {"community_slug": "drafty"},
    "communities_facilitate.edit [draft community]": {"community_slug": "drafty"},
}

# Posted to last, because they end the role's session.
LAST = ("accounts.delete_account", "accounts.sign_out")

ROUTE_APP = create_app(
    {
        "TESTING": True,
        "SECRET_KEY": "routes-only",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "INSTANCE_PATH": tempfile.gettempdir(),
    }
)


def _endpoints(app: Flask) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"})


def _endpoint_of(key: str) -> str:
    return key.split(" [", 1)[0]


CASES = sorted(set(EXPECTED) | set(_endpoints(ROUTE_APP)))


# --- The world ----------------------------------------------------------------------------


@dataclass
class World:
    emails: dict[str, str]
    programme_id: int
    organisation_a_id: int
    event_a_id: int
    session_id: int
    invitation_token: str
    registration_id: int
    registration_token: str
    check_in_token: str
    question_id: int
    attendee_id: int
    proposal_id: int
    reflection_id: int
    write_up_id: int
    speaker_slug: str
    speaker_id: int
    speaker_invitation_token: str
    meeting_id: int
    member_row_id: int
    community_id: int
    community_invitation_token: str
    observed: dict[tuple[str, str], set[Outcome]] = field(default_factory=dict)
    seconds: float = 0.0


def _build_world() -> World:
    now = utcnow()

    def person(email: str, **fields: Any) -> User:
        return make_user(email, email_confirmed_at=now, **fields)

    organiser = person("organiser@example.org", organiser=True)
    organiser_other = person("organiser.other@example.org", organiser=True)
    host = person("host@example.org")
    host_other = person("host.other@example.org")
    speaker_user = person("speaker@example.org")
    attendee = person("attendee@example.org")
    person("admin@example.org", is_admin=True)
    person("facilitator@example.org")
    member_user = person("member@example.org")

    a = make_organisation("Organisation A")
    b = make_organisation("Organisation B")
    week = make_programme("week", title="Week", organisers=[organiser])
    make_programme("plans", title="Plans", organisers=[organiser], status=ProgrammeStatus.DRAFT)
    other = make_programme("other", title="Other", organisers=[organiser_other])
    make_event(other, "other-event", organisation=b)
    make_host(week, host, a)
    make_host(week, host_other, b)

    speaker = make_speaker("Sam Speaker", user_id=speaker_user.id)
    speaker.photo_filename = "SamSpeakerPhoto0000000.webp"
    photo_folder = Path(current_app.config["SPEAKER_PHOTO_FOLDER"])
    photo_folder.mkdir(parents=True, exist_ok=True)
    (photo_folder / speaker.photo_filename).write_bytes(b"RIFF\x00\x00\x00\x00WEBP")
    event_a = make_event(week, "a-event", organisation=a, speakers=[(speaker, SpeakerRole.SPEAKER)])
    unlinked = make_speaker("Una Unlinked")
    unlinked.slug = "una-unlinked"
    make_event(week, "b-event", organisation=b, speakers=[(unlinked, SpeakerRole.SPEAKER)])
    make_event(week, "draft-event", organisation=a, status=EventStatus.DRAFT)

    invitation = Invitation(
        programme=week,
        email="invitee@example.org",
        role=ProgrammeRole.HOST,
        organisation=a,
        invited_by_id=organiser.id,
        expires_at=now + timedelta(days=14),
    )
    db.session.add(invitation)
    registration = Registration(
        event=event_a, user=attendee, status=RegistrationStatus.CONFIRMED, confirmed_at=now
    )
    db.session.add(registration)
    question = RegistrationQuestion(
        programme_id=week.id,
        event_id=event_a.id,
        label="Dietary needs",
        kind=QuestionKind.SHORT_TEXT,
    )
    db.session.add(question)
    db.session.add(
        CallForEvents(
            programme_id=week.id,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=9),
        )
    )
    proposal = _proposal(week.id, host.id)
    reflection = Reflection(
        programme_id=week.id,
        event_id=event_a.id,
        author_id=attendee.id,
        author_role=AuthorRole.ATTENDEE,
        body="I learned to listen.",
        visibility=Visibility.ORGANISERS,
        attribution=Attribution.NAMED,
    )
    write_up = WriteUp(
        programme_id=week.id,
        event_id=event_a.id,
        speaker_id=speaker.id,
        title="What we shared",
        body="Slides and notes.",
        status=WriteUpStatus.PUBLISHED,
        published_at=now,
    )
    speaker_invitation = SpeakerInvitation(
        speaker_id=unlinked.id,
        event_id=event_a.id,
        email="una@example.org",
        invited_by_id=organiser.id,
        expires_at=now + timedelta(days=14),
    )
    db.session.add_all([reflection, write_up, speaker_invitation])
    db.session.commit()
    circle, meeting_id, member_row_id = _community_world(week, member_user)
    secret_key = current_app.config["SECRET_KEY"]
    return World(
        emails={
            "attendee": "attendee@example.org",
            "speaker": "speaker@example.org",
            "host_other": "host.other@example.org",
            "host": "host@example.org",
            "organiser_other": "organiser.other@example.org",
            "organiser": "organiser@example.org",
            "admin": "admin@example.org",
            "facilitator": "facilitator@example.org",
            "member": "member@example.org",
        },
        programme_id=week.id,
        organisation_a_id=a.id,
        event_a_id=event_a.id,
        session_id=event_a.sessions[0].id,
        invitation_token=invitation_token(invitation),
        registration_id=registration.id,
        registration_token=make_registration_token(secret_key, registration.id, attendee.id),
        check_in_token=make_registration_token(
            secret_key, registration.id, attendee.id, CHECK_IN_SALT
        ),
        question_id=question.id,
        attendee_id=attendee.id,
        proposal_id=proposal.id,
        reflection_id=reflection.id,
        write_up_id=write_up.id,
        speaker_slug=speaker.slug,
        speaker_id=speaker.id,
        speaker_invitation_token=speaker_invitation_token(speaker_invitation),
        meeting_id=meeting_id,
        member_row_id=member_row_id,
        community_id=circle.id,
        community_invitation_token=community_invitation_token(circle.id, "invitee@example.org"),
    )


def _community_world(week: Programme, member_user: User) -> tuple[Community, int, int]:
    """The community "circle", open, with one facilitator, one member and a meeting to come; "drafty", a draft."""
    details = dict(purpose="", member_limit=None, waitlist_open=True)
    circle = create_community(
        week.id,
        CommunityDetails(
            "Circle", membership_rule=MembershipRule.OPEN, status=CommunityStatus.OPEN, **details
        ),
        ["facilitator@example.org"],
    )
    create_community(
        week.id,
        CommunityDetails(
            "Drafty", membership_rule=MembershipRule.OPEN, status=CommunityStatus.DRAFT, **details
        ),
        ["facilitator@example.org"],
    )
    starts = utcnow() + timedelta(days=20)
    meeting = EventSession(
        event_id=circle.event_id, starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    member = CommunityMember(
        community_id=circle.id,
        user_id=member_user.id,
        status=MemberStatus.MEMBER,
        joined_at=utcnow(),
    )
    db.session.add_all([meeting, member])
    db.session.flush()
    db.session.add(CommunityMeeting(session_id=meeting.id, community_id=circle.id))
    db.session.commit()
    return circle, meeting.id, member.id


def _fresh_request(world: World) -> dict[str, Any]:
    request = CommunityMember(
        community_id=world.community_id, user_id=make_user().id, status=MemberStatus.REQUESTED
    )
    db.session.add(request)
    db.session.commit()
    return {"member_id": request.id}


def _member_calendar_token(world: World) -> dict[str, Any]:
    member = db.session.scalar(select(User).where(User.email == world.emails["member"]))
    assert member is not None
    return {"token": member.calendar_token}


# Each allowed POST that removes something gets a fresh thing of its own to remove, so that the
# walk never changes the world the other requests see.
def _fresh_session(world: World) -> dict[str, Any]:
    event_session = db.session.get(EventSession, world.session_id)
    assert event_session is not None
    extra = EventSession(
        event_id=event_session.event_id,
        starts_at=event_session.starts_at,
        ends_at=event_session.ends_at,
    )
    db.session.add(extra)
    db.session.commit()
    return {"session_id": extra.id}


def _fresh_invitation(world: World) -> dict[str, Any]:
    invitation = Invitation(
        programme_id=world.programme_id,
        email="throwaway@example.org",
        role=ProgrammeRole.ORGANISER,
        expires_at=utcnow() + timedelta(days=14),
    )
    db.session.add(invitation)
    db.session.commit()
    return {"invitation_id": invitation.id}


def _fresh_co_organiser(world: World) -> dict[str, Any]:
    user = make_user()
    programme = db.session.get(Programme, world.programme_id)
    assert programme is not None
    programme.organisers.append(user)
    db.session.commit()
    return {"user_id": user.id}


def _fresh_host(world: World) -> dict[str, Any]:
    user = make_user()
    db.session.add(
        ProgrammeHost(
            programme_id=world.programme_id,
            user_id=user.id,
            organisation_id=world.organisation_a_id,
        )
    )
    db.session.commit()
    return {"user_id": user.id, "organisation_id": world.organisation_a_id}


def _fresh_registration(world: World) -> dict[str, Any]:
    registration = Registration(
        event_id=world.event_a_id,
        user_id=make_user().id,
        status=RegistrationStatus.CONFIRMED,
        confirmed_at=utcnow(),
    )
    db.session.add(registration)
    db.session.commit()
    return {"registration_id": registration.id}


def _proposal(programme_id: int, proposer_id: int) -> Proposal:
    proposal = Proposal(
        programme_id=programme_id,
        proposer_id=proposer_id,
        status=ProposalStatus.SUBMITTED,
        title="A learning circle",
        format=EventFormat.LEARNING_CIRCLE,
        mode=EventMode.ONLINE,
        submitted_at=utcnow(),
    )
    db.session.add(proposal)
    db.session.commit()
    return proposal


def _fresh_proposal(world: World) -> dict[str, Any]:
    host = db.session.scalar(select(User).where(User.email == world.emails["host"]))
    assert host is not None
    return {"proposal_id": _proposal(world.programme_id, host.id).id}


def _fresh_event_speaker(world: World) -> dict[str, Any]:
    speaker = make_speaker()
    db.session.add(EventSpeaker(event_id=world.event_a_id, speaker_id=speaker.id, position=9))
    db.session.commit()
    return {"speaker_id": speaker.id}


def _fresh_question(world: World) -> dict[str, Any]:
    question = RegistrationQuestion(
        programme_id=world.programme_id,
        event_id=world.event_a_id,
        label="Anything else?",
        kind=QuestionKind.SHORT_TEXT,
    )
    db.session.add(question)
    db.session.commit()
    return {"question_id": question.id}


def _current_calendar_token(world: World) -> dict[str, Any]:
    # Each role's walk asks for a new private address of its own; read the attendee's afresh.
    attendee = db.session.get(User, world.attendee_id)
    assert attendee is not None
    return {"token": attendee.calendar_token}


FRESH: dict[str, Callable[[World], dict[str, Any]]] = {
    "calendars.personal_feed": _current_calendar_token,
    "organise.remove_session_view": _fresh_session,
    "registrations_organise.cancel": _fresh_registration,
    "registrations_organise.remove_question": _fresh_question,
    "proposals.withdraw": _fresh_proposal,
    "proposals_organise.accept": _fresh_proposal,
    "proposals_organise.decline": _fresh_proposal,
    "proposals_organise.request_changes": _fresh_proposal,
    "speakers_organise.remove_speaker": _fresh_event_speaker,
    "organise.withdraw_invitation_view": _fresh_invitation,
    "organise.remove_organiser_view": _fresh_co_organiser,
    "organise.remove_host_view": _fresh_host,
    "communities_facilitate.accept": _fresh_request,
    "communities_facilitate.decline": _fresh_request,
    "communities.feed": _member_calendar_token,
}


def _params(world: World, key: str) -> dict[str, Any]:
    endpoint = _endpoint_of(key)
    params: dict[str, Any] = {
        "programme_slug": "week",
        "event_slug": "a-event",
        "session_id": world.session_id,
        "status": "published",  # already published: allowed, and changes nothing
        "page_slug": "privacy",
        "kind": "sign-up",
        "purpose": "programme_news",
        "registration_id": world.registration_id,
        "question_id": world.question_id,
        "proposal_id": world.proposal_id,
        "reflection_id": world.reflection_id,
        "write_up_id": world.write_up_id,
        "speaker_slug": world.speaker_slug,
        "speaker_id": world.speaker_id,
        "name": "no-such-photo.jpg",
        "change_id": 999999,
        "token_id": 1,
        "token": _token_for(world, endpoint),
        "community_slug": "circle",
        "extension": "md",
        "member_id": world.member_row_id,
        "language": "cy",
        "part": 1,
        "organisation_id": world.organisation_a_id,
        "source_id": world.organisation_a_id,
        "target_id": world.organisation_a_id,
    }
    if endpoint.startswith("communities"):
        params["session_id"] = world.meeting_id
    params.update(VARIANTS.get(key, {}))
    return params


def _token_for(world: World, endpoint: str) -> str:
    """A real token where the link is the credential; otherwise one that is not valid."""
    area = endpoint.split(".", 1)[0]
    if area == "invitations":
        return world.invitation_token
    if area == "registrations":
        return world.registration_token
    if area == "check_in":
        return world.check_in_token
    if area == "speakers":
        return world.speaker_invitation_token
    if area == "communities":
        return world.community_invitation_token
    return "not-a-valid-token"


# --- The walk -----------------------------------------------------------------------------


def _outcome(response: Any) -> Outcome:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return SIGN_IN if urlsplit(response.location).path == "/account/sign-in" else OK
    if status in (401, 403, 404, 405, 410, 429) or status >= 500:
        return status
    return OK


def _csrf_token(client: FlaskClient, signed_in: bool) -> str:
    # Every page carries the sign-out form when signed in; the sign-in form otherwise.
    page = client.get("/privacy" if signed_in else "/account/sign-in")
    return csrf_token_from(page.text)


def _sign_in(client: FlaskClient, email: str) -> None:
    response = client.post(
        "/account/sign-in",
        data={"email": email, "password": PASSWORD, "csrf_token": _csrf_token(client, False)},
    )
    assert response.status_code == 302, f"{email} could not sign in"


def _rules(app: Flask) -> list[tuple[str, Rule]]:
    """(table key, rule) for every rule and every variant of it, session-ending ones last."""
    visits = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        keys = [rule.endpoint] + [key for key in VARIANTS if _endpoint_of(key) == rule.endpoint]
        visits.extend((key, rule) for key in keys)
    return sorted(visits, key=lambda visit: (visit[1].endpoint in LAST, visit[0]))


def _walk(app: Flask, world: World) -> None:
    for role in ROLES:
        client = app.test_client()
        email = world.emails.get(role)
        if email:
            _sign_in(client, email)
        for key, rule in _rules(app):
            params = _params(world, key)
            if rule.endpoint in FRESH:
                with app.app_context():
                    params.update(FRESH[rule.endpoint](world))
            unfilled = sorted(rule.arguments - set(params))
            if unfilled:
                world.observed.setdefault((key, role), set()).add(
                    f"no value for URL parameter {', '.join(unfilled)}: fill it in _params"
                )
                continue
            with app.test_request_context():
                url = url_for(rule.endpoint, **{name: params[name] for name in rule.arguments})
            if "GET" in (rule.methods or set()):
                response = client.get(url)
            else:
                response = client.post(
                    url, data={"csrf_token": _csrf_token(client, email is not None)}
                )
            world.observed.setdefault((key, role), set()).add(_outcome(response))


@pytest.fixture(scope="module")
def walked(migrated_database: str, instance_path: Any) -> Iterator[World]:
    """Build the world once, walk every route as every role, then empty the database.

    No app context is held while the walk makes requests, so that each request gets its own
    `g` (Flask-Login and Flask-WTF keep the signed-in user and CSRF token there).
    """
    app = create_app({**_test_config(migrated_database, instance_path), "RATELIMIT_ENABLED": False})
    try:
        with app.app_context():
            world = _build_world()
        started = time.perf_counter()
        _walk(app, world)
        world.seconds = time.perf_counter() - started
        yield world
    finally:
        with app.app_context():
            db.session.remove()
            empty_database()
            db.engine.dispose()


# --- The tests ----------------------------------------------------------------------------


def test_every_route_is_in_the_table():
    missing = [endpoint for endpoint in _endpoints(ROUTE_APP) if endpoint not in EXPECTED]
    assert not missing, (
        f"These endpoints have no row in EXPECTED in {__file__}: {', '.join(missing)}. "
        "Add a row for each saying, for every role, whether it may use the route "
        '("ok"), is sent to sign in ("sign-in"), or gets 403 or 404.'
    )


def test_every_row_in_the_table_is_a_route():
    endpoints = set(_endpoints(ROUTE_APP))
    stale = [key for key in EXPECTED if _endpoint_of(key) not in endpoints]
    assert not stale, f"Rows for endpoints that no longer exist: {', '.join(stale)}. Remove them."
    assert set(VARIANTS) <= set(EXPECTED), "every variant needs a row in EXPECTED"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", CASES)
def test_route_access(walked: World, key: str, role: str) -> None:
    assert key in EXPECTED, f"{key} has no row in EXPECTED in tests/test_authorisation.py: add one."
    observed = walked.observed.get((key, role))
    assert observed, f"{key} was not visited"
    expected = EXPECTED[key][role]
    assert observed == {expected}, (
        f"{key} as {role}: expected {expected!r}, got {', '.join(map(repr, sorted(observed, key=str)))}"
    )
