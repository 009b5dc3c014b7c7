"""Members reflect after each meeting, with "members of this community" among the choices; their
learning journey keeps the reflections in meeting order, on a page and as Markdown and CSV; the
community's record shows them by meeting. Bad input is refused and changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from hls_events.communities import meetings, membership
from hls_events.communities.meetings import RepeatRule
from hls_events.extensions import db
from hls_events.models import Reflection, ReflectionConsent, Visibility
from hls_events.reflections import services
from hls_events.reflections.errors import ReflectionError
from hls_events.reflections.services import ReflectionDraft
from tests.factories import make_user

PAST = datetime(2024, 1, 1, tzinfo=UTC)


def _url(community, tail: str = "") -> str:
    return f"/p/{community.programme.slug}/communities/{community.slug}/{tail}"


def _past_meetings(community, times: int = 3) -> list[int]:
    # Every second Tuesday from 7 January 2025, 10:00-11:00 in London.
    return meetings.add_meetings(
        community.id, RepeatRule(2, 1, time(10), time(11), times, date(2025, 1, 7)), now=PAST
    )


def _reflections() -> list[Reflection]:
    db.session.expire_all()
    return list(db.session.scalars(select(Reflection).order_by(Reflection.id)))


def _answer(text: str, visibility: str = "community") -> dict[str, str]:
    return {"answer_0": text, "visibility": visibility, "attribution": "named"}


def test_members_reflect_after_each_meeting_and_keep_their_journey_in_meeting_order(
    client, sign_in, post_form, community, join_as
):
    join_as(community, make_user("mo@example.org", name="Mo Member"))
    first, second, third = _past_meetings(community)
    sign_in("mo@example.org")

    listing = client.get(_url(community, "reflect")).text
    assert listing.count("Reflect on this meeting") == 3
    form = client.get(_url(community, f"meetings/{second}/reflect"))
    assert form.status_code == 200 and "Members of this community" in form.text
    # The shared form, with the community's own paragraph on who reads it.
    assert "people who leave no longer read it" in form.text
    assert "joins the practice record" not in form.text
    assert "Reflect on meeting 2, Tuesday 21 January 2025" in form.text
    # The second meeting first, then the first: the journey follows the meetings, not the pen.
    for session_id, text in ((second, "qxsecond trust grew"), (first, "qxfirst we met")):
        answer = post_form(_url(community, f"meetings/{session_id}/reflect"), _answer(text))
        assert answer.status_code == 302, answer.text[-1500:]
        assert answer.location.endswith("/journey")
    rows = _reflections()
    assert [(r.session_id, r.visibility) for r in rows] == [
        (second, Visibility.COMMUNITY),
        (first, Visibility.COMMUNITY),
    ]
    assert {r.event_id for r in rows} == {community.event_id}

    # Reflecting again on the same meeting changes that reflection; it adds none.
    changed = post_form(
        _url(community, f"meetings/{second}/reflect"), _answer("qxsecond trust grew a lot")
    )
    assert changed.status_code == 302
    rows = _reflections()
    assert len(rows) == 2 and rows[0].body == "qxsecond trust grew a lot"
    assert "trust grew a lot" in client.get(_url(community, f"meetings/{second}/reflect")).text

    page = client.get(_url(community, "journey")).text
    assert page.index("Meeting 1, Tuesday 7 January 2025") < page.index("qxfirst")
    assert (
        page.index("qxfirst")
        < page.index("Meeting 2, Tuesday 21 January 2025")
        < page.index("qxsecond")
    )
    assert "Meeting 3" not in page
    markdown = client.get(_url(community, "journey.md"))
    assert markdown.headers["Content-Disposition"].startswith("attachment")
    assert markdown.text.startswith(f"# My learning journey: {community.name}")
    assert markdown.text.index("## Meeting 1, Tuesday 7 January 2025") < markdown.text.index(
        "qxsecond"
    )
    sheet = list(csv.reader(io.StringIO(client.get(_url(community, "journey.csv")).text)))
    assert sheet[0][:3] == ["meeting", "meeting date", "written"]
    assert [(row[0], row[1], row[4]) for row in sheet[1:]] == [
        ("1", "2025-01-07", "qxfirst we met"),
        ("2", "2025-01-21", "qxsecond trust grew a lot"),
    ]

    # The community's record, by meeting.
    record = client.get(_url(community, "record")).text
    assert "qxfirst" in record and "qxsecond" in record
    assert "Meeting 2, Tuesday 21 January 2025</a> (1)" in record
    only_second = client.get(_url(community, f"record?meeting={second}")).text
    assert "qxsecond" in only_second and "qxfirst" not in only_second
    assert "Nothing shared yet" in client.get(_url(community, f"record?meeting={third}")).text
    for nonsense in ("abc", "99999999999999999999", "-1", "1e3", "²", "%C2%B2"):
        everything = client.get(_url(community, f"record?meeting={nonsense}"))
        assert everything.status_code == 200 and "qxfirst" in everything.text

    # The reflection's own page sends its author back to that meeting to change it.
    own = client.get(f"/practice/reflections/{rows[0].id}").text
    assert f'href="{_url(community, f"meetings/{second}/reflect")}"' in own
    assert f'href="{_url(community, f"meetings/{second}/reflect/delete")}"' in own

    # The community page offers each past meeting to reflect on, or to change.
    home = client.get(_url(community)).text
    assert home.count("Change your reflection") == 2 and "Reflect on this meeting" in home

    # Deleting one asks first, then takes it (and its consents) away; the other stays.
    ask = client.get(_url(community, f"meetings/{first}/reflect/delete"))
    assert ask.status_code == 200 and "This cannot be undone" in ask.text
    gone = post_form(_url(community, f"meetings/{first}/reflect/delete"), {})
    assert gone.status_code == 302 and gone.location.endswith("/journey")
    assert [r.session_id for r in _reflections()] == [second]
    assert client.get(_url(community, f"meetings/{first}/reflect/delete")).status_code == 404
    assert "qxfirst" not in client.get(_url(community, "journey")).text


def test_another_member_reads_it_and_nobody_who_left_does(
    client, sign_in, post_form, community, join_as
):
    author, _ = join_as(community, make_user("mo@example.org", name="Mo Member"))
    reader, _ = join_as(community, make_user("rae@example.org", name="Rae Reader"))
    first, *_rest = _past_meetings(community, times=1)
    services.save_reflection(
        community.event_id,
        author.id,
        ReflectionDraft(
            answers=["qxshared with us", "", "", ""], visibility="community", attribution="named"
        ),
        session_id=first,
    )
    sign_in("rae@example.org")
    assert "qxshared" in client.get(_url(community, "record")).text
    reflection_id = _reflections()[0].id
    assert "qxshared" in client.get(f"/practice/reflections/{reflection_id}").text
    link = f"/practice/reflections/{reflection_id}"
    assert link in client.get("/practice/?q=qxshared").text
    # The meeting's event is members-only: the way to it is the community's page.
    entry = client.get(link).text
    assert "About the learning community: The curious" in entry
    assert f'href="{_url(community)}"' in entry
    assert f'href="{_url(community)}"' in client.get("/practice/?q=qxshared").text
    membership.leave(community.id, reader.id)
    assert client.get(f"/practice/reflections/{reflection_id}").status_code == 404
    assert link not in client.get("/practice/?q=qxshared").text
    assert client.get(_url(community, "record")).status_code == 403


def _draft(visibility: str = "community") -> ReflectionDraft:
    return ReflectionDraft(
        answers=["Something.", "", "", ""], visibility=visibility, attribution="named"
    )


def test_reflecting_is_refused_when_it_cannot_be_and_nothing_is_saved(
    client, sign_in, post_form, community, join_as
):
    member, _ = join_as(community, make_user("mo@example.org", name="Mo Member"))
    held, cancelled = _past_meetings(community, times=2)
    soon = (datetime.now(UTC) + timedelta(days=10)).date()
    (coming,) = meetings.add_meetings(
        community.id, RepeatRule(1, soon.weekday(), time(10), time(11), 1, soon)
    )
    meetings.cancel_meeting(community.id, cancelled)
    sign_in("mo@example.org")

    early = client.get(_url(community, f"meetings/{coming}/reflect"))
    assert early.status_code == 200 and "once this meeting has ended" in early.text
    assert client.post(_url(community, f"meetings/{coming}/reflect"), data={}).status_code in (
        400,
        409,
    )
    gone = client.get(_url(community, f"meetings/{cancelled}/reflect"))
    assert gone.status_code == 403 and "cancelled" in gone.text
    assert client.get(_url(community, "meetings/999999/reflect")).status_code == 404
    huge = client.get(_url(community, f"meetings/{10**30}/reflect"))
    assert huge.status_code == 404

    # Bad answers: a clear message beside the form, nothing saved.
    bad = post_form(_url(community, f"meetings/{held}/reflect"), _answer("x" * 6000))
    assert bad.status_code == 422 and "5,000 characters" in bad.text
    bad = post_form(_url(community, f"meetings/{held}/reflect"), _answer("fine", "everyone"))
    assert bad.status_code == 422
    nul = post_form(_url(community, f"meetings/{held}/reflect"), _answer("a\x00b"))
    assert nul.status_code in (400, 422)
    assert _reflections() == []

    # The service says the same, whoever calls it.
    with pytest.raises(ReflectionError, match="ended"):
        services.save_reflection(community.event_id, member.id, _draft(), session_id=coming)
    with pytest.raises(ReflectionError, match="each meeting"):
        services.save_reflection(community.event_id, member.id, _draft("public"))
    stranger = make_user()
    with pytest.raises(ReflectionError, match="Only the community's members"):
        services.save_reflection(community.event_id, stranger.id, _draft(), session_id=held)
    membership.leave(community.id, member.id)
    with pytest.raises(ReflectionError, match="Only the community's members"):
        services.save_reflection(community.event_id, member.id, _draft(), session_id=held)
    assert client.get(_url(community, f"meetings/{held}/reflect")).status_code == 403
    assert _reflections() == []
    assert db.session.scalar(select(func.count()).select_from(ReflectionConsent)) == 0


def test_members_of_this_community_is_only_for_a_meeting(app, past_event_with_attendee):
    event, attendee = past_event_with_attendee
    with pytest.raises(ReflectionError, match="Choose who may read"):
        services.save_reflection(event.id, attendee.id, _draft("community"))
    assert _reflections() == []
    services.save_reflection(event.id, attendee.id, _draft("participants"))
    assert [r.session_id for r in _reflections()] == [None]


@pytest.fixture
def past_event_with_attendee(programme):
    from hls_events.models import ProgrammeStatus
    from tests.factories import make_event, make_registration

    programme.status = ProgrammeStatus.PUBLISHED
    db.session.commit()
    event = make_event(programme, "talk", starts_at=datetime.now(UTC) - timedelta(days=3))
    attendee = make_user()
    make_registration(event, attendee)
    return event, attendee


def test_the_practice_record_and_the_api_filter_by_community(
    client, make_community, join_as, programme
):
    from tests.factories import make_event, make_reflection, make_registration

    curious = make_community("The curious")
    stewards = make_community("System stewards")
    ids = {}
    for community, word in ((curious, "qxcurious"), (stewards, "qxstewards")):
        author, _ = join_as(community)
        (meeting,) = _past_meetings(community, times=1)
        ids[word] = services.save_reflection(
            community.event_id,
            author.id,
            ReflectionDraft(answers=[word, "", "", ""], visibility="public", attribution="named"),
            session_id=meeting,
        )
    talk = make_event(programme, "talk", starts_at=datetime.now(UTC) - timedelta(days=3))
    speaker = make_user()
    make_registration(talk, speaker)
    ids["qxtalk"] = make_reflection(talk, speaker, "qxtalk").id

    def shown(text: str) -> set[str]:
        return {word for word, rid in ids.items() if f"/practice/reflections/{rid}" in text}

    assert shown(client.get(f"/practice/?programme={programme.slug}").text) == set(ids)
    page = client.get(f"/practice/?programme={programme.slug}&community={curious.slug}")
    assert shown(page.text) == {"qxcurious"}
    assert 'name="community"' in page.text and "The curious</option>" in page.text
    # A Welsh reader sees the community's Welsh name, in the choices and on its entries.
    curious.name_cy = curious.event.title_cy = "Y Chwilfrydig"  # as communities/running.py
    db.session.commit()
    welsh = client.get(
        f"/practice/?programme={programme.slug}&community={curious.slug}",
        headers={"Accept-Language": "cy"},
    ).text
    assert "Y Chwilfrydig</option>" in welsh
    assert f'/communities/{curious.slug}/">Y Chwilfrydig</a>' in welsh
    assert "The curious" not in welsh
    # Without its programme, or not one of the choices: ignored, with a word beside the field.
    assert shown(client.get(f"/practice/?community={curious.slug}").text) == set(ids)
    odd = client.get(f"/practice/?programme={programme.slug}&community=no-such")
    assert odd.status_code == 200 and shown(odd.text) == set(ids)
    assert "is not one of the choices" in odd.text

    api = client.get(f"/api/v1/practice?programme={programme.slug}&community={stewards.slug}")
    assert api.status_code == 200
    assert [item["id"] for item in api.get_json()["items"]] == [ids["qxstewards"]]
    assert client.get("/api/v1/practice?community=NOT%20A%20SLUG").status_code == 422

    # Exports and the API point a meeting's reflection at the community's page, which everyone
    # may open, not at the members-only series event (404 to outsiders).
    [item] = api.get_json()["items"]
    community_page = f"/p/{programme.slug}/communities/{stewards.slug}/"
    assert item["event"]["url"].endswith(community_page)
    assert client.get(community_page).status_code == 200
    exported = client.get(f"/p/{programme.slug}/practice/entries.csv").text
    assert community_page in exported
    assert f"/p/{programme.slug}/events/talk/" in exported
