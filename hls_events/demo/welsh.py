"""The demo's Welsh content, beside the English in ``data.py``: the programme, and the events a
Welsh host would offer in Welsh as well as English (hls_events/bilingual.py shows it to Welsh
readers). Plain Welsh; like the catalogue, it wants a Welsh speaker's review.
"""

from __future__ import annotations

from typing import NamedTuple

from .data import paragraphs


class WelshText(NamedTuple):
    title: str
    summary: str
    description: str


# {year} is the programme's year.
PROGRAMME_TITLE_CY = "Wythnos HLS {year}"
PROGRAMME_SUMMARY_CY = (
    "Pum diwrnod o sesiynau ar-lein, hybrid ac wyneb yn wyneb i bobl mewn gwasanaethau "
    "cyhoeddus a chymdeithas sifil sydd am weithio mewn ffyrdd mwy dynol, mwy dysgol a mwy "
    "systemig."
)

# Welsh text for events, by the event's slug in data.EVENTS.
EVENTS_CY: dict[str, WelshText] = {
    "welcome-to-hls-week": WelshText(
        "Croeso i Wythnos HLS: beth yw Human Learning Systems?",
        "Cyflwyniad i Human Learning Systems a thaith o amgylch yr wythnos, i newydd-ddyfodiaid "
        "ac i'r rhai sy'n gyfarwydd â'r dull.",
        paragraphs(
            "Rydym yn agor yr wythnos gyda chyflwyniad byr i Human Learning Systems: beth yw'r "
            "dull, o ble y daeth, a pham mae mwy a mwy o sefydliadau gwasanaethau cyhoeddus yn "
            "ei fabwysiadu.",
            "Mae amser i ofyn cwestiynau drwy gydol y sesiwn, ac rydym yn gorffen gyda "
            "chanllaw i weddill yr wythnos er mwyn i chi ddewis y sesiynau sy'n addas i chi.",
        ),
    ),
    "commissioning-for-learning": WelshText(
        "Comisiynu ar gyfer dysgu, nid ar gyfer allbynnau",
        "Comisiynwyr, cyllidwr a darparwr yn trafod sut y gall contractau gefnogi dysgu ac "
        "addasu yn hytrach nag allbynnau sefydlog.",
        paragraphs(
            "Mae contractau traddodiadol yn pennu allbynnau ymlaen llaw ac yn dal darparwyr "
            "iddynt. Mewn sefyllfaoedd cymhleth, mae hyn yn aml yn rhwystro gwneud y peth iawn "
            "i bobl. Mae mwy a mwy o gomisiynwyr yn rhoi cynnig ar rywbeth gwahanol.",
            "Mae'r panel yn trafod sut mae comisiynu ar sail dysgu yn edrych yn ymarferol, sut "
            "maen nhw'n rheoli risg ac atebolrwydd, a beth fydden nhw'n ei wneud yn wahanol y "
            "tro nesaf.",
        ),
    ),
    # Offered by a Welsh host; loaded when data.EVENTS has it.
    "relational-commissioning-in-wales": WelshText(
        "Comisiynu perthynol yng Nghymru",
        "Sut mae cyrff cyhoeddus yng Nghymru yn comisiynu ar gyfer perthnasoedd, o dan Ddeddf "
        "Llesiant Cenedlaethau'r Dyfodol.",
        paragraphs(
            "Mae comisiynwyr o Gymru yn rhannu sut maen nhw wedi symud o gontractau sy'n "
            "cyfrif allbynnau i gytundebau sy'n meithrin perthnasoedd rhwng pobl, darparwyr a "
            "chymunedau.",
            "Mae'r sesiwn yn ddwyieithog: croeso i chi siarad Cymraeg neu Saesneg.",
        ),
    ),
}
