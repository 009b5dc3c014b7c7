"""A host proposes an event, an organiser accepts and schedules it, and the invited speaker
accepts and fills in their profile: in a real browser, with real email, every page checked
with axe-core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hls_events.extensions import db
from hls_events.localtime import format_day
from hls_events.models import (
    ChangeKind,
    Event,
    EventStatus,
    ProgrammeHost,
    Proposal,
    ProposalStatus,
    ScheduleChange,
    Speaker,
    utcnow,
)
from tests.e2e.conftest import (
    assert_form_controls_labelled,
    assert_no_axe_violations,
    goto,
    sign_in,
    submit,
)
from tests.factories import make_call, make_programme, make_theme, make_user
from tests.smtp import ReceivedMail


@pytest.fixture
def app_config(
    app_config: dict[str, Any], mail_app_config: dict[str, Any], tmp_path: Any
) -> dict[str, Any]:
    return {
        **app_config,
        **mail_app_config,
        "SPEAKER_PHOTO_FOLDER": str(tmp_path / "photos"),
    }


@pytest.fixture
def mail_to(deliver_outbox: Callable[..., list[ReceivedMail]]) -> Callable[[str], ReceivedMail]:
    def _mail(address: str) -> ReceivedMail:
        mails = [mail for mail in deliver_outbox() if address in mail.envelope_to]
        assert len(mails) == 1, f"expected one email to {address}: {mails}"
        return mails[0]

    return _mail


@pytest.fixture
def week(app):
    organiser = make_user(
        "olu@example.org", organiser=True, name="Olu Organiser", email_confirmed_at=utcnow()
    )
    make_user("hana@example.org", name="Hana Host", email_confirmed_at=utcnow())
    make_user("sam@example.org", name="Sam", email_confirmed_at=utcnow())
    starts_on = datetime.now(UTC).date() + timedelta(days=40)
    programme = make_programme(
        "hls-week", title="HLS Week", organisers=[organiser], starts_on=starts_on
    )
    programme.themes = [make_theme("Relational practice")]
    db.session.commit()
    make_call(programme, questions=["Who is it for?"])
    return programme


def _check(page: Page) -> None:
    assert_no_axe_violations(page)
    assert_form_controls_labelled(page)


def _photo_file(tmp_path: Any) -> str:
    path = tmp_path / "sam.jpg"
    output = BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(output, "JPEG")
    path.write_bytes(output.getvalue())
    return str(path)


def test_a_host_proposes_an_organiser_accepts_and_schedules_and_the_speaker_joins(
    open_page: Callable[..., Page],
    mail_to: Callable[[str], ReceivedMail],
    deliver_outbox: Callable[..., list[ReceivedMail]],
    week: Any,
    tmp_path: Any,
):
    second_day = week.starts_on + timedelta(days=1)

    # The host finds the call on the programme page and proposes an event.
    host = open_page()
    sign_in(host, "hana@example.org")
    goto(host, "/p/hls-week/")
    host.get_by_role("link", name="read the call for events").click()
    expect(host.get_by_role("heading", level=1)).to_have_text("Call for events: HLS Week")
    _check(host)
    host.get_by_role("link", name="Propose an event").click()
    expect(host.get_by_role("heading", level=1)).to_have_text("Propose an event for HLS Week")
    _check(host)
    host.get_by_label("Title", exact=True).fill("Listening to people who use services")
    host.get_by_label("Summary").fill("A learning circle on listening well.")
    host.get_by_label("Description").fill("We practise listening, then reflect together.")
    host.get_by_label("Format").select_option(label="Learning circle")
    host.get_by_label("Online, in person or hybrid").select_option(label="In person")
    host.get_by_label("How long it lasts, in minutes").fill("90")
    host.get_by_label("How many people it could take").fill("25")
    host.get_by_label("Relational practice").check()
    host.get_by_label(format_day(second_day)).check()
    host.get_by_label("Morning (before 12:00)").check()
    host.get_by_label("Hosting organisation").fill("Gateshead Council")
    host.locator("#speakers-0-name").fill("Sam Speaker")
    host.locator("#speakers-0-email").fill("sam@example.org")
    host.locator("#speakers-0-organisation_name").fill("Northshire Trust")
    host.get_by_label("Access arrangements").fill("Step-free access and a quiet room.")
    host.get_by_label("It may be recorded").check()
    host.get_by_label("Who is it for?").fill("People who run and use services.")
    assert submit(host, "Submit the proposal").status == 302
    expect(host.get_by_role("status")).to_contain_text("Submitted “Listening to people")
    expect(host.get_by_text("Status: Submitted.")).to_be_visible()
    _check(host)
    assert "We have your proposal" in mail_to("hana@example.org").subject

    # The organiser reads it, and accepts it with a message.
    organiser = open_page()
    sign_in(organiser, "olu@example.org")
    goto(organiser, "/organise/p/hls-week/")
    organiser.get_by_role("link", name="Call for events and proposals").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Proposals for HLS Week")
    _check(organiser)
    organiser.get_by_role("link", name="Listening to people who use services").click()
    expect(organiser.get_by_text("Gateshead Council").first).to_be_visible()
    expect(organiser.get_by_text("sam@example.org")).to_be_visible()
    _check(organiser)
    accept = organiser.get_by_role("region", name="Accept")
    accept.get_by_label("Message to the proposer").fill("Welcome to HLS Week.")
    assert submit(organiser, "Accept the proposal").status == 302
    expect(organiser.get_by_role("heading", level=1)).to_have_text(
        "Listening to people who use services"
    )
    expect(organiser.get_by_text("Status: Draft")).to_be_visible()
    _check(organiser)
    proposal = db.session.scalar(select(Proposal))
    assert proposal.status == ProposalStatus.ACCEPTED
    assert db.session.scalar(select(ProgrammeHost.organisation_id)) is not None

    # ... and schedules it on the second day, then publishes it.
    organiser.get_by_role("link", name="Add a session").click()
    organiser.get_by_label("Day").fill(second_day.isoformat())
    organiser.get_by_label("Starts").fill("10:00")
    organiser.get_by_label("Ends").fill("11:30")
    organiser.get_by_label("Venue", exact=True).fill("Gateshead Civic Centre")
    assert submit(organiser, "Add session").status == 302
    assert submit(organiser, "Publish event").status == 302
    expect(organiser.get_by_role("status")).to_contain_text("is now published")
    event = db.session.scalar(select(Event))
    assert event.status == EventStatus.PUBLISHED
    assert [c.kind for c in db.session.scalars(select(ScheduleChange))] == [ChangeKind.NEW]

    # The speaker gets the invitation, signs in, accepts, and fills in their profile.
    mails = {mail.to: mail for mail in deliver_outbox()}
    invitation = mails["sam@example.org"]
    assert invitation.subject == "You are invited to speak at Listening to people who use services"
    assert mails["hana@example.org"].subject == "Accepted: Listening to people who use services"
    speaker = open_page()
    goto(speaker, invitation.link("/speaker/invitations/"))
    expect(speaker.get_by_role("heading", level=1)).to_contain_text("Invitation to speak at")
    _check(speaker)
    speaker.locator("#main").get_by_role("link", name="Sign in").click()
    speaker.get_by_label("Email address").fill("sam@example.org")
    speaker.get_by_label("Password", exact=True).fill("correct horse battery")
    assert submit(speaker, "Sign in").status == 302
    assert submit(speaker, "Accept the invitation").status == 302
    expect(speaker.get_by_role("heading", level=1)).to_have_text("Your speaker profile")
    expect(speaker.get_by_label("Name", exact=True)).to_have_value("Sam Speaker")
    _check(speaker)
    speaker.get_by_label("Pronouns").fill("they/them")
    speaker.get_by_label("Role", exact=True).fill("Learning lead")
    speaker.get_by_label("Short biography").fill("Sam **listens** for a living.")
    speaker.get_by_label("Links").fill("https://example.org/sam")
    speaker.get_by_label("Photo").set_input_files(_photo_file(tmp_path))
    assert submit(speaker, "Save the profile").status == 302
    expect(speaker.get_by_role("heading", level=1)).to_have_text("Your speaker page")
    expect(
        speaker.get_by_role("heading", name="Listening to people who use services")
    ).to_be_visible()
    expect(speaker.get_by_text("0 people have a place, of 25.")).to_be_visible()
    _check(speaker)
    profile = db.session.scalar(select(Speaker))
    assert profile.photo_filename and profile.pronouns == "they/them"

    # Anyone sees the speaker on the event's page, and their public profile with its photo.
    visitor = open_page()
    goto(visitor, "/p/hls-week/events/listening-to-people-who-use-services/")
    visitor.get_by_role("link", name="Sam Speaker").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Sam Speaker")
    expect(visitor.locator("strong", has_text="listens")).to_be_visible()
    photo = visitor.get_by_role("img", name="Photo of Sam Speaker")
    expect(photo).to_be_visible()
    assert visitor.evaluate("(img) => img.naturalWidth", photo.element_handle()) == 600
    _check(visitor)
    goto(visitor, "/p/hls-week/speakers/")
    expect(visitor.get_by_role("link", name="Sam Speaker")).to_be_visible()
    _check(visitor)
    goto(visitor, "/p/hls-week/changes/")
    expect(visitor.get_by_text("Listening to people who use services")).to_be_visible()
    _check(visitor)
    deliver_outbox()
