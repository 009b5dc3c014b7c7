"""Entry point for gunicorn: `gunicorn wsgi:app`."""

import gc

from hls_events import create_app

app = create_app()

# What the app holds for its whole life (modules, models, templates) is never garbage: kept
# out of the collector's full passes, each of which would otherwise walk all of it (about
# 50 ms in a worker) in the middle of whichever request set it off.
gc.collect()
gc.freeze()
