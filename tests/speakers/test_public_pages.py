"""/p/<programme>/speakers/ and /p/<programme>/speakers/<speaker>/: who speaks at the
programme's public events, with their events in it."""

from __future__ import annotations

from hls_events.extensions import db
from hls_events.models import EventStatus, ProgrammeStatus, SpeakerRole
from hls_events.speakers.queries import SPEAKERS_PER_PAGE
from tests.factories import make_event, make_organisation, make_programme, make_speaker, make_user


def test_the_list_shows_speakers_of_public_events_only(client):
    programme = make_programme("week", title="HLS Week")
    other = make_programme("other")
    org = make_organisation("Northshire Council")
    ada = make_speaker("Ada Lovelace", job_title="Analyst", organisation=org, pronouns="she/her")
    hidden = make_speaker("Hidden Draft")
    elsewhere = make_speaker("Elsewhere Person")
    make_event(programme, "circle", title="Circle", speakers=[(ada, SpeakerRole.SPEAKER)])
    make_event(
        programme,
        "draft",
        status=EventStatus.DRAFT,
        speakers=[(hidden, SpeakerRole.SPEAKER), (ada, SpeakerRole.HOST)],
    )
    make_event(other, "far", speakers=[(elsewhere, SpeakerRole.SPEAKER)])

    page = client.get("/p/week/speakers/")
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    assert "Analyst, Northshire Council" in page.text
    assert 'href="/p/week/events/circle/"' in page.text
    assert 'href="/p/week/events/draft/"' not in page.text
    assert "Hidden Draft" not in page.text
    assert "Elsewhere Person" not in page.text

    assert client.get(f"/p/week/speakers/{ada.slug}/").status_code == 200
    assert client.get(f"/p/week/speakers/{hidden.slug}/").status_code == 404
    assert client.get(f"/p/week/speakers/{elsewhere.slug}/").status_code == 404
    assert client.get("/p/week/speakers/nobody/").status_code == 404


def test_a_draft_programmes_speakers_are_not_found(client):
    programme = make_programme("plans", status=ProgrammeStatus.DRAFT)
    speaker = make_speaker("Sam")
    make_event(programme, "circle", speakers=[(speaker, SpeakerRole.SPEAKER)])
    assert client.get("/p/plans/speakers/").status_code == 404
    assert client.get(f"/p/plans/speakers/{speaker.slug}/").status_code == 404


def test_a_speakers_page_cleans_their_biography_and_links(client):
    programme = make_programme("week")
    speaker = make_speaker(
        "Sam",
        bio="I **listen**.<script>alert(1)</script> [me](javascript:alert(1))",
        links_text="https://example.org/sam",
    )
    make_event(programme, "circle", title="Circle", speakers=[(speaker, SpeakerRole.SPEAKER)])
    page = client.get(f"/p/week/speakers/{speaker.slug}/")
    assert "<strong>listen</strong>" in page.text
    assert "<script>alert(1)" not in page.text
    assert 'href="javascript:' not in page.text
    assert '<a href="https://example.org/sam" rel="nofollow noopener">' in page.text
    assert "Circle" in page.text


def test_links_must_be_web_addresses(client, sign_in, post_form):
    from hls_events.models import utcnow

    make_user("sam@example.org", email_confirmed_at=utcnow())
    sign_in("sam@example.org")
    response = post_form(
        "/speaker/profile", {"name": "Sam", "links": "https://ok.example.org\njavascript:alert(1)"}
    )
    assert response.status_code == 422
    assert "is not a web address" in response.text


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, count_queries):
    programme = make_programme("week")

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            speaker = make_speaker(f"Speaker {number:03}")
            make_event(programme, f"e{number}", speakers=[(speaker, SpeakerRole.SPEAKER)])

    add(3, 0)
    db.session.expunge_all()
    with count_queries() as few:
        assert client.get("/p/week/speakers/").status_code == 200
    add(SPEAKERS_PER_PAGE + 2, 3)
    db.session.expunge_all()
    with count_queries() as many:
        first = client.get("/p/week/speakers/")
    assert len(many) == len(few)
    assert "Page 1 of 2." in first.text
    second = client.get("/p/week/speakers/?page=2")
    assert second.text.count('class="speaker-card"') == 5
    assert client.get("/p/week/speakers/?page=99").status_code == 200


def test_the_event_page_links_its_speakers(client):
    programme = make_programme("week")
    speaker = make_speaker("Sam")
    make_event(programme, "circle", speakers=[(speaker, SpeakerRole.SPEAKER)])
    page = client.get("/p/week/events/circle/")
    assert f'href="/p/week/speakers/{speaker.slug}/"' in page.text
