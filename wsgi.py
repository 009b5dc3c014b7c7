"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from hls_events import create_app

app = create_app()
