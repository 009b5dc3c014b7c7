from __future__ import annotations

import secrets

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from ..accounts.services import find_user_by_email
from ..retention import RETENTION_LABELS, apply_retention
from .services import create_or_promote_admin


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="The admin's name, as shown to others.")
@click.option(
    "--password",
    default="",
    envvar="HLS_ADMIN_PASSWORD",
    help="Sign-in password. If left out, a new account gets a random one, printed once;"
    " an existing account keeps its password.",
)
def create_admin(email: str, name: str, password: str) -> None:
    """Create a site admin account (or make an existing account a site admin)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error
    if password and len(password) < 8:
        raise click.BadParameter("use at least 8 characters", param_hint="--password")
    generated = ""
    if not password and find_user_by_email(email) is None:
        generated = password = secrets.token_urlsafe(12)
    user, created = create_or_promote_admin(email, name, password)
    click.echo(f"{'Created' if created else 'Updated'} site admin {user.email}.")
    if generated:
        click.echo(f"Password: {generated}")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only say how much would go; change nothing.")
@with_appcontext
def retention(dry_run: bool) -> None:
    """Erase the personal data kept longer than its period (README: production settings).
    The mail worker does this on its own every few minutes."""
    counts = apply_retention(dry_run=dry_run)
    verb = "Would go" if dry_run else "Gone"
    for kind, count in counts.items():
        click.echo(f"{verb}: {count} {RETENTION_LABELS[kind]}")
