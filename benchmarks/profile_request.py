"""Profile one request in-process against the benchmark's database, to see where time goes.

    .venv/bin/python benchmarks/profile_request.py sqlite /practice/?q=trust
    .venv/bin/python benchmarks/profile_request.py postgresql register

Run `make bench` first (it builds the databases). Kept copies of pages are off, so each request
is built; "register" registers new people for the large programme's events through the real
form, CSRF token and all. Prints the time per request, then the functions that took most.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import sys
import time

from run import PROGRAMME, app_environment


def main(database: str, target: str, count: int = 30) -> None:
    os.environ.update(app_environment(database, production=False))
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    from sqlalchemy import select

    from hls_events import create_app
    from hls_events.extensions import db
    from hls_events.models import Event, Programme

    app = create_app()
    client = app.test_client()
    if target == "register":
        with app.app_context():
            slugs = list(
                db.session.scalars(
                    select(Event.slug)
                    .join(Programme)
                    .where(Programme.slug == PROGRAMME, Event.capacity.is_(None))
                    .order_by(Event.id)
                    .limit(20)
                )
            )
        page = client.get(f"/p/{PROGRAMME}/events/{slugs[0]}/").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        stamp = int(time.time())

        def request(number: int) -> None:
            response = client.post(
                f"/p/{PROGRAMME}/events/{slugs[number % len(slugs)]}/register",
                data={
                    "csrf_token": token,
                    "name": "Profile Person",
                    "sector": "charity",
                    "email": f"profile-{stamp}-{number}@bench.hls-events.example",
                },
            )
            assert response.status_code == 302, response.status_code
    else:

        def request(number: int) -> None:
            assert client.get(target).status_code == 200

    request(0)  # templates compiled, connections open
    started = time.perf_counter()
    for number in range(1, count + 1):
        request(number)
    print(f"{(time.perf_counter() - started) * 1000 / count:.1f} ms a request, unprofiled")
    profile = cProfile.Profile()
    profile.enable()
    for number in range(count + 1, 2 * count + 1):
        request(number)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(r"hls_events|jinja2.environment", 25)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
