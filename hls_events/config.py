"""Settings read from the environment, so that one build runs anywhere."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .inputs import whole_number


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
        # Connections are checked once idle, not at every checkout: connection_checks.py.
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": environment == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": environment == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SITE_NAME": os.environ.get("SITE_NAME", "HLS Events"),
        # The site's public address, for links in emails queued outside a request (the worker).
        "BASE_URL": os.environ.get("BASE_URL")
        or ("" if environment == "production" else "http://127.0.0.1:5000"),
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        # Hosts the site answers for; any other Host header gets 400, so nothing is ever built
        # for a stranger's host. Production defaults to BASE_URL's host; elsewhere, any host.
        "TRUSTED_HOSTS": trusted_hosts(environment),
        # Rate limits on sign-in, sign-up and emailed links. Memory suits one process; several
        # instances share a store such as redis://127.0.0.1:6379. Always set explicitly, because
        # the limiter otherwise keeps the previous app's setting.
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "true").lower() != "false",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "ACCOUNT_RATE_LIMIT": "10 per minute; 50 per hour",
        "ACCOUNT_EMAIL_RATE_LIMIT": "5 per hour",
        **mail_settings(environment, instance_path),
        **retention_settings(),
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


def trusted_hosts(environment: str) -> list[str] | None:
    """``TRUSTED_HOSTS`` (comma-separated), else BASE_URL's host in production, else any host."""
    listed = [host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",")]
    if any(listed):
        return [host for host in listed if host]
    base_host = urlsplit(os.environ.get("BASE_URL") or "").hostname
    if environment == "production" and base_host:
        return [base_host]
    return None


def normalise_database_url(url: str) -> str:
    """Accept the postgres:// and postgresql:// forms hosts hand out and use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def mail_settings(environment: str, instance_path: str) -> dict[str, Any]:
    """Outbox delivery. Development files messages in instance/mail/; production sends SMTP."""
    use_tls = _flag("MAIL_USE_TLS")
    use_ssl = _flag("MAIL_USE_SSL")
    default_port = 465 if use_ssl else 587 if use_tls else 25
    default_sender = None if environment == "production" else "HLS Events <hls-events@localhost>"
    return {
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND")
        or ("smtp" if environment == "production" else "file"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT") or default_port),
        "MAIL_USE_TLS": use_tls,
        "MAIL_USE_SSL": use_ssl,
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_SENDER": os.environ.get("MAIL_SENDER") or default_sender,
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT") or 30),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS") or 8),
        "MAIL_RETRY_SECONDS": int(os.environ.get("MAIL_RETRY_SECONDS") or 60),
        "MAIL_RETRY_MAX_SECONDS": int(os.environ.get("MAIL_RETRY_MAX_SECONDS") or 3600),
        "MAIL_BATCH_SIZE": int(os.environ.get("MAIL_BATCH_SIZE") or 10),
        # Long enough for a whole batch to time out one message after another.
        "MAIL_LEASE_SECONDS": int(os.environ.get("MAIL_LEASE_SECONDS") or 900),
        "MAIL_FOLDER": os.environ.get("MAIL_FOLDER") or str(Path(instance_path) / "mail"),
    }


RETENTION_DEFAULTS = {
    "RETENTION_ACCESS_NEEDS_DAYS": 30,
    "RETENTION_EMAIL_BODY_DAYS": 90,
    "RETENTION_GUEST_REGISTRATION_DAYS": 730,
    "RETENTION_UNCONFIRMED_ACCOUNT_DAYS": 30,
}


def retention_settings() -> dict[str, int]:
    """How many days personal data is kept (hls_events/retention.py): access needs after the
    event ends, sent email bodies, registrations of people without an account, unconfirmed
    accounts. The privacy page's default text states them."""
    settings: dict[str, int] = {}
    for key, default in RETENTION_DEFAULTS.items():
        raw = os.environ.get(key, "").strip()
        if not raw:
            settings[key] = default
            continue
        days = whole_number(raw, 36500)
        if not days:
            raise ConfigurationError(f"{key} must be a whole number of days from 1 to 36500.")
        settings[key] = days
    return settings


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}
