"""Copying a programme: a preview that writes nothing and names who will be emailed, then a
draft copy with its details, themes, questions, prompts, hosts and events, sessions moved by
whole weeks at the same wall-clock time; no registrations, reflections or joining links; the
speakers invited again. A move into the hour the clocks skip is refused, with nothing written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from hls_events.extensions import db
from hls_events.models import (
    Activity,
    Event,
    EventStatus,
    OutboxMessage,
    Programme,
    ProgrammeHost,
    ProgrammeStatus,
    QuestionKind,
    Reflection,
    Registration,
    RegistrationQuestion,
    SessionStatus,
    SpeakerInvitation,
    SpeakerRole,
)
from hls_events.models.reflection import ReflectionPrompt
from tests.factories import (
    make_event,
    make_host,
    make_organisation,
    make_programme,
    make_reflection,
    make_registration,
    make_speaker,
    make_theme,
    make_user,
)

LONDON = ZoneInfo("Europe/London")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _world(first: datetime | None = None):
    organiser = make_user("org@example.org", organiser=True, name="Olu Organiser")
    theme = make_theme("Relational practice")
    programme = make_programme(
        "week", title="HLS Week 2027", organisers=[organiser], starts_on=date(2027, 3, 15), days=10
    )
    programme.themes = [theme]
    north = make_organisation("Northshire Council")
    make_host(programme, make_user("host@example.org", name="Hana Host"), north)
    known = make_speaker("Kit Known", user_id=make_user("kit@example.org").id)
    unknown = make_speaker("Nia Nobody")
    first = first or datetime(2027, 3, 16, 9, 30, tzinfo=LONDON)  # GMT
    event = make_event(
        programme,
        "circle",
        title="Learning circle",
        organisation=north,
        capacity=30,
        starts_at=first.astimezone(UTC),
        sessions=2,
        themes=[theme],
        speakers=[(known, SpeakerRole.HOST), (unknown, SpeakerRole.SPEAKER)],
    )
    event.sessions[0].joining_url = "https://meet.example.org/secret"
    event.sessions[1].status = SessionStatus.CANCELLED
    make_event(programme, "gone", title="Called off", status=EventStatus.CANCELLED)
    db.session.add_all(
        [
            RegistrationQuestion(
                programme_id=programme.id, label="Dietary needs", kind=QuestionKind.SHORT_TEXT
            ),
            RegistrationQuestion(
                programme_id=programme.id,
                event_id=event.id,
                label="Your question for the circle",
                kind=QuestionKind.LONG_TEXT,
            ),
            ReflectionPrompt(programme_id=programme.id, position=0, question="What surprised you?"),
        ]
    )
    db.session.commit()
    attendee = make_user("ada@example.org")
    make_registration(event, attendee)
    make_reflection(event, attendee)
    return programme


def _form(**overrides: str) -> dict[str, str]:
    return {
        "title": "HLS Week 2028",
        "slug": "",
        "weeks": "52",
        "with_events": "y",
        **overrides,
    }


def test_the_preview_says_what_will_be_made_and_who_is_emailed_and_writes_nothing(
    client, sign_in, post_form
):
    _world()
    sign_in("org@example.org")

    desk = client.get("/organise/p/week/").text
    form = client.get("/organise/p/week/copy")
    preview = post_form("/organise/p/week/copy", _form())

    assert "Copy this programme" in desk
    assert form.status_code == 200 and 'value="HLS Week 2027 (copy)"' in form.text
    assert preview.status_code == 200
    page = preview.text
    assert "A draft programme, HLS Week 2028, at /p/hls-week-2028/" in page
    assert "1 event, as a draft, with 1 session." in page
    assert "Kit Known (kit@example.org), Learning circle" in page
    assert "Nia Nobody" in page and "not invited" in page
    assert "Hana Host for Northshire Council" in page
    assert "Tuesday 14 March 2028, 09:30" in page  # 52 weeks on, same time of day
    assert _count(Programme) == 1 and _count(OutboxMessage) == 0


def test_confirming_makes_a_draft_copy_and_invites_the_speakers_again(client, sign_in, post_form):
    source = _world()
    sign_in("org@example.org")

    response = post_form("/organise/p/week/copy", _form(confirm="yes"))

    assert response.status_code == 302 and response.location.endswith("/organise/p/hls-week-2028/")
    copy = db.session.scalar(select(Programme).where(Programme.slug == "hls-week-2028"))
    assert copy.status == ProgrammeStatus.DRAFT and copy.title == "HLS Week 2028"
    assert copy.timezone == "Europe/London" and copy.starts_on == date(2028, 3, 13)
    assert [theme.name for theme in copy.themes] == ["Relational practice"]
    assert [user.email for user in copy.organisers] == ["org@example.org"]
    events = list(db.session.scalars(select(Event).where(Event.programme_id == copy.id)))
    assert [event.title for event in events] == ["Learning circle"]  # not the cancelled one
    event = events[0]
    assert event.status == EventStatus.DRAFT and event.capacity == 30
    assert event.organisation.name == "Northshire Council"
    assert len(event.sessions) == 1
    session = event.sessions[0]
    assert session.starts_at.astimezone(LONDON).replace(tzinfo=None) == datetime(2028, 3, 14, 9, 30)
    assert session.joining_url == ""
    assert (
        db.session.scalar(
            select(func.count()).select_from(Registration).where(Registration.event_id == event.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count()).select_from(Reflection).where(Reflection.programme_id == copy.id)
        )
        == 0
    )
    labels = {
        (question.label, question.event_id)
        for question in db.session.scalars(
            select(RegistrationQuestion).where(RegistrationQuestion.programme_id == copy.id)
        )
    }
    assert labels == {("Dietary needs", None), ("Your question for the circle", event.id)}
    prompts = db.session.scalars(
        select(ReflectionPrompt.question).where(ReflectionPrompt.programme_id == copy.id)
    ).all()
    assert prompts == ["What surprised you?"]
    hosts = db.session.scalars(select(ProgrammeHost).where(ProgrammeHost.programme_id == copy.id))
    assert [host.user.email for host in hosts] == ["host@example.org"]
    invitations = db.session.scalars(
        select(SpeakerInvitation).where(SpeakerInvitation.event_id == event.id)
    ).all()
    assert [invitation.email for invitation in invitations] == ["kit@example.org"]
    assert [role.speaker.name for role in event.speaker_roles] == ["Kit Known"]
    assert db.session.scalars(select(OutboxMessage.to_address)).all() == ["kit@example.org"]
    logged = db.session.scalars(
        select(Activity.programme_id).where(Activity.action == "copied")
    ).all()
    assert sorted(logged) == sorted([source.id, copy.id])


def test_a_move_into_the_hour_the_clocks_skip_is_refused_and_nothing_is_written(
    client, sign_in, post_form
):
    # 01:30 on Sunday 21 March 2027; a week later the clocks go forward at 01:00.
    _world(first=datetime(2027, 3, 21, 1, 30, tzinfo=LONDON))
    sign_in("org@example.org")

    preview = post_form("/organise/p/week/copy", _form(weeks="1"))
    confirmed = post_form("/organise/p/week/copy", _form(weeks="1", confirm="yes"))

    for response in (preview, confirmed):
        assert response.status_code == 422
        assert "01:30 on Sunday 28 March 2027" in response.text
        assert "the clocks go forward" in response.text
    assert _count(Programme) == 1 and _count(OutboxMessage) == 0 and _count(Event) == 2


def test_bad_numbers_of_weeks_and_taken_names_are_refused_clearly(client, sign_in, post_form):
    _world()
    make_programme("taken")
    sign_in("org@example.org")

    huge = post_form("/organise/p/week/copy", _form(weeks="99999999999999999999999", confirm="yes"))
    words = post_form("/organise/p/week/copy", _form(weeks="next year"))
    taken = post_form("/organise/p/week/copy", _form(slug="taken", confirm="yes"))
    empty = post_form("/organise/p/week/copy", _form(title="", confirm="yes"))

    assert huge.status_code == 422 and "Enter a number from -520 to 520." in huge.text
    assert words.status_code == 422
    assert taken.status_code == 422 and "already uses this web address name" in taken.text
    assert empty.status_code == 422 and "Enter a title." in empty.text
    assert _count(Programme) == 2


def test_a_copy_without_events_brings_the_details_only(client, sign_in, post_form):
    _world()
    sign_in("org@example.org")

    preview = post_form("/organise/p/week/copy", _form(with_events=""))
    response = post_form("/organise/p/week/copy", _form(with_events="", confirm="yes"))

    assert "No events: you add them to the copy yourself." in preview.text
    assert "Kit Known" not in preview.text
    assert response.status_code == 302
    copy = db.session.scalar(select(Programme).where(Programme.slug == "hls-week-2028"))
    assert (
        db.session.scalar(
            select(func.count()).select_from(Event).where(Event.programme_id == copy.id)
        )
        == 0
    )
    questions = db.session.scalars(
        select(RegistrationQuestion.label).where(RegistrationQuestion.programme_id == copy.id)
    ).all()
    assert questions == ["Dietary needs"]
    assert _count(OutboxMessage) == 0
