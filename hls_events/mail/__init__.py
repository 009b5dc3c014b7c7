"""Email: the outbox other areas queue into (services), and the worker that delivers it."""

from __future__ import annotations

from flask import Flask

from ..config import ConfigurationError
from .transports import BACKENDS


def init_app(app: Flask) -> None:
    """Refuse settings that could only fail later, in the worker, where nobody is looking."""
    config = app.config
    if config["MAIL_BACKEND"] not in BACKENDS:
        raise ConfigurationError(
            f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {config['MAIL_BACKEND']!r}."
        )
    if config["MAIL_USE_TLS"] and config["MAIL_USE_SSL"]:
        raise ConfigurationError(
            "Set MAIL_USE_TLS (STARTTLS, usually port 587) or MAIL_USE_SSL (usually port 465), "
            "not both."
        )
