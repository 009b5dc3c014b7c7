"""The demo's content: an invented programme shaped like a real HLS Week.

Every organisation, person and place here is made up. Kept as plain tuples so the
content can be read and edited without touching the code that loads it.
"""

from __future__ import annotations

from typing import NamedTuple

from ..models import EventFormat, EventMode, OrganisationKind, SpeakerRole


def paragraphs(*parts: str) -> str:
    """Descriptions are stored as paragraphs separated by a blank line."""
    return "\n\n".join(parts)


class OrganisationData(NamedTuple):
    slug: str
    name: str
    kind: OrganisationKind
    website: str
    country: str = "United Kingdom"


class SpeakerData(NamedTuple):
    name: str
    organisation: str  # an OrganisationData slug
    job_title: str
    bio: str
    pronouns: str = ""


class SessionData(NamedTuple):
    day: int  # 0 is the programme's Monday
    starts: str  # Europe/London wall-clock, "HH:MM"
    ends: str
    title: str = ""


class EventData(NamedTuple):
    slug: str
    title: str
    format: EventFormat
    mode: EventMode
    organisation: str  # an OrganisationData slug; the host speaker works there
    themes: tuple[str, ...]
    summary: str
    description: str
    sessions: tuple[SessionData, ...]
    host: str  # a SpeakerData name
    others: tuple[tuple[str, SpeakerRole], ...]
    capacity: int | None
    is_recorded: bool
    access_arrangements: str = ""
    venue: str | None = None  # a VENUES key, for in-person and hybrid events


HOST, SPEAKER, FACILITATOR = SpeakerRole.HOST, SpeakerRole.SPEAKER, SpeakerRole.FACILITATOR

BASICS = "Human Learning Systems basics"
STEWARDSHIP = "Systems stewardship"
LEARNING_CULTURE = "Learning culture"
RELATIONAL = "Relational practice"
FUNDING = "Funding and commissioning"
COPRODUCTION = "Co-production"
MEASUREMENT = "Measurement and learning"
PLACE = "Place-based working"

THEMES: tuple[str, ...] = (
    BASICS,
    STEWARDSHIP,
    LEARNING_CULTURE,
    RELATIONAL,
    FUNDING,
    COPRODUCTION,
    MEASUREMENT,
    PLACE,
)

PROGRAMME_SUMMARY = (
    "Five days of online, hybrid and in-person sessions for people in public service and "
    "civil society who want to work in more human, learning and systemic ways."
)

# {title} is filled in with the programme's title.
PROGRAMME_DESCRIPTION = paragraphs(
    "Human Learning Systems (HLS) is an approach to public management that starts from the "
    "reality of complexity. It asks us to be human: to build relationships and respond to each "
    "person's strengths and needs. It asks us to keep learning: to use measurement and "
    "reflection to improve, rather than to prove or to blame. And it asks us to think in "
    "systems: to look after the health of the whole system that produces outcomes, not just "
    "the parts we manage.",
    "{title} convenes practitioners from councils, the NHS, charities, funders, universities "
    "and community groups to learn together. Sessions range from short introductory webinars "
    "to a two-part workshop, story sessions, a learning circle and chances to meet people "
    "doing similar work in other places.",
    "Most sessions are online and free to join. A few take place in person or as hybrid "
    "sessions, and two early-morning sessions are timed for colleagues in Australia and New "
    "Zealand. All times are shown in UK time.",
)

ORGANISATIONS: tuple[OrganisationData, ...] = (
    OrganisationData(
        "northshire-county-council",
        "Northshire County Council",
        OrganisationKind.COUNCIL,
        "https://northshire.example.org",
    ),
    OrganisationData(
        "eastbury-borough-council",
        "Eastbury Borough Council",
        OrganisationKind.COUNCIL,
        "https://eastbury.example.org",
    ),
    OrganisationData(
        "kelderby-city-council",
        "Kelderby City Council",
        OrganisationKind.COUNCIL,
        "https://kelderby.example.org",
    ),
    OrganisationData(
        "marrowvale-district-council",
        "Marrowvale District Council",
        OrganisationKind.COUNCIL,
        "https://marrowvale.example.org",
    ),
    OrganisationData(
        "northshire-community-health",
        "Northshire Community Health NHS Trust",
        OrganisationKind.NHS,
        "https://northshire-health.example.org",
    ),
    OrganisationData(
        "riverside-and-fenmoor-icb",
        "Riverside and Fenmoor Integrated Care Board",
        OrganisationKind.NHS,
        "https://riverside-fenmoor.example.org",
    ),
    OrganisationData(
        "open-door-collective",
        "Open Door Collective",
        OrganisationKind.CHARITY,
        "https://opendoor.example.org",
    ),
    OrganisationData(
        "brightwater-youth-network",
        "Brightwater Youth Network",
        OrganisationKind.CHARITY,
        "https://brightwater.example.org",
    ),
    OrganisationData(
        "common-ground-foundation",
        "Common Ground Foundation",
        OrganisationKind.FUNDER,
        "https://commonground.example.org",
    ),
    OrganisationData(
        "university-of-northshire",
        "University of Northshire",
        OrganisationKind.UNIVERSITY,
        "https://uni-northshire.example.org",
    ),
    OrganisationData(
        "wealdon-university",
        "Wealdon University",
        OrganisationKind.UNIVERSITY,
        "https://wealdon.example.org",
    ),
    OrganisationData(
        "hearth-social-pedagogy",
        "Hearth Social Pedagogy Cooperative",
        OrganisationKind.SOCIAL_ENTERPRISE,
        "https://hearth.example.org",
    ),
    OrganisationData(
        "kowhai-learning-trust",
        "Kōwhai Community Learning Trust",
        OrganisationKind.CHARITY,
        "https://kowhai.example.org",
        country="New Zealand",
    ),
    OrganisationData(
        "stewardship-exchange",
        "The Stewardship Exchange",
        OrganisationKind.OTHER,
        "https://stewardship-exchange.example.org",
    ),
    # A Welsh host, whose event is offered in Welsh as well as English (demo/welsh.py).
    OrganisationData(
        "glanyrafon-county-council",
        "Glanyrafon County Council",
        OrganisationKind.COUNCIL,
        "https://glanyrafon.example.org",
    ),
)

SPEAKERS: tuple[SpeakerData, ...] = (
    # Northshire County Council
    SpeakerData(
        "Priya Raman",
        "northshire-county-council",
        "Director of Adult Social Care",
        "Priya has led Northshire's move to relational, strengths-based adult social care.",
        "she/her",
    ),
    SpeakerData(
        "Tom Ashworth",
        "northshire-county-council",
        "Head of Commissioning",
        "Tom rewrote the council's commissioning framework around learning and shared purpose.",
    ),
    SpeakerData(
        "Grace Mensah",
        "northshire-county-council",
        "Neighbourhood Learning Lead",
        "Grace supports six neighbourhood teams to reflect on their practice and learn together.",
        "she/her",
    ),
    SpeakerData(
        "Callum Reid",
        "northshire-county-council",
        "Data and Insight Manager",
        "Callum leads a small insight team that turns data into questions for frontline staff.",
    ),
    # Eastbury Borough Council
    SpeakerData(
        "Aisha Begum",
        "eastbury-borough-council",
        "Assistant Chief Executive",
        "Aisha chairs Eastbury's partnership board and has championed HLS across the borough.",
        "she/her",
    ),
    SpeakerData(
        "Daniel Okoro",
        "eastbury-borough-council",
        "Family Help Practice Lead",
        "Daniel was a social worker for twelve years before leading Eastbury's family help teams.",
        "he/him",
    ),
    SpeakerData(
        "Sian Llewellyn",
        "eastbury-borough-council",
        "Community Development Officer",
        "Sian brings residents, councillors and local groups together around shared projects.",
    ),
    SpeakerData(
        "Marek Nowak",
        "eastbury-borough-council",
        "Service Designer",
        "Marek designs services with the people who use them and the staff who run them.",
    ),
    # Kelderby City Council
    SpeakerData(
        "Fatima Haddad",
        "kelderby-city-council",
        "Head of Early Help",
        "Fatima leads early help in Kelderby and is interested in how teams learn from families.",
        "she/her",
    ),
    SpeakerData(
        "Jonah Whitfield",
        "kelderby-city-council",
        "Strategic Lead for Place",
        "Jonah works across the city's partnerships on place-based approaches to public service.",
    ),
    SpeakerData(
        "Ruth Adeyemi",
        "kelderby-city-council",
        "Housing Options Team Manager",
        "Ruth manages the team that people first meet when they are at risk of homelessness.",
    ),
    SpeakerData(
        "Ewan MacLeod",
        "kelderby-city-council",
        "Policy Officer",
        "Ewan supports the housing options team to test and learn from new ways of working.",
        "he/him",
    ),
    # Marrowvale District Council
    SpeakerData(
        "Helen Carter",
        "marrowvale-district-council",
        "Chief Executive",
        "Helen has been chief executive of Marrowvale since 2019 and sponsors its neighbourhood work.",
    ),
    SpeakerData(
        "Ravi Patel",
        "marrowvale-district-council",
        "Revenues and Benefits Manager",
        "Ravi moved his benefits advisers into Marrowvale's first neighbourhood team.",
        "he/him",
    ),
    SpeakerData(
        "Nia Roberts",
        "marrowvale-district-council",
        "Community Connector",
        "Nia helps residents find support and connection in their own neighbourhood.",
        "she/her",
    ),
    # Northshire Community Health NHS Trust
    SpeakerData(
        "Samuel Boateng",
        "northshire-community-health",
        "Consultant in Public Health",
        "Samuel works on health inequalities and how services can build on community strengths.",
    ),
    SpeakerData(
        "Claire Donnelly",
        "northshire-community-health",
        "Director of Nursing",
        "Claire leads community nursing and is a partner in Northshire's neighbourhood teams.",
        "she/her",
    ),
    SpeakerData(
        "Imran Qureshi",
        "northshire-community-health",
        "Quality Improvement Lead",
        "Imran helps clinical teams use improvement methods that respect complexity.",
    ),
    SpeakerData(
        "Bethan Morgan",
        "northshire-community-health",
        "Community Mental Health Practitioner",
        "Bethan works with adults with long-term mental health needs in their own homes.",
    ),
    # Riverside and Fenmoor Integrated Care Board
    SpeakerData(
        "Olivia Grant",
        "riverside-and-fenmoor-icb",
        "Director of Population Health",
        "Olivia leads the board's work with councils and communities on population health.",
    ),
    SpeakerData(
        "Kwame Asante",
        "riverside-and-fenmoor-icb",
        "Head of Community Commissioning",
        "Kwame commissions community services and is trying out learning-based contracts.",
        "he/him",
    ),
    SpeakerData(
        "Leah Fischer",
        "riverside-and-fenmoor-icb",
        "Programme Manager, Neighbourhood Teams",
        "Leah supports neighbourhood teams in twelve places across Riverside and Fenmoor.",
    ),
    # Open Door Collective
    SpeakerData(
        "Jess Kowalski",
        "open-door-collective",
        "Chief Executive",
        "Jess leads Open Door Collective, a charity working with people facing homelessness.",
        "they/them",
    ),
    SpeakerData(
        "Marcus Bell",
        "open-door-collective",
        "Lived Experience Lead",
        "Marcus draws on his own experience of homelessness to shape Open Door's services.",
    ),
    SpeakerData(
        "Hannah Osei",
        "open-door-collective",
        "Support Worker",
        "Hannah works alongside people in temporary accommodation and is training in social pedagogy.",
    ),
    SpeakerData(
        "Lindiwe Dube",
        "open-door-collective",
        "Learning Partner",
        "Lindiwe facilitates reflective practice and learning conversations across the charity.",
        "she/her",
    ),
    # Brightwater Youth Network
    SpeakerData(
        "Alex Moreno",
        "brightwater-youth-network",
        "Youth Work Manager",
        "Alex manages Brightwater's youth workers and its young people's design group.",
        "they/them",
    ),
    SpeakerData(
        "Zainab Hussain",
        "brightwater-youth-network",
        "Young Trustee",
        "Zainab joined Brightwater's board at nineteen and co-chairs its youth panel.",
    ),
    SpeakerData(
        "Patrick Byrne",
        "brightwater-youth-network",
        "Director",
        "Patrick has run Brightwater Youth Network for ten years and is a former youth worker.",
    ),
    SpeakerData(
        "Chloe Tran",
        "brightwater-youth-network",
        "Participation Worker",
        "Chloe supports young people to take part in decisions about the services they use.",
        "she/her",
    ),
    # Common Ground Foundation
    SpeakerData(
        "Margaret Ellison",
        "common-ground-foundation",
        "Director of Grants",
        "Margaret leads the foundation's grant making and its move to trust-based funding.",
    ),
    SpeakerData(
        "Yusuf Demir",
        "common-ground-foundation",
        "Funding Manager",
        "Yusuf manages a portfolio of grants to community organisations in the north of England.",
        "he/him",
    ),
    SpeakerData(
        "Sophie Lambert",
        "common-ground-foundation",
        "Learning and Evaluation Lead",
        "Sophie designs the foundation's learning conversations with the groups it funds.",
    ),
    SpeakerData(
        "Oluwaseun Adebayo",
        "common-ground-foundation",
        "Programme Officer",
        "Oluwaseun supports new grantees and gathers what the foundation learns from them.",
    ),
    # University of Northshire
    SpeakerData(
        "Elena Rossi",
        "university-of-northshire",
        "Professor of Public Management",
        "Elena researches how public services can be managed in complex environments.",
        "she/her",
    ),
    SpeakerData(
        "Benjamin Hartley",
        "university-of-northshire",
        "Research Fellow",
        "Benjamin studies measurement and accountability in public services.",
    ),
    SpeakerData(
        "Mei Lin Chen",
        "university-of-northshire",
        "Lecturer in Social Policy",
        "Mei Lin works on learning partnerships between universities and local government.",
        "she/her",
    ),
    SpeakerData(
        "Rhys Evans",
        "university-of-northshire",
        "Doctoral Researcher",
        "Rhys is studying how teams begin to adopt Human Learning Systems approaches.",
        "he/him",
    ),
    # Wealdon University
    SpeakerData(
        "Anjali Mehta",
        "wealdon-university",
        "Reader in Complexity and Public Policy",
        "Anjali writes about system stewardship and the role of leaders in complex systems.",
    ),
    SpeakerData(
        "George Whitlock",
        "wealdon-university",
        "Senior Lecturer in Evaluation",
        "George teaches evaluation methods that are suited to complex, changing work.",
    ),
    SpeakerData(
        "Amira Saleh",
        "wealdon-university",
        "Knowledge Exchange Manager",
        "Amira brokers partnerships between university researchers and local organisations.",
        "she/her",
    ),
    # Hearth Social Pedagogy Cooperative
    SpeakerData(
        "Ingrid Johansson",
        "hearth-social-pedagogy",
        "Co-founder and Social Pedagogue",
        "Ingrid trained as a social pedagogue in Sweden and has worked in the UK since 2008.",
        "she/her",
    ),
    SpeakerData(
        "Kieran O'Neill",
        "hearth-social-pedagogy",
        "Practice Development Lead",
        "Kieran helps residential care and support teams bring social pedagogy into daily work.",
    ),
    SpeakerData(
        "Tamsin Hale",
        "hearth-social-pedagogy",
        "Trainer",
        "Tamsin designs and runs the cooperative's courses for team leaders.",
    ),
    SpeakerData(
        "Femi Ogunleye",
        "hearth-social-pedagogy",
        "Associate",
        "Femi is a residential care manager and an associate trainer with Hearth.",
        "he/him",
    ),
    # Kōwhai Community Learning Trust (New Zealand)
    SpeakerData(
        "Aroha Ngata",
        "kowhai-learning-trust",
        "General Manager",
        "Aroha leads a trust that supports community organisations to learn from their work.",
        "she/her",
    ),
    SpeakerData(
        "Liam Parata",
        "kowhai-learning-trust",
        "Community Researcher",
        "Liam gathers and shares stories of practice from the trust's partner organisations.",
    ),
    SpeakerData(
        "Sarah Whitcombe",
        "kowhai-learning-trust",
        "Programme Lead",
        "Sarah runs the trust's place-based learning programme with local councils.",
    ),
    # The Stewardship Exchange
    SpeakerData(
        "Catrin Morgan",
        "glanyrafon-county-council",
        "Head of Commissioning",
        "Catrin leads Glanyrafon's move to commissioning for relationships, under the "
        "Well-being of Future Generations (Wales) Act.",
        "hi/she",
    ),
    SpeakerData(
        "Nadia Rahman",
        "stewardship-exchange",
        "Network Coordinator",
        "Nadia coordinates a network of practitioners interested in Human Learning Systems.",
        "she/her",
    ),
    SpeakerData(
        "Oliver Pemberton",
        "stewardship-exchange",
        "Associate",
        "Oliver is a former council director who now supports leaders in complex systems.",
    ),
    SpeakerData(
        "Ama Owusu",
        "stewardship-exchange",
        "Associate",
        "Ama is a facilitator who specialises in online conversations that build connection.",
    ),
    SpeakerData(
        "David Kaplan",
        "stewardship-exchange",
        "Convenor",
        "David convenes the Stewardship Exchange and has hosted every HLS Week so far.",
        "he/him",
    ),
)

# name, address
VENUES: dict[str, tuple[str, str]] = {
    "lantern-rooms": ("The Lantern Rooms", "14 Mill Lane, Northshire NS1 4QT"),
    "northshire-health-hub": (
        "Northshire Community Health Hub, Conference Room 2",
        "40 Station Road, Ashby Fenwick, Northshire NS5 2JB",
    ),
    "brightwater-hub": ("Brightwater Youth Hub", "3 Quayside Walk, Eastbury EB2 7LR"),
    "marrowvale-town-hall": (
        "Marrowvale Town Hall, Council Chamber",
        "Market Square, Marrowvale MV4 1AA",
    ),
    "westgate-centre": ("Westgate Neighbourhood Centre", "22 Westgate Road, Northshire NS3 9HP"),
    "eastbury-library": (
        "Eastbury Central Library, Community Room",
        "1 Library Square, Eastbury EB1 2DA",
    ),
}


EVENTS: tuple[EventData, ...] = (
    # Monday
    EventData(
        slug="welcome-to-hls-week",
        title="Welcome to HLS Week: what is Human Learning Systems?",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="stewardship-exchange",
        themes=(BASICS,),
        summary="An introduction to Human Learning Systems and a tour of the week, for newcomers and old hands alike.",
        description=paragraphs(
            "We open the week with a short introduction to Human Learning Systems: what the "
            "approach is, where it came from and why a growing number of public service "
            "organisations are adopting it.",
            "Elena Rossi sets out the three ideas at the heart of HLS: being human, learning "
            "continuously and looking after the health of the system. Priya Raman then "
            "describes what changed when Northshire's adult social care teams started working "
            "this way, and what proved harder than expected.",
            "There is time for questions throughout, and we finish with a guide to the rest of "
            "the week so you can choose the sessions that suit you.",
        ),
        sessions=(SessionData(0, "10:00", "11:30"),),
        host="David Kaplan",
        others=(("Elena Rossi", SPEAKER), ("Priya Raman", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation. Slides sent to registered attendees the day before.",
    ),
    EventData(
        slug="australasia-welcome",
        title="An early welcome for Australasia",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="kowhai-learning-trust",
        themes=(BASICS, PLACE),
        summary="An early-morning session (07:30 UK time, evening in Australia and New Zealand) for attendees in Australasia to meet each other and hear what is planned.",
        description=paragraphs(
            "This session is timed for attendees in Australia and New Zealand, where it runs "
            "in the evening. Colleagues in the UK who are up early are very welcome too.",
            "Aroha Ngata and Liam Parata share how community organisations working with the "
            "Kōwhai Community Learning Trust have been using Human Learning Systems ideas with "
            "families, and Jonah Whitfield reflects on the similarities with place-based work "
            "in Kelderby.",
            "We close with a round of introductions so that people in the same region can find "
            "each other for the rest of the week.",
        ),
        sessions=(SessionData(0, "07:30", "08:30"),),
        host="Aroha Ngata",
        others=(("Liam Parata", SPEAKER), ("Jonah Whitfield", SPEAKER)),
        capacity=100,
        is_recorded=True,
        access_arrangements="Live captions. Recording available within two days.",
    ),
    EventData(
        slug="stewarding-a-system",
        title="Stewarding a system you do not control",
        format=EventFormat.WORKSHOP,
        mode=EventMode.ONLINE,
        organisation="northshire-county-council",
        themes=(STEWARDSHIP,),
        summary="A practical workshop on the role of system steward: convening, holding purpose and creating the conditions for others to learn.",
        description=paragraphs(
            "Most of the outcomes that matter to people are produced by systems that no single "
            "organisation controls. This workshop explores what it means to take "
            "responsibility for the health of such a system without being in charge of it.",
            "Working in small groups, participants map a system they are part of, notice who "
            "is already doing stewardship work within it, and choose one practical step to "
            "strengthen the conditions for learning.",
            "The session is interactive and is not recorded, so that people can speak openly "
            "about their own organisations.",
        ),
        sessions=(SessionData(0, "13:30", "15:00"),),
        host="Tom Ashworth",
        others=(("Grace Mensah", FACILITATOR), ("Oliver Pemberton", FACILITATOR)),
        capacity=40,
        is_recorded=False,
        access_arrangements="Live captions. Breakout rooms of four or five people. Materials sent in advance in accessible formats.",
    ),
    EventData(
        slug="stories-from-the-front-door",
        title="Stories from the front door: housing options in Kelderby",
        format=EventFormat.STORY_SESSION,
        mode=EventMode.ONLINE,
        organisation="kelderby-city-council",
        themes=(RELATIONAL, COPRODUCTION),
        summary="Frontline workers and a person with lived experience of homelessness tell the story of redesigning Kelderby's housing options service.",
        description=paragraphs(
            "When Kelderby's housing options team stopped measuring success by how quickly "
            "cases were closed, the conversations at the front door began to change. This "
            "story session follows that change from the point of view of the people involved.",
            "Ruth Adeyemi and Ewan MacLeod describe the experiments the team ran and what they "
            "learned from the ones that failed. Marcus Bell, who used the service before "
            "joining Open Door Collective, describes what felt different as someone asking "
            "for help.",
            "The session is about stories rather than slides, with time afterwards for "
            "questions and reflections.",
        ),
        sessions=(SessionData(0, "12:00", "13:00"),),
        host="Ruth Adeyemi",
        others=(("Ewan MacLeod", SPEAKER), ("Marcus Bell", SPEAKER)),
        capacity=120,
        is_recorded=True,
        access_arrangements="Live captions. Content note: discussion of homelessness and housing insecurity.",
    ),
    EventData(
        slug="monday-networking",
        title="Monday networking: meet the HLS community",
        format=EventFormat.NETWORKING,
        mode=EventMode.ONLINE,
        organisation="stewardship-exchange",
        themes=(BASICS,),
        summary="An informal hour to meet other attendees in small, hosted breakout rooms.",
        description=paragraphs(
            "Networking online works best in small groups. In this hour you will spend three "
            "short rounds in breakout rooms with four or five other people, each with a simple "
            "question to get the conversation going.",
            "Nadia Rahman and Ama Owusu host the session and can help you find people working "
            "in similar places, services or roles. The session is not recorded.",
        ),
        sessions=(SessionData(0, "16:00", "17:00"),),
        host="Nadia Rahman",
        others=(("Ama Owusu", FACILITATOR),),
        capacity=100,
        is_recorded=False,
    ),
    # Tuesday
    EventData(
        slug="building-a-learning-culture",
        title="Building a learning culture in your team: a two-part workshop",
        format=EventFormat.WORKSHOP,
        mode=EventMode.HYBRID,
        organisation="hearth-social-pedagogy",
        themes=(LEARNING_CULTURE, RELATIONAL),
        summary="A two-part hybrid workshop on Tuesday and Thursday mornings for team leaders who want to make reflection and learning part of everyday work.",
        description=paragraphs(
            "Learning cultures are built in ordinary moments: how a team talks about a "
            "mistake, what questions a manager asks in supervision, who feels able to say what "
            "they are unsure about. This two-part workshop draws on social pedagogy to help "
            "team leaders notice and shape those moments.",
            "In the first part we explore what helps and hinders learning in your team, using "
            "the social pedagogy idea of head, heart and hands. Between the sessions you try "
            "one small change. In the second part we reflect together on what happened and "
            "plan what to do next.",
            "Please register only if you can attend both parts. Places in the room and online "
            "are limited so that everyone can take part.",
        ),
        sessions=(
            SessionData(1, "09:30", "11:00", "Part 1: noticing"),
            SessionData(3, "09:30", "11:00", "Part 2: reflecting and planning"),
        ),
        host="Ingrid Johansson",
        others=(("Tamsin Hale", FACILITATOR), ("Femi Ogunleye", FACILITATOR)),
        capacity=30,
        is_recorded=False,
        access_arrangements="Step-free access, hearing loop and a quiet room at the venue. Live captions for online participants.",
        venue="lantern-rooms",
    ),
    EventData(
        slug="commissioning-for-learning",
        title="Commissioning for learning, not for outputs",
        format=EventFormat.PANEL,
        mode=EventMode.ONLINE,
        organisation="riverside-and-fenmoor-icb",
        themes=(FUNDING, STEWARDSHIP),
        summary="Commissioners, a funder and a provider discuss how contracts can support learning and adaptation rather than fixed outputs.",
        description=paragraphs(
            "Traditional contracts specify outputs in advance and hold providers to them. In "
            "complex settings this often gets in the way of doing the right thing for people. "
            "A growing number of commissioners are trying something different.",
            "Kwame Asante chairs a panel with Tom Ashworth, Margaret Ellison, Olivia Grant and "
            "Jess Kowalski. They discuss what learning-based commissioning looks like in "
            "practice, how they manage risk and accountability, and what they would do "
            "differently next time.",
            "Questions can be sent in advance or asked during the session.",
        ),
        sessions=(SessionData(1, "10:00", "11:15"),),
        host="Kwame Asante",
        others=(
            ("Tom Ashworth", SPEAKER),
            ("Margaret Ellison", SPEAKER),
            ("Olivia Grant", SPEAKER),
            ("Jess Kowalski", SPEAKER),
        ),
        capacity=150,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation. Questions can be submitted in writing.",
    ),
    EventData(
        slug="relational-commissioning-in-wales",
        title="Relational commissioning in Wales",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="glanyrafon-county-council",
        themes=(FUNDING, RELATIONAL),
        summary="How public bodies in Wales commission for relationships, under the Well-being of Future Generations Act.",
        description=paragraphs(
            "Commissioners from Wales share how they have moved from contracts that count "
            "outputs to agreements that build relationships between people, providers and "
            "communities.",
            "The session is bilingual: you are welcome to speak Welsh or English.",
        ),
        sessions=(SessionData(2, "14:00", "15:00"),),
        host="Catrin Morgan",
        others=(("Tom Ashworth", SPEAKER),),
        capacity=60,
        is_recorded=False,
        access_arrangements="Live captions in Welsh and English.",
    ),
    EventData(
        slug="relational-practice-in-community-health",
        title="Relational practice in community health",
        format=EventFormat.CONVERSATION,
        mode=EventMode.IN_PERSON,
        organisation="northshire-community-health",
        themes=(RELATIONAL,),
        summary="An in-person conversation with community nurses, mental health practitioners and public health colleagues about relationships that make a difference.",
        description=paragraphs(
            "Community health teams know that relationships are often what makes the "
            "difference, yet systems rarely make time for them. In this conversation, "
            "practitioners talk candidly about what relational practice looks like on a busy "
            "caseload.",
            "Claire Donnelly hosts Bethan Morgan, Samuel Boateng and Imran Qureshi, who bring "
            "perspectives from mental health, public health and quality improvement. Together "
            "they explore how they protect time for relationships and how they know whether "
            "it is working.",
            "Refreshments are provided. The session is not recorded.",
        ),
        sessions=(SessionData(1, "13:00", "14:30"),),
        host="Claire Donnelly",
        others=(
            ("Bethan Morgan", SPEAKER),
            ("Samuel Boateng", SPEAKER),
            ("Imran Qureshi", SPEAKER),
        ),
        capacity=40,
        is_recorded=False,
        access_arrangements="Step-free access throughout. Accessible toilets. Hearing loop in the conference room. Please tell us about any dietary requirements.",
        venue="northshire-health-hub",
    ),
    EventData(
        slug="what-funders-are-learning-about-trust",
        title="What funders are learning about trust",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="common-ground-foundation",
        themes=(FUNDING, LEARNING_CULTURE),
        summary="A funder and one of the organisations it funds reflect on three years of trust-based, learning-focused grant making.",
        description=paragraphs(
            "Three years ago the Common Ground Foundation replaced most of its reporting "
            "requirements with regular learning conversations. This webinar looks at what that "
            "change has meant for the foundation and for the organisations it funds.",
            "Yusuf Demir introduces the approach. Sophie Lambert and Oluwaseun Adebayo share "
            "what the foundation has learned from the conversations, and Patrick Byrne of "
            "Brightwater Youth Network gives a grantee's view, including the parts that have "
            "been uncomfortable.",
        ),
        sessions=(SessionData(1, "15:30", "16:30"),),
        host="Yusuf Demir",
        others=(
            ("Sophie Lambert", SPEAKER),
            ("Oluwaseun Adebayo", SPEAKER),
            ("Patrick Byrne", SPEAKER),
        ),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. Slides and a written summary shared afterwards.",
    ),
    EventData(
        slug="learning-circle-holding-uncertainty",
        title="Learning circle: holding uncertainty as a leader",
        format=EventFormat.LEARNING_CIRCLE,
        mode=EventMode.ONLINE,
        organisation="eastbury-borough-council",
        themes=(LEARNING_CULTURE, STEWARDSHIP),
        summary="A small, confidential learning circle for senior leaders, meeting on Tuesday and again on Thursday.",
        description=paragraphs(
            "Leaders in complex systems are often expected to have answers they cannot have. "
            "This learning circle offers a small group of senior leaders a confidential space "
            "to talk about the uncertainty they hold and how they support others through it.",
            "The circle meets twice, so that participants can reflect on the first "
            "conversation before the second. Aisha Begum hosts, with Lindiwe Dube "
            "facilitating.",
            "The circle is limited to twenty people and is not recorded. Please come to both "
            "meetings if you can.",
        ),
        sessions=(
            SessionData(1, "12:30", "13:30", "First meeting"),
            SessionData(3, "12:30", "13:30", "Second meeting"),
        ),
        host="Aisha Begum",
        others=(("Lindiwe Dube", FACILITATOR),),
        capacity=20,
        is_recorded=False,
        access_arrangements="Live captions. Cameras are optional.",
    ),
    # Wednesday
    EventData(
        slug="australasia-place-based-exchange",
        title="Australasia exchange: place-based working across hemispheres",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="kowhai-learning-trust",
        themes=(PLACE, STEWARDSHIP),
        summary="An early-morning session (08:00 UK time) for attendees in Australasia, comparing place-based work in New Zealand and the UK.",
        description=paragraphs(
            "The second of our sessions timed for colleagues in Australia and New Zealand, "
            "where it runs in the evening.",
            "Sarah Whitcombe talks with Leah Fischer and Nia Roberts about place-based "
            "working: how they build relationships across organisations in a place, and how "
            "they keep learning when funding and priorities shift.",
            "There will be time for attendees to share experiences from their own places.",
        ),
        sessions=(SessionData(2, "08:00", "09:00"),),
        host="Sarah Whitcombe",
        others=(("Leah Fischer", SPEAKER), ("Nia Roberts", SPEAKER)),
        capacity=100,
        is_recorded=True,
        access_arrangements="Live captions. Recording available within two days.",
    ),
    EventData(
        slug="measurement-for-learning",
        title="Measurement for learning: from targets to insight",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="university-of-northshire",
        themes=(MEASUREMENT,),
        summary="How to use data to help people learn and improve, rather than to judge performance.",
        description=paragraphs(
            "Targets and performance indicators can tell us something, but they often push "
            "people to hit the number rather than to help. This webinar introduces "
            "measurement for learning: using data to ask better questions and to improve "
            "together.",
            "George Whitlock outlines the difference between measuring for learning and "
            "measuring for accountability, and why it matters in complex settings. Callum Reid "
            "describes how Northshire County Council redesigned its reporting so that "
            "frontline teams use it to learn.",
            "Benjamin Hartley hosts and will draw out practical questions for your own "
            "organisation.",
        ),
        sessions=(SessionData(2, "09:30", "10:30"),),
        host="Benjamin Hartley",
        others=(("George Whitlock", SPEAKER), ("Callum Reid", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation. Slides shared in advance.",
    ),
    EventData(
        slug="early-help-as-a-learning-system",
        title="Early help as a learning system",
        format=EventFormat.STORY_SESSION,
        mode=EventMode.ONLINE,
        organisation="kelderby-city-council",
        themes=(RELATIONAL, LEARNING_CULTURE),
        summary="Stories from early help practitioners about relationships, reflection and trust.",
        description=paragraphs(
            "Early help services work with families before problems become crises, which "
            "makes them a good place to see Human Learning Systems in action. In this story "
            "session, practitioners describe moments when working differently changed things "
            "for a family.",
            "Fatima Haddad hosts Daniel Okoro from Eastbury Borough Council and Hannah Osei "
            "from Open Door Collective. Each tells a story of practice and reflects on what "
            "made it possible.",
            "Stories are shared with the families' permission, and details have been changed.",
        ),
        sessions=(SessionData(2, "11:30", "12:30"),),
        host="Fatima Haddad",
        others=(("Daniel Okoro", SPEAKER), ("Hannah Osei", SPEAKER)),
        capacity=80,
        is_recorded=True,
        access_arrangements="Live captions. Content note: discussion of family difficulties and child welfare.",
    ),
    EventData(
        slug="co-producing-services-with-young-people",
        title="Co-producing services with young people",
        format=EventFormat.WORKSHOP,
        mode=EventMode.IN_PERSON,
        organisation="brightwater-youth-network",
        themes=(COPRODUCTION,),
        summary="An in-person workshop, designed with young people, on sharing power in the design and running of services.",
        description=paragraphs(
            "Co-production means sharing power, not just asking for views. This workshop was "
            "designed with, and will be co-facilitated by, young people from Brightwater Youth "
            "Network, who have spent two years working alongside staff to reshape local youth "
            "services.",
            "Through activities and discussion you will explore what real co-production asks "
            "of organisations, how to notice when power is not being shared, and which "
            "practical steps make a difference.",
            "Lunch is provided. The session is not recorded so that young participants can "
            "take part safely.",
        ),
        sessions=(SessionData(2, "13:00", "15:00"),),
        host="Alex Moreno",
        others=(("Zainab Hussain", FACILITATOR), ("Chloe Tran", FACILITATOR)),
        capacity=25,
        is_recorded=False,
        access_arrangements="Step-free access. Gender-neutral toilets. A quiet space is available. Travel expenses covered for young people taking part.",
        venue="brightwater-hub",
    ),
    EventData(
        slug="social-pedagogy-head-heart-and-hands",
        title="Social pedagogy: head, heart and hands in public service",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="hearth-social-pedagogy",
        themes=(RELATIONAL,),
        summary="An introduction to social pedagogy and what it offers people working in public services.",
        description=paragraphs(
            "Social pedagogy is a way of thinking about care and education that is widely "
            "used in continental Europe and increasingly in the UK. It values relationships, "
            "reflection and the whole person, which makes it a natural companion to Human "
            "Learning Systems.",
            "Kieran O'Neill introduces the core ideas, including the head, heart and hands of "
            "practice. Femi Ogunleye and Hannah Osei then describe how these ideas have "
            "changed the way they work, in residential care and in homelessness support.",
            "No previous knowledge of social pedagogy is needed.",
        ),
        sessions=(SessionData(2, "14:00", "15:00"),),
        host="Kieran O'Neill",
        others=(("Femi Ogunleye", SPEAKER), ("Hannah Osei", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. Slides shared in advance.",
    ),
    EventData(
        slug="marrowvale-neighbourhood-experiment",
        title="Marrowvale neighbourhood experiment: one year on",
        format=EventFormat.STORY_SESSION,
        mode=EventMode.HYBRID,
        organisation="marrowvale-district-council",
        themes=(PLACE, STEWARDSHIP),
        summary="A hybrid story session from Marrowvale Town Hall about a year of trying a neighbourhood approach.",
        description=paragraphs(
            "A year ago Marrowvale District Council brought benefits advice, community "
            "connectors and housing together in a single neighbourhood team. This session "
            "tells the story of the first year, including the things that did not work.",
            "Helen Carter explains why the council decided to try the experiment. Nia Roberts "
            "and Ravi Patel describe what it has been like in practice, and what they are "
            "changing in the second year.",
            "Join us in the council chamber or online.",
        ),
        sessions=(SessionData(2, "15:30", "16:45"),),
        host="Helen Carter",
        others=(("Nia Roberts", SPEAKER), ("Ravi Patel", SPEAKER)),
        capacity=60,
        is_recorded=True,
        access_arrangements="Step-free access from Market Square. Hearing loop in the council chamber. Live captions for online participants.",
        venue="marrowvale-town-hall",
    ),
    # Thursday
    EventData(
        slug="data-that-helps-people-learn",
        title="Data that helps people learn",
        format=EventFormat.WORKSHOP,
        mode=EventMode.ONLINE,
        organisation="eastbury-borough-council",
        themes=(MEASUREMENT, LEARNING_CULTURE),
        summary="A hands-on online workshop on designing reports and dashboards that support reflection rather than judgement.",
        description=paragraphs(
            "Many teams are surrounded by data but learn little from it. In this workshop you "
            "will look critically at a report you use today and redesign it to support "
            "learning.",
            "Callum Reid and Sophie Lambert share examples from a council and a funder, and "
            "guide you through questions for deciding what to measure, who the data is for "
            "and how it will be discussed.",
            "Please bring an example of a report or dashboard from your own work. The workshop "
            "is not recorded.",
        ),
        sessions=(SessionData(3, "10:00", "11:30"),),
        host="Marek Nowak",
        others=(("Callum Reid", FACILITATOR), ("Sophie Lambert", FACILITATOR)),
        capacity=35,
        is_recorded=False,
        access_arrangements="Live captions. Worksheets sent in advance in large print and accessible formats.",
    ),
    EventData(
        slug="learning-partnerships-with-universities",
        title="Research and practice: learning partnerships with universities",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="wealdon-university",
        themes=(MEASUREMENT, LEARNING_CULTURE),
        summary="How councils and universities can work together as learning partners rather than as researchers and subjects.",
        description=paragraphs(
            "Universities can be valuable learning partners for public services, but "
            "traditional research relationships do not always fit complex, changing work. "
            "This webinar explores what a genuine learning partnership looks like.",
            "Amira Saleh hosts Mei Lin Chen and Rhys Evans from the University of Northshire "
            "and Grace Mensah from Northshire County Council, who have worked together for two "
            "years on the council's neighbourhood learning programme.",
            "The session will be useful for researchers and for practitioners thinking of "
            "working with a university.",
        ),
        sessions=(SessionData(3, "12:00", "13:00"),),
        host="Amira Saleh",
        others=(("Mei Lin Chen", SPEAKER), ("Rhys Evans", SPEAKER), ("Grace Mensah", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. Slides shared in advance.",
    ),
    EventData(
        slug="systems-stewardship-in-practice",
        title="Systems stewardship in practice: lessons from three places",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="wealdon-university",
        themes=(STEWARDSHIP,),
        summary="Three leaders describe how they have taken on a stewardship role in their places, and what they have learned.",
        description=paragraphs(
            "System stewardship is easy to describe and hard to do. This webinar brings "
            "together three people who have tried to do it, in a council, an integrated care "
            "board and a city partnership.",
            "Anjali Mehta hosts Aisha Begum, Olivia Grant and Jonah Whitfield, who each "
            "describe a moment when their stewardship role was tested. Anjali then draws out "
            "the common threads with reference to recent research.",
        ),
        sessions=(SessionData(3, "13:00", "14:00"),),
        host="Anjali Mehta",
        others=(
            ("Aisha Begum", SPEAKER),
            ("Olivia Grant", SPEAKER),
            ("Jonah Whitfield", SPEAKER),
        ),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation.",
    ),
    EventData(
        slug="lived-experience-in-leadership",
        title="Lived experience in leadership",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="open-door-collective",
        themes=(COPRODUCTION, RELATIONAL),
        summary="A conversation about what changes when people with lived experience hold leadership roles, not just advisory ones.",
        description=paragraphs(
            "Many organisations now involve people with lived experience, but fewer share real "
            "decision-making power with them. This conversation asks what it takes to move "
            "from involvement to leadership.",
            "Jess Kowalski hosts Marcus Bell, who leads Open Door Collective's lived "
            "experience work, and Zainab Hussain, a young trustee of Brightwater Youth "
            "Network. They talk about what has helped, what has got in the way and what "
            "organisations could do differently.",
            "There will be time for questions, which can be asked anonymously.",
        ),
        sessions=(SessionData(3, "15:00", "16:00"),),
        host="Jess Kowalski",
        others=(("Marcus Bell", SPEAKER), ("Zainab Hussain", SPEAKER)),
        capacity=100,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation. Questions can be submitted anonymously.",
    ),
    # Friday
    EventData(
        slug="visit-northshire-neighbourhood-team",
        title="Visit: a Northshire neighbourhood team in action",
        format=EventFormat.SITE_VISIT,
        mode=EventMode.IN_PERSON,
        organisation="northshire-county-council",
        themes=(PLACE, RELATIONAL),
        summary="A small-group visit to a Northshire neighbourhood team, to see relational, place-based working up close.",
        description=paragraphs(
            "This visit offers a small group the chance to spend a morning with one of "
            "Northshire's neighbourhood teams, where council, community health and voluntary "
            "sector staff work side by side.",
            "Grace Mensah introduces the team and its history, and Claire Donnelly describes "
            "the health partnership. You will then join team members for conversations about "
            "their work, followed by a reflective discussion.",
            "Places are limited to twenty. Please arrive by 09:45. The visit is not recorded.",
        ),
        sessions=(SessionData(4, "10:00", "12:00"),),
        host="Grace Mensah",
        others=(("Claire Donnelly", SPEAKER),),
        capacity=20,
        is_recorded=False,
        access_arrangements="Step-free access to the ground-floor meeting room. Accessible parking on site. Ten minutes' walk from Northshire station.",
        venue="westgate-centre",
    ),
    EventData(
        slug="funding-for-learning-conversation",
        title="Funding for learning: a conversation with funders and grantees",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="common-ground-foundation",
        themes=(FUNDING,),
        summary="A funder and two grantees talk openly about power, accountability and what changes when funding is built around learning.",
        description=paragraphs(
            "This conversation follows on from Tuesday's webinar on trust-based funding, with "
            "a focus on the relationship between funders and the organisations they fund.",
            "Margaret Ellison talks with Patrick Byrne and Lindiwe Dube about how power shows "
            "up in funding relationships, what honest reporting looks like and how funders "
            "can learn alongside grantees.",
            "You do not need to have attended Tuesday's webinar.",
        ),
        sessions=(SessionData(4, "11:30", "12:30"),),
        host="Margaret Ellison",
        others=(("Patrick Byrne", SPEAKER), ("Lindiwe Dube", SPEAKER)),
        capacity=None,
        is_recorded=True,
    ),
    EventData(
        slug="starting-out-with-hls",
        title="Starting out with Human Learning Systems: a practical introduction",
        format=EventFormat.WEBINAR,
        mode=EventMode.ONLINE,
        organisation="university-of-northshire",
        themes=(BASICS,),
        summary="Practical first steps for people who want to begin working in a Human Learning Systems way in their own team or organisation.",
        description=paragraphs(
            "If this week has left you wondering where to start, this session is for you. "
            "Elena Rossi introduces practical first steps for bringing Human Learning Systems "
            "ideas into your own work, whatever your role.",
            "Rhys Evans shares a simple self-assessment tool developed with practitioners, "
            "and Daniel Okoro describes how his team in Eastbury took its first steps, and "
            "what they would do differently.",
            "The session ends with time to plan your own next step with another participant.",
        ),
        sessions=(SessionData(4, "13:00", "14:00"),),
        host="Elena Rossi",
        others=(("Rhys Evans", SPEAKER), ("Daniel Okoro", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation. The self-assessment tool is available in large print and Easy Read.",
    ),
    EventData(
        slug="friday-networking",
        title="Friday networking: connections across sectors",
        format=EventFormat.NETWORKING,
        mode=EventMode.HYBRID,
        organisation="eastbury-borough-council",
        themes=(COPRODUCTION, PLACE),
        summary="An informal hybrid networking session in Eastbury and online, to make connections that last beyond the week.",
        description=paragraphs(
            "The week ends with a chance to make connections across councils, the NHS, "
            "charities, funders and universities. Join us in person at Eastbury Central "
            "Library or online.",
            "Sian Llewellyn hosts, with Marek Nowak and Ama Owusu helping people find each "
            "other. In the room there will be tea, cake and a map of the places represented; "
            "online, there will be short rounds of breakout rooms.",
            "The session is not recorded.",
        ),
        sessions=(SessionData(4, "14:00", "15:00"),),
        host="Sian Llewellyn",
        others=(("Marek Nowak", FACILITATOR), ("Ama Owusu", FACILITATOR)),
        capacity=80,
        is_recorded=False,
        access_arrangements="Step-free access from Library Square. Accessible toilets. Live captions for online participants.",
        venue="eastbury-library",
    ),
    EventData(
        slug="closing-reflections",
        title="Closing reflections: what will we do differently?",
        format=EventFormat.CONVERSATION,
        mode=EventMode.ONLINE,
        organisation="stewardship-exchange",
        themes=(BASICS, LEARNING_CULTURE),
        summary="The closing session of the week: reflecting on what we have learned and what we will each do next.",
        description=paragraphs(
            "We close the week by looking back at what has been shared and looking ahead to "
            "what we will each do differently.",
            "David Kaplan hosts Nadia Rahman, Priya Raman and Kwame Asante, who have taken "
            "part in sessions across the week and will offer their reflections. Everyone is "
            "then invited to share one thing they will try in the coming month.",
            "A summary of the week, with links to the recordings, will be sent to everyone "
            "who registered.",
        ),
        sessions=(SessionData(4, "15:30", "16:30"),),
        host="David Kaplan",
        others=(("Nadia Rahman", SPEAKER), ("Priya Raman", SPEAKER), ("Kwame Asante", SPEAKER)),
        capacity=None,
        is_recorded=True,
        access_arrangements="Live captions. BSL interpretation.",
    ),
)


# --- Ingredients for the large, generated demo (load testing) ---

FIRST_NAMES: tuple[str, ...] = (
    "Abena", "Adam", "Aditi", "Agnieszka", "Ahmed", "Aiko", "Alan", "Alicia", "Amaka",
    "Amir", "Ana", "Andrew", "Anita", "Ayesha", "Bogdan", "Bridget", "Carlos", "Catherine",
    "Chinedu", "Cerys", "Connor", "Dalia", "Deepak", "Eilidh", "Emeka", "Emma", "Farah",
    "Fiona", "Gareth", "Hamza", "Harriet", "Ibrahim", "Isla", "Jamal", "Janet", "Joseph",
    "Kai", "Kamala", "Karen", "Kofi", "Laila", "Lewis", "Lucia", "Maria", "Martin",
    "Mohammed", "Morgan", "Nadia", "Nathan", "Niamh", "Omar", "Paul", "Rachel", "Rania",
    "Robert", "Rosa", "Sam", "Sana", "Siobhan", "Stefan", "Sunita", "Tariq", "Tegan",
    "Thomas", "Vikram", "Wen", "Yasmin", "Zoe",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Abbott", "Achebe", "Ahmed", "Ali", "Baker", "Banerjee", "Bennett", "Campbell", "Chowdhury",
    "Clarke", "Costa", "Davies", "Edwards", "Fernandes", "Fraser", "Gallagher", "Green",
    "Gupta", "Hall", "Hughes", "Ibrahim", "Jackson", "Jones", "Kaur", "Kelly", "Khan",
    "Kumar", "Lee", "Lewis", "Lopez", "Mahmood", "Martin", "McDonald", "Mensah", "Murphy",
    "Nguyen", "Novak", "Nwosu", "O'Brien", "Okafor", "Owen", "Park", "Patel", "Popescu",
    "Price", "Rahman", "Robinson", "Santos", "Scott", "Shah", "Singh", "Smith", "Stewart",
    "Taylor", "Thomas", "Walker", "Watson", "Williams", "Wilson", "Wright", "Yilmaz", "Zhang",
)  # fmt: skip

JOB_TITLES: tuple[str, ...] = (
    "Practice Lead",
    "Head of Service",
    "Team Manager",
    "Community Worker",
    "Commissioning Manager",
    "Policy Adviser",
    "Researcher",
    "Chief Executive",
    "Learning Lead",
    "Social Worker",
    "Programme Manager",
    "Youth Worker",
    "Public Health Specialist",
    "Data Analyst",
    "Trustee",
)

# Place names used to invent extra organisations for the large demo.
PLACES: tuple[str, ...] = (
    "Ashcombe", "Bramleigh", "Carrowmore", "Dunholme", "Elmstead", "Fallowfield Vale",
    "Glenharrow", "Hatherby", "Ivybridge Moor", "Juniper Bay", "Kingsmere", "Lowther Fen",
    "Millbrook", "Netherwood", "Oakhanger", "Pennington Cross", "Quarrybank", "Rookhope",
    "Saltmarsh", "Thornbury Heath",
)  # fmt: skip

# "{place}" is replaced with a PLACES entry.
ORGANISATION_PATTERNS: tuple[tuple[str, OrganisationKind], ...] = (
    ("{place} Borough Council", OrganisationKind.COUNCIL),
    ("{place} Community NHS Trust", OrganisationKind.NHS),
    ("{place} Voluntary Action", OrganisationKind.CHARITY),
    ("{place} Community Foundation", OrganisationKind.FUNDER),
    ("University of {place}", OrganisationKind.UNIVERSITY),
)

# (phrase, theme) pairs; the theme is always one of the event's themes.
TOPICS: tuple[tuple[str, str], ...] = (
    ("relational practice", RELATIONAL),
    ("systems stewardship", STEWARDSHIP),
    ("a learning culture", LEARNING_CULTURE),
    ("co-production", COPRODUCTION),
    ("measurement for learning", MEASUREMENT),
    ("place-based working", PLACE),
    ("trust-based funding", FUNDING),
    ("commissioning for learning", FUNDING),
    ("Human Learning Systems", BASICS),
    ("lived experience leadership", COPRODUCTION),
    ("reflective practice", LEARNING_CULTURE),
    ("learning partnerships", MEASUREMENT),
)

CONTEXTS: tuple[str, ...] = (
    "in adult social care",
    "in housing",
    "in community health",
    "with young people",
    "in neighbourhood teams",
    "across a city region",
    "in the voluntary sector",
    "in early years",
    "in criminal justice",
    "in public health",
    "in rural communities",
    "in mental health services",
)

# "{topic}" and "{context}" are filled in; the first letter is then capitalised.
TITLE_PATTERNS: dict[EventFormat, tuple[str, ...]] = {
    EventFormat.WEBINAR: ("An introduction to {topic} {context}", "What we know about {topic} {context}"),
    EventFormat.WORKSHOP: ("Practising {topic} {context}", "Getting started with {topic} {context}"),
    EventFormat.CONVERSATION: ("In conversation: {topic} {context}", "Talking about {topic} {context}"),
    EventFormat.LEARNING_CIRCLE: ("Learning circle: {topic} {context}",),
    EventFormat.STORY_SESSION: ("Stories of {topic} {context}",),
    EventFormat.PANEL: ("Panel: the future of {topic} {context}",),
    EventFormat.SITE_VISIT: ("Visit: {topic} {context}",),
    EventFormat.NETWORKING: ("Networking for people working on {topic} {context}",),
}  # fmt: skip

FORMAT_WEIGHTS: dict[EventFormat, int] = {
    EventFormat.WEBINAR: 25,
    EventFormat.CONVERSATION: 20,
    EventFormat.WORKSHOP: 20,
    EventFormat.STORY_SESSION: 10,
    EventFormat.LEARNING_CIRCLE: 8,
    EventFormat.PANEL: 7,
    EventFormat.NETWORKING: 7,
    EventFormat.SITE_VISIT: 3,
}

ACCESS_ARRANGEMENTS: tuple[str, ...] = (
    "Live captions.",
    "Live captions. BSL interpretation.",
    "Live captions. Slides shared in advance.",
    "Step-free access. Hearing loop. Quiet room available.",
    "",
)

CAPACITIES: tuple[int | None, ...] = (None, 20, 25, 30, 40, 50, 60, 80, 100, 150)
