from __future__ import annotations

import secrets

import click
from email_validator import EmailNotValidError, validate_email

from .passwords import password_problem
from .services import create_or_promote_organiser


@click.command("create-organiser")
@click.argument("email")
@click.option("--name", default="", help="The organiser's name, as shown to others.")
@click.option(
    "--password",
    default="",
    envvar="HLS_ORGANISER_PASSWORD",
    help="Sign-in password. If left out, a random one is made and printed once.",
)
def create_organiser(email: str, name: str, password: str) -> None:
    """Create an organiser account (or make an existing account an organiser)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error
    problem = password_problem(password) if password else None
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    generated = not password
    if generated:
        password = secrets.token_urlsafe(12)
    user, created = create_or_promote_organiser(email, name, password)
    click.echo(f"{'Created' if created else 'Updated'} organiser {user.email}.")
    if generated:
        click.echo(f"Password: {password}")
