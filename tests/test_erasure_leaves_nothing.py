"""After "delete my account", no table holds the person's personal data: every column of
every table is read (the outbox's recipients and bodies, and the activity log, included) and
their email address, name and what they wrote are found nowhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from hls_events.accounts.personal_data import delete_account
from hls_events.api.tokens import create_token
from hls_events.communities import membership, running
from hls_events.communities.membership import Profile
from hls_events.extensions import db
from hls_events.mail.services import queue_email
from hls_events.models import (
    Activity,
    CommunityMember,
    CommunityStatus,
    ConsentRecord,
    Invitation,
    MeetingApology,
    MeetingAttendance,
    MembershipRule,
    ProgrammeRole,
    QuestionKind,
    ReflectionInvitation,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    SpeakerInvitation,
    User,
    Visibility,
    utcnow,
)
from hls_events.proposals.review import add_comment
from hls_events.registrations.answers import Answers
from hls_events.registrations.services import register
from tests.factories import (
    make_event,
    make_programme,
    make_proposal,
    make_reflection,
    make_speaker,
    make_user,
)

NAME = "Ada Lovelace"
EMAIL = "ada.lovelace@example.org"
# Everything Ada writes says "quokka"; what she publishes and may keep says "wombat".
WROTE = "quokka"
PUBLISHED = "wombat"


@pytest.fixture
def app_config(mail_app_config: dict[str, Any]) -> dict[str, Any]:
    return mail_app_config


def every_value() -> list[tuple[str, str, str]]:
    """(table, column, text) for every non-empty value in every table."""
    found: list[tuple[str, str, str]] = []
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                found.append(
                    (table.name, column.key if hasattr(column, "key") else str(column), text)
                )
    return found


def where(needle: str) -> list[tuple[str, str]]:
    return [
        (table, column) for table, column, text in every_value() if needle.lower() in text.lower()
    ]


def ada_everywhere(deliver_outbox) -> tuple[User, Any, User]:
    """Ada registers (answers, access needs), waits for no one, joins a community, reflects,
    proposes and comments, is invited, has an API token, organises (the activity log) and is
    named in other people's email; Bob waits for her place."""
    olive = make_user("olive@example.org", organiser=True, name="Olive Organiser")
    ada = make_user(EMAIL, name=NAME, organiser=True, email_confirmed_at=utcnow())
    bob = make_user("bob@example.org", name="Bob Waiting")
    programme = make_programme("hls-week", title="HLS Week", organisers=[olive, ada])
    event = make_event(programme, "circle", title="Circle", capacity=1)
    question = RegistrationQuestion(
        programme_id=programme.id, label="What do you hope for?", kind=QuestionKind.SHORT_TEXT
    )
    db.session.add(question)
    db.session.commit()

    register(
        event.id,
        user_id=ada.id,
        answers=Answers(
            organisation=f"{WROTE} council",
            job_role=f"{WROTE} keeper",
            access_needs=f"Captions for the {WROTE}",
            custom={question.id: [f"To learn about {WROTE}s"]},
            consents={"programme_news": True},
        ),
    )
    assert register(event.id, user_id=bob.id).status == RegistrationStatus.WAITLISTED

    community = running.create_community(
        programme.id,
        running.CommunityDetails(
            name="The curious",
            purpose="We try things.",
            membership_rule=MembershipRule.OPEN,
            member_limit=1,
            waitlist_open=True,
            status=CommunityStatus.OPEN,
        ),
        [olive.email],
    )
    membership.join(community.id, ada.id, Profile(organisation=WROTE, working_on=f"{WROTE} farms"))
    membership.join(community.id, bob.id, Profile())
    session = event.sessions[0]
    db.session.add_all(
        [
            MeetingApology(session_id=session.id, user_id=ada.id, note=f"Sorry, a {WROTE} ate it"),
            MeetingAttendance(session_id=session.id, user_id=ada.id, attended=True),
            ReflectionInvitation(event_id=event.id, user_id=ada.id),
            Activity(
                programme_id=programme.id,
                actor_id=ada.id,
                action="published",
                summary="Published the event Circle.",
            ),
            Invitation(
                programme_id=programme.id,
                email=EMAIL,
                role=ProgrammeRole.ORGANISER,
                invited_by_id=olive.id,
                expires_at=utcnow() + timedelta(days=7),
            ),
            SpeakerInvitation(
                speaker_id=make_speaker("Guest Speaker").id,
                event_id=event.id,
                email=EMAIL,
                invited_by_id=olive.id,
                expires_at=utcnow() + timedelta(days=7),
            ),
        ]
    )
    db.session.commit()
    make_reflection(event, ada, f"My private {WROTE} thoughts", visibility=Visibility.PRIVATE)
    make_reflection(
        make_event(programme, "talk", title="Talk"), ada, f"A shared {PUBLISHED} thought"
    )
    hidden = make_reflection(event, olive, "Olive's reflection")
    hidden.hidden_by_id, hidden.hidden_at, hidden.hidden_reason = ada.id, utcnow(), "Off topic"
    db.session.commit()

    theirs = make_proposal(
        programme,
        ada,
        title=f"A {WROTE} workshop",
        speakers=[(NAME, EMAIL)],
        organisation_name=f"{WROTE} trust",
    )
    add_comment(theirs, ada, f"More about {WROTE}s", internal=False, by_organiser=False)
    others = make_proposal(programme, olive, speakers=[(NAME, EMAIL)])
    add_comment(others, ada, f"I would love a {WROTE}", internal=True, by_organiser=True)
    create_token(ada.id, f"{WROTE} phone")
    # Someone else's email that names her, still to be sent.
    queue_email(
        "olive@example.org",
        "account_exists",
        {"name": f"{NAME} ({EMAIL})", "link": "https://example.org/", "reset_link": "x"},
    )
    db.session.commit()
    delivered = deliver_outbox()
    assert any(EMAIL in mail.envelope_to for mail in delivered)
    queue_email(
        "olive@example.org",
        "account_exists",
        {"name": f"{NAME} ({EMAIL})", "link": "https://example.org/", "reset_link": "x"},
    )
    db.session.commit()
    return ada, event, bob


@pytest.mark.parametrize("keep", [False, True], ids=["remove", "keep-published"])
def test_after_delete_my_account_no_table_holds_the_person(app, deliver_outbox, keep):
    ada, _event, bob = ada_everywhere(deliver_outbox)
    for needle in (EMAIL, NAME, WROTE, PUBLISHED):
        assert where(needle), f"the scene should hold {needle!r} before the erasure"
    assert ("outbox_messages", "body_text") in where(NAME)
    assert ("activities", "actor_id") not in where(NAME)  # ids, checked below

    delete_account(ada.id, keep_published_anonymously=keep)

    for needle in (EMAIL, NAME, WROTE, "lovelace"):
        assert where(needle) == [], f"{needle!r} is still held in {where(needle)}"
    # What she chose to keep stays, unsigned; or nothing at all.
    assert bool(where(PUBLISHED)) is keep
    # No row points at her account any more (the activity log keeps its line, without her).
    assert db.session.get(User, ada.id) is None
    assert db.session.scalars(select(Activity.actor_id)).all() == [None]
    assert db.session.scalars(select(ConsentRecord)).all() == []
    # Her places went to the people waiting, in the same transaction.
    assert (
        db.session.scalar(select(Registration.status).where(Registration.user_id == bob.id))
        == RegistrationStatus.CONFIRMED
    )
    assert (
        db.session.scalar(select(CommunityMember.status).where(CommunityMember.user_id == bob.id))
        == "member"
    )


def test_erasing_one_sam_leaves_other_peoples_mail_about_another_sam(app, deliver_outbox):
    """Only a full name, or the address, is struck out of other people's email."""
    sam = make_user("sam@example.org", name="Sam")
    queue_email(
        "olive@example.org",
        "account_exists",
        {
            "name": "Sam Other (other@example.org)",
            "link": "https://example.org/",
            "reset_link": "x",
        },
    )
    db.session.commit()
    delete_account(sam.id, keep_published_anonymously=False)
    assert ("outbox_messages", "body_text") in where("Sam Other")
