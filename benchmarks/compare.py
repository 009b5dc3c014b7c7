"""Two checkouts side by side, in-process: the worker's and the database server's CPU a request.

    .venv/bin/python benchmarks/compare.py postgresql ../old-checkout
    .venv/bin/python benchmarks/compare.py sqlite ../old-checkout . "/p/hls-week-large/"

Under load a second run of the same code moves by 5% and a machine's speed drifts by as much
from one few-minute stretch to the next, so a change worth half a millisecond is lost in
`make bench`. Here each checkout in turn (default: new searches, as `search.lua` makes them)
serves ``REQUESTS`` requests through Flask's test client, one at a time, against the
benchmark's database (`make bench` builds it; ``BENCH_DATABASE_URL`` names another), with
kept copies off; the checkouts take turns ``ROUNDS`` times. Each run reports the worker's CPU
(``time.process_time``) and, on PostgreSQL, the CPU of the one backend that served it (from
``/proc``: the server must be on this machine), each per request. Run a checkout against
itself first: how far its runs differ is the noise (on a quiet 2-core machine, about 0.1 ms
on the server and 0.35 ms in the worker for a search).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUNDS = int(os.environ.get("COMPARE_ROUNDS", "3"))
REQUESTS = int(os.environ.get("COMPARE_REQUESTS", "400"))
NEW_SEARCHES = "new-searches"


def search_words() -> list[str]:
    """The words of ``search.lua``, so that these searches are the benchmark's."""
    script = (HERE / "search.lua").read_text()
    return re.findall(r'"(\w+)"', script.split("local words = {", 1)[1].split("}", 1)[0])


def measure(database: str, checkout: Path, target: str) -> dict[str, float]:
    """In this process: ``checkout``'s app serving ``REQUESTS`` requests for ``target``."""
    from run import process_cpu_seconds, use_built_in_process  # puts this checkout first

    sys.path.insert(0, str(checkout))  # and then the one measured before it
    use_built_in_process(database)
    from sqlalchemy import text

    import hls_events
    from hls_events import create_app
    from hls_events.extensions import db

    assert Path(hls_events.__file__).resolve().is_relative_to(checkout.resolve())
    app = create_app()
    client = app.test_client()

    def backend() -> int | None:
        if database != "postgresql":
            return None
        with app.app_context():
            return int(db.session.execute(text("SELECT pg_backend_pid()")).scalar_one())

    if target == NEW_SEARCHES:
        words = search_words()
        paths = [f"/practice/?q={words[n % len(words)]}&n={n}" for n in range(REQUESTS * 2)]
    else:
        paths = [target] * (REQUESTS * 2)
    for path in paths[REQUESTS:]:  # warm: every statement planned, every template compiled
        client.get(path)
    pid = backend()

    def server_cpu() -> float:  # SQLite works in this process: its time is the worker's
        return process_cpu_seconds(pid) if pid is not None else 0.0

    worker, server = time.process_time(), server_cpu()
    for path in paths[:REQUESTS]:
        answer = client.get(path)
        assert answer.status_code == 200, f"{path} answered {answer.status_code}"
    worker, server = time.process_time() - worker, server_cpu() - server
    assert backend() == pid, "another connection served some of the requests"
    return {"worker_ms": worker * 1000 / REQUESTS, "server_ms": server * 1000 / REQUESTS}


def main(database: str, checkouts: list[Path], target: str) -> None:
    # Apart by place in the list, so that a checkout compared with itself shows its noise.
    results: list[list[dict[str, float]]] = [[] for _ in checkouts]
    for round_number in range(1, ROUNDS + 1):
        for checkout, runs in zip(checkouts, results, strict=True):
            answer = subprocess.run(
                [sys.executable, __file__, "--one", database, str(checkout), target],
                capture_output=True,
                text=True,
                check=True,
                cwd=checkout,
            )
            figures = json.loads(answer.stdout.strip().splitlines()[-1])
            runs.append(figures)
            print(f"round {round_number}  {checkout}: {_shown(database, figures)}", flush=True)
    for checkout, runs in zip(checkouts, results, strict=True):
        medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(f"median   {checkout}: {_shown(database, medians)}")


def _shown(database: str, figures: dict[str, float]) -> str:
    shown = f"worker {figures['worker_ms']:.2f} ms"
    if database == "postgresql":  # SQLite runs in the worker: its work is the worker's
        shown += f", server {figures['server_ms']:.2f} ms"
    return shown + " a request"


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]).resolve(), sys.argv[4])))
    else:
        old, new = Path(sys.argv[2]), Path(sys.argv[3] if len(sys.argv) > 3 else ".")
        target = sys.argv[4] if len(sys.argv) > 4 else NEW_SEARCHES
        main(sys.argv[1], [old.resolve(), new.resolve()], target)
