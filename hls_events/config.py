"""Settings read from the environment, so that one build runs anywhere."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


class ConfigurationError(RuntimeError):
    """Raised when the app would start in an unsafe or unusable state."""


def load_config(instance_path: str, test_config: dict[str, Any] | None = None) -> dict[str, Any]:
    environment = os.environ.get("HLS_ENV", "development")
    database_url = os.environ.get("DATABASE_URL") or "sqlite:///" + str(
        Path(instance_path) / "hls_events.sqlite"
    )
    config: dict[str, Any] = {
        "ENV_NAME": environment,
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SITE_NAME": os.environ.get("SITE_NAME", "HLS Events"),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
    }
    if test_config:
        config.update(test_config)
    if not config["SECRET_KEY"]:
        if config["ENV_NAME"] == "production":
            raise ConfigurationError(
                "SECRET_KEY is not set. In production HLS Events refuses to start without one: "
                "set SECRET_KEY to a long random value shared by every instance."
            )
        # Development and tests only: a fixed, public key is fine where nothing is private.
        config["SECRET_KEY"] = "development-only-not-secret"
    return config


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// forms hosts hand out and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
