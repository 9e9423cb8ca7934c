"""Benchmark: CPU cost of one request of each kind the load test sends, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/request_cpu_bench.py
    .venv/bin/python bench/request_cpu_bench.py --requests 100 --employees 2000

Drives the portal with django.test.Client (base settings, DEBUG off, CSRF
checks on) on the demo department's open round, as bench/locustfile.py does:
raters open one of their open forms (form page GET) and save a draft (POST of
14 answers, redirect not followed), every sixth save submits; HR opens the
round dashboard. Between them, the floor (bench/floor_urls.py, installed
for this run only): a minimal authenticated view that writes one row, so
every figure also reads as a ratio to the floor measured in the same run,
interleaved with the others (targets of issue 17: a draft save or a submit
at most 2x the floor's CPU, the form page at most 3x).

Per request kind: median and mean CPU of this process (time.process_time:
Django, templates, the database driver), mean CPU of the PostgreSQL backend
serving the connection (/proc utime+stime, 10 ms ticks, so only its mean over
many requests means anything), query count, SQL time (as the driver waits for
it) and wall time. The run submits forms (it takes the forms still open), so
run it on a database of your own. Seeds the demo with ``--employees`` people
when it is missing or smaller.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import time
from collections import defaultdict
from urllib.parse import urlencode

try:
    from bench._setup import django_setup, machine, migrate
except ImportError:  # run as a script
    from _setup import django_setup, machine, migrate

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SAVES_PER_FORM = 6  # as in bench/locustfile.py: five drafts, then the submit
FLOOR = "floor (one-row write)"
# Issue 17: CPU of each kind at most this many times the floor's.
TARGET_RATIOS = {"form save (draft)": 2.0, "form submit": 2.0, "form page": 3.0}
_TICK = os.sysconf("SC_CLK_TCK")


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds used so far by the PostgreSQL backend ``pid`` (0 if unreadable)."""
    if pid is None:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


class Meter:
    """Time, queries and SQL time of one request; results per request kind."""

    def __init__(self):
        self.samples: dict[str, list[dict]] = defaultdict(list)
        self.queries = 0
        self.sql = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started
            self.queries += 1

    def run(self, kind: str, call, *, record: bool = True):
        from django.db import connection

        pid = connection.connection.get_backend_pid() if connection.connection else None
        self.queries, self.sql = 0, 0.0
        pg0, cpu0, wall0 = _backend_cpu(pid), time.process_time(), time.perf_counter()
        response = call()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        pg = _backend_cpu(pid) - pg0
        if record:
            self.samples[kind].append({"cpu": cpu, "wall": wall, "pg": pg,
                                       "queries": self.queries, "sql": self.sql})
        return response

    def summary(self) -> dict:
        out = {}
        for kind, rows in self.samples.items():
            def med(key, rows=rows):
                return round(1000 * statistics.median(r[key] for r in rows), 1)

            def mean(key, rows=rows):
                return round(1000 * statistics.fmean(r[key] for r in rows), 1)

            out[kind] = {
                "n": len(rows),
                "cpu_ms_median": med("cpu"),
                "cpu_ms_mean": mean("cpu"),
                "postgres_cpu_ms_mean": mean("pg"),
                "queries": max(r["queries"] for r in rows),
                "sql_ms_median": med("sql"),
                "wall_ms_median": med("wall"),
            }
        return out


def plan(*, employees: int) -> dict:
    """The open round, its indicator and competency ids, raters with open forms."""
    from django.core.management import call_command

    from assessments import demo
    from assessments.models import Assignment, Round
    from assessments.selectors import round_competencies

    rnd = Round.objects.filter(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN).first()
    if rnd is None or rnd.participants.count() < employees:
        call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        demo.seed_demo(employees=employees, reset=rnd is not None, hand_offs=False)
        rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN)
    by_rater: dict[str, list[int]] = defaultdict(list)
    for username, pk in (
        Assignment.objects.filter(round=rnd, status__in=Assignment.OPEN_STATUSES,
                                  rater__user__isnull=False)
        .values_list("rater__user__username", "pk").order_by("rater_id", "pk")
    ):
        by_rater[username].append(pk)
    comps = round_competencies(rnd=rnd)
    return {
        "round": rnd,
        "hr": demo.HR_USERNAME,
        "raters": by_rater,
        "indicators": [i.pk for c in comps for lv in c.levels.all() for i in lv.indicators.all()],
        "competencies": [c.pk for c in comps],
    }


def _post(client, url: str, data: dict):
    """POST as the page's form (no enctype) and locust send it, URL-encoded:
    the test client's default, multipart, costs the server about 1 ms more to parse."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def _client(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    return client


def ratios(kinds: dict) -> dict:
    """Each target kind's CPU over the floor's: this process (median), and this
    process plus its PostgreSQL backend (means: the backend's clock ticks 10 ms)."""
    floor = kinds.get(FLOOR)
    out = {}
    for kind, limit in TARGET_RATIOS.items():
        if not floor or kind not in kinds:
            continue
        k = kinds[kind]
        ratio = k["cpu_ms_median"] / floor["cpu_ms_median"]
        with_pg = ((k["cpu_ms_mean"] + k["postgres_cpu_ms_mean"])
                   / (floor["cpu_ms_mean"] + floor["postgres_cpu_ms_mean"]))
        out[kind] = {"cpu_ratio": round(ratio, 2), "cpu_with_postgres_ratio": round(with_pg, 2),
                     "target": limit, "met": ratio <= limit}
    return out


def run(*, requests: int, employees: int, seed: int = 1) -> dict:
    from django.test import override_settings

    load_start = os.getloadavg()[0]
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        result = _run(requests=requests, employees=employees, seed=seed)
    return {**result, "load_avg_1m_start": load_start}


def _run(*, requests: int, employees: int, seed: int) -> dict:
    from django.db import connection

    from bench.floor_urls import FLOOR_PATH

    the_plan = plan(employees=employees)
    rnd = the_plan["round"]
    rng = random.Random(seed)
    names = sorted(the_plan["raters"])
    rng.shuffle(names)
    meter = Meter()
    hr = _client(the_plan["hr"])
    dashboard_url = f"/rounds/{rnd.pk}/"

    def check(response, status: int, what: str):
        if response.status_code != status:
            raise SystemExit(f"{what}: {response.status_code}, expected {status}")
        return response

    with connection.execute_wrapper(meter):
        # Warm-up (templates, translations, URL resolver), not recorded.
        for _ in range(3):
            meter.run("dashboard", lambda: hr.get(dashboard_url), record=False)
        saves = 0
        raters = iter(names)
        client, forms = None, []
        warm = 3
        while len(meter.samples["form save (draft)"]) < requests:
            if not forms:
                username = next(raters)
                client, forms = _client(username), list(the_plan["raters"][username])
            url = f"/forms/{forms[0]}/"
            record = warm <= 0
            warm -= 1
            page = check(meter.run("form page", lambda c=client, url=url: c.get(url),
                                   record=record), 200, "form page")
            saves += 1
            submit = saves % SAVES_PER_FORM == 0
            data = {f"ind_{pk}": str(rng.randint(0, 3)) for pk in the_plan["indicators"]}
            data.update({f"comment_{pk}": "" for pk in the_plan["competencies"]})
            token = CSRF.search(page.content.decode()).group(1)
            data["csrfmiddlewaretoken"] = token
            floor_url = FLOOR_PATH.format(pk=forms[0])

            def floor(c=client, url=floor_url, token=token):
                return check(_post(c, url, {"csrfmiddlewaretoken": token}), 302, "floor")

            if saves % 2:  # the floor before the save, then after it: neither side warms the other
                meter.run(FLOOR, floor, record=record)
            if submit:
                data["submit"] = "1"
            kind = "form submit" if submit else "form save (draft)"
            check(meter.run(kind, lambda c=client, url=url, data=data: _post(c, url, data),
                            record=record), 302, kind)
            if not saves % 2:
                meter.run(FLOOR, floor, record=record)
            if submit:
                forms.pop(0)
            if saves % 2 == 0:
                check(meter.run("dashboard", lambda: hr.get(dashboard_url)), 200, "dashboard")
    kinds = meter.summary()
    return {
        "benchmark": "CPU per request (in-process, django.test.Client)",
        "participants_in_round": rnd.participants.count(),
        "forms_in_round": rnd.assignments.count(),
        "kinds": kinds,
        "ratio_to_floor": ratios(kinds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60,
                        help="draft saves to time (form pages: about 1.2x, dashboards 0.6x)")
    parser.add_argument("--employees", type=int, default=2000,
                        help="seed the demo with this many people when smaller (default 2000)")
    args = parser.parse_args()
    django_setup()
    migrate()
    result = run(requests=args.requests, employees=args.employees)
    result["machine"] = machine()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
