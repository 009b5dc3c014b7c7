from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..admin.permissions import admin_required, is_site_admin
from ..forms_common import render_form
from ..markdown import render_markdown
from ..translation import gettext
from .forms import SitePageForm
from .services import PAGE_SLUGS, page_content, save_page

blueprint = Blueprint("site_pages", __name__)


def _show(slug: str) -> ResponseReturnValue:
    page = page_content(slug)
    return render_template(
        "site_pages/page.html",
        page=page,
        body=render_markdown(page.body),
        can_edit=is_site_admin(current_user),
    )


@blueprint.get("/privacy")
def privacy() -> ResponseReturnValue:
    return _show("privacy")


@blueprint.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return _show("accessibility")


@blueprint.route("/admin/pages/<page_slug>/edit", methods=["GET", "POST"])
@admin_required
def edit(page_slug: str) -> ResponseReturnValue:
    if page_slug not in PAGE_SLUGS:
        abort(404)
    page = page_content(page_slug)
    form = SitePageForm(data={"title": page.title, "body": page.body})
    if form.validate_on_submit():
        save_page(page_slug, form.title.data or "", form.body.data or "", current_user.id)
        flash(gettext("Saved the page. This is how it looks now."), "success")
        return redirect(url_for(f"site_pages.{page_slug}"))
    return render_form("site_pages/edit.html", form, page=page)
