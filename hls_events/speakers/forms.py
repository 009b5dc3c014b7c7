from __future__ import annotations

from typing import cast

from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from ..forms_common import Form, SelectChoice
from ..lazy_text import _l, lazy_label
from ..models import SpeakerRole
from .photos import MAX_PHOTO_BYTES
from .profiles import MAX_LINKS, ProfileDetails

ROLE_CHOICES = [SelectChoice(role.value, lazy_label(role)) for role in SpeakerRole]


class ProfileForm(Form):
    name = StringField(
        _l("Name"),
        description=_l("As you would like it shown on the programme."),
        validators=[DataRequired(_l("Enter a name.")), Length(max=200)],
        render_kw={"autocomplete": "name"},
    )
    pronouns = StringField(
        _l("Pronouns"),
        description=_l("Optional, for example she/her or they/them."),
        validators=[Length(max=40)],
    )
    job_title = StringField(
        _l("Role"),
        description=_l("Your job title or role, for example Head of Service."),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "organization-title"},
    )
    organisation_name = StringField(
        _l("Organisation"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "organization"},
    )
    bio = TextAreaField(
        _l("Short biography"),
        description=_l(
            "A few sentences, up to 2,000 characters. You can use Markdown: *emphasis*, "
            "**bold**, [links](https://example.org) and lists."
        ),
        validators=[
            Length(max=2000, message=_l("Keep the biography to 2,000 characters or fewer."))
        ],
        render_kw={"rows": 6},
    )
    links = TextAreaField(
        _l("Links"),
        description=_l(
            "Up to %(count)s web addresses, one on each line: a website, a blog, a "
            "professional profile.",
            count=MAX_LINKS,
        ),
        validators=[Length(max=3000)],
        render_kw={"rows": 3, "spellcheck": "false"},
    )
    photo = FileField(
        _l("Photo"),
        description=_l(
            "Optional. A JPEG, PNG or WebP image of up to %(megabytes)s MB. "
            "We crop it to a square and remove the details cameras store in photos, such as where "
            "it was taken.",
            megabytes=MAX_PHOTO_BYTES // (1024 * 1024),
        ),
        render_kw={"accept": "image/jpeg,image/png,image/webp"},
    )
    remove_photo = BooleanField(_l("Remove the current photo"))

    def details(self) -> ProfileDetails:
        return ProfileDetails(
            name=self.name.data or "",
            pronouns=self.pronouns.data or "",
            job_title=self.job_title.data or "",
            organisation_name=self.organisation_name.data or "",
            bio=self.bio.data or "",
            links=(self.links.data or "").splitlines(),
        )

    def fill(self, details: ProfileDetails) -> None:
        self.name.data = details.name
        self.pronouns.data = details.pronouns
        self.job_title.data = details.job_title
        self.organisation_name.data = details.organisation_name
        self.bio.data = details.bio
        self.links.data = "\n".join(details.links)

    def photo_bytes(self) -> bytes | None:
        """The uploaded file's bytes (one byte past the limit at most), or None if none."""
        upload = self.photo.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        try:
            return cast(bytes, upload.read(MAX_PHOTO_BYTES + 1))
        finally:
            upload.close()


class SpeakerInviteForm(Form):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter their name.")), Length(max=200)]
    )
    email = EmailField(
        _l("Email address"),
        description=_l(
            "We email them a link. They accept by signing in, or creating an account, "
            "with this address."
        ),
        validators=[
            DataRequired(_l("Enter their email address.")),
            Email(_l("Enter an email address like name@example.org.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    organisation_name = StringField(
        _l("Organisation"),
        description=_l("Optional. They can change it later."),
        validators=[Length(max=200)],
    )
    role = SelectField(
        _l("Role"), choices=ROLE_CHOICES, default=SpeakerRole.SPEAKER.value, validate_choice=True
    )
    brief = TextAreaField(
        _l("What you ask of them"),
        description=_l(
            "Optional. Shown on their speaker page: for example, when to send slides, "
            "or to arrive 15 minutes early."
        ),
        validators=[Length(max=5000)],
        render_kw={"rows": 4},
    )


class BriefForm(Form):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=True)
    brief = TextAreaField(
        _l("What you ask of them"),
        description=_l("Shown on their speaker page."),
        validators=[Length(max=5000)],
        render_kw={"rows": 4},
    )
