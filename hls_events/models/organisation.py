from __future__ import annotations

import enum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .types import enum_column


class OrganisationKind(enum.StrEnum):
    COUNCIL = "council"
    NHS = "nhs"
    CHARITY = "charity"
    FUNDER = "funder"
    UNIVERSITY = "university"
    SOCIAL_ENTERPRISE = "social_enterprise"
    GOVERNMENT = "government"
    OTHER = "other"


class Organisation(Model):
    """A partner organisation that hosts events."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind, 32),
        default=OrganisationKind.OTHER,
    )
    country: Mapped[str] = mapped_column(String(80), default="United Kingdom")
    website: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"
