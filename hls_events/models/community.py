"""Learning communities: the same people, meeting again and again.

A community belongs to a programme. Its meetings are sessions (EventSession) of one event of
the programme, its *series event*, so that calendars, reflections and the session machinery
serve meetings as they serve any session; ``CommunityMeeting`` marks which sessions are the
community's meetings (a meeting opened as a taster moves, with its row here, to a public event
of its own that takes ordinary registrations).

The database holds what Python cannot: one membership per person and community, waiting-list
positions unique within a community and present exactly when waiting. Places are counted under
a lock on the community's row (hls_events/communities/membership.py).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..lazy_text import _l
from .types import UTCDateTime, enum_column, utcnow
from .user import User

if TYPE_CHECKING:
    from .event import Event, EventSession
    from .programme import Programme


class MembershipRule(enum.StrEnum):
    OPEN = "open"
    REQUEST = "request"
    INVITATION = "invitation"

    @property
    def label(self) -> str:
        return str(
            {
                "open": _l("Open: anyone may join at once"),
                "request": _l("By request: the facilitators accept each member"),
                "invitation": _l("By invitation only"),
            }[self.value]
        )


class CommunityStatus(enum.StrEnum):
    # Seen only by the programme's organisers and the facilitators.
    DRAFT = "draft"
    # Public, and taking members by its rule.
    OPEN = "open"
    # Public, meeting, and taking no new members.
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(
            {
                "draft": _l("Draft"),
                "open": _l("Open"),
                "closed": _l("Closed to new members"),
            }[self.value]
        )


class MemberStatus(enum.StrEnum):
    MEMBER = "member"
    REQUESTED = "requested"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    LEFT = "left"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return str(
            {
                "member": _l("Member"),
                "requested": _l("Asked to join"),
                "waitlisted": _l("Waiting list"),
                "declined": _l("Request declined"),
                "left": _l("Left"),
                "removed": _l("Removed by the facilitators"),
            }[self.value]
        )


FORMER_MEMBER_STATUSES = (MemberStatus.LEFT, MemberStatus.REMOVED)
# Statuses from which a person may not ask again without leaving first.
CURRENT_MEMBER_STATUSES = (MemberStatus.MEMBER, MemberStatus.REQUESTED, MemberStatus.WAITLISTED)


class Community(Model):
    """A peer learning community within a programme."""

    __tablename__ = "communities"
    __table_args__ = (
        UniqueConstraint("programme_id", "slug", name="uq_communities_programme_slug"),
        CheckConstraint("member_limit IS NULL OR member_limit >= 1", name="member_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    # The event whose sessions are the meetings (see the module's docstring).
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    # Markdown, rendered with hls_events/markdown.py.
    purpose: Mapped[str] = mapped_column(Text, default="")
    # Welsh beside the English, optional: see hls_events/bilingual.py.
    name_cy: Mapped[str] = mapped_column(String(200), default="", server_default="")
    purpose_cy: Mapped[str] = mapped_column(Text, default="", server_default="")
    membership_rule: Mapped[MembershipRule] = mapped_column(enum_column(MembershipRule, 16))
    # None means no limit.
    member_limit: Mapped[int | None] = mapped_column(Integer)
    waitlist_open: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[CommunityStatus] = mapped_column(
        enum_column(CommunityStatus, 16), default=CommunityStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship()
    event: Mapped[Event] = relationship()
    facilitators: Mapped[list[CommunityFacilitator]] = relationship(
        back_populates="community",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CommunityFacilitator.created_at",
    )

    @property
    def is_public(self) -> bool:
        return self.status != CommunityStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Community {self.slug}>"


class CommunityFacilitator(Model):
    """A person who runs a community: organisers' powers over that community only."""

    __tablename__ = "community_facilitators"

    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    community: Mapped[Community] = relationship(back_populates="facilitators")
    user: Mapped[User] = relationship()


class CommunityMember(Model):
    """One person's place in one community, from asking to leaving; one row per person ever."""

    __tablename__ = "community_members"
    __table_args__ = (
        UniqueConstraint("community_id", "user_id", name="uq_community_members_person"),
        UniqueConstraint("community_id", "waitlist_position", name="uq_community_members_position"),
        CheckConstraint(
            "(status = 'waitlisted' AND waitlist_position IS NOT NULL)"
            " OR (status <> 'waitlisted' AND waitlist_position IS NULL)",
            name="position_only_when_waiting",
        ),
        Index("ix_community_members_status", "community_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus, 16))
    # 1 is next in line; always 1..N without gaps among a community's waiting members.
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    working_on: Mapped[str] = mapped_column(String(500), default="")
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    community: Mapped[Community] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_member(self) -> bool:
        return self.status == MemberStatus.MEMBER

    def __repr__(self) -> str:
        return f"<CommunityMember {self.id} community={self.community_id} {self.status}>"


class CommunityMeeting(Model):
    """Marks a session as a meeting of a community."""

    __tablename__ = "community_meetings"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    # Opened to everyone: the session then belongs to a public event of its own.
    is_taster: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[EventSession] = relationship()
    community: Mapped[Community] = relationship()


class MeetingApology(Model):
    """A member's apology for one meeting. It frees nothing: the place stays theirs."""

    __tablename__ = "meeting_apologies"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeetingAttendance(Model):
    """Whether a member came to a meeting, as a facilitator marked it."""

    __tablename__ = "meeting_attendance"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("event_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    attended: Mapped[bool] = mapped_column(Boolean)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
