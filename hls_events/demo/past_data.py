"""The invented words of the past demo programme's reflections and write-ups, drawn on by the
past programme (past.py) and the large demo's crowd (crowd.py)."""

from __future__ import annotations

from ..models import Visibility

VISIBILITY_WEIGHTS = {
    Visibility.PRIVATE: 58,
    Visibility.ORGANISERS: 8,
    Visibility.PARTICIPANTS: 20,
    Visibility.PUBLIC: 14,
}

HAPPENED = [
    "We sat in a circle and heard how {topic} looks from the front door.",
    "The host walked us through {topic}, then we argued about it kindly in small groups.",
    "A mother described {topic} in her own words and the room went quiet.",
    "Three teams compared notes on {topic}; none of them had it sorted, which helped.",
    "We mapped the system around {topic} on a long sheet of paper and ran out of wall.",
    "Someone from finance asked the question about {topic} we all avoid.",
]
TOPICS = [
    "trust between frontline workers and managers",
    "how funders ask for reports",
    "co-producing services with families",
    "data that helps people learn rather than prove",
    "the weekly learning huddle",
    "letting go of targets",
    "relational welfare in early help",
    "place-based working across three councils",
    "commissioning for learning instead of outputs",
    "holding uncertainty without freezing",
]
FEELINGS = [
    "It felt hopeful.",
    "It felt uncomfortable at first, then freeing.",
    "Tiring, but worth every minute.",
    "I felt heard, which I had not expected.",
    "Honestly it was messy, and that was the point.",
    "It gave me energy for the week.",
    "I left with more questions than answers, in a good way.",
]
EXPERIMENTS = [
    "Start our team meeting with a check-in instead of the numbers, for four weeks.",
    "Ask one family what good looks like for them, and write it down in their words.",
    "Swap one KPI report for a learning review with the people who do the work.",
    "Shadow a colleague on the front line for a morning.",
    "Share one thing that went wrong in our learning log, and what we learned.",
    "Invite our commissioner to sit in on a huddle.",
    "Try a 'no forms' first conversation with new referrals for a fortnight.",
    "Ask the board to spend ten minutes on a story before the dashboard.",
]
MISSING = [
    "People who use the services were talked about more than they spoke.",
    "Young people. We said 'youth voice' a lot and had none.",
    "Frontline staff on zero-hours contracts could not get the time off to come.",
    "Finance and procurement colleagues, who shape more than we admit.",
    "People who do not speak English as a first language.",
    "Unpaid carers.",
    "Elected members: they set the rules we were complaining about.",
]
QUESTIONS = [
    "How do we hold each other accountable without targets?",
    "What would it take for commissioners to fund learning, not outputs?",
    "Who decides what counts as evidence here?",
    "How do we keep relationships going when staff move on?",
    "What do we stop doing to make room for this?",
    "How small can an experiment be and still teach us something?",
    "Where does the system already work for people, and why there?",
]

WRITE_UPS = {
    "stewarding-a-system": (
        "Stewarding a system: what we tried in the room",
        """## What we did

We started from one person's journey and drew everyone who touched it. Then we asked each
table: *who could change this, and who would have to agree?*

- Begin with a real story, not a model.
- Name the relationships before the structures.
- Leave with one experiment per table.

> "The map was wrong by lunchtime, which meant we had learned something." A participant

The worksheet is in the [slides](https://example.org/hls-2025/stewarding-slides).
""",
        "https://example.org/hls-2025/stewarding-slides",
        "",
    ),
    "building-a-learning-culture": (
        "Building a learning culture, two sessions on",
        """## Between the two sessions

Teams tried one small change to how they meet. Most chose to open with a story.

## What changed

1. Meetings felt slower and decided more.
2. Managers talked less, on purpose.
3. Two teams stopped a report nobody read.

Read more about [learning cultures](https://example.org/hls-2025/learning-culture).
""",
        "https://example.org/hls-2025/learning-culture-slides",
        "https://example.org/hls-2025/learning-culture-recording",
    ),
    "commissioning-for-learning": (
        "Commissioning for learning: notes from the panel",
        """## Three things the panel agreed on

- Contracts can ask for learning, not just outputs.
- Trust is built in the first conversation, not the tender.
- Reporting should help the people doing the work.

> Fund the relationship, then the activity.
""",
        "",
        "https://example.org/hls-2025/commissioning-recording",
    ),
    "early-help-as-a-learning-system": (
        "Early help as a learning system",
        """## The story we told

A family, a worker and a form that did not fit. We shared what happened when the worker
was allowed to put the form down.

See the [practice guide](https://example.org/hls-2025/early-help-guide).
""",
        "https://example.org/hls-2025/early-help-slides",
        "",
    ),
    "data-that-helps-people-learn": (
        "Data that helps people learn",
        """## From proving to improving

We looked at three dashboards and asked of each: *who learns what from this?*

- Measures chosen with the people they describe
- Fewer numbers, more conversations about them
- A monthly learning review instead of a performance meeting
""",
        "https://example.org/hls-2025/data-slides",
        "",
    ),
}
