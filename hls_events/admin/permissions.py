"""Who is a site admin. Admin-only routes are guarded here, and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from ..extensions import login_manager


def is_site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Anonymous visitors are sent to sign in; anyone signed in who is not an admin gets 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not is_site_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
