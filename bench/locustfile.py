"""Locust users for the load test (driven by bench/loadtest_bench.py).

Raters (all users but two) log in, open one of their open forms, save drafts
and after five drafts submit it, then go on with their next form (or the next
person logs in); two HR officers open the round dashboard. The plan (log-ins,
forms, indicator and competency ids) comes from the JSON file named by
``LOADTEST_PLAN``, written by the driver from the demo database.

With ``LOADTEST_STEPS`` set ("start,step,seconds,limit_ms,max_users,settle"), a
load shape raises the user count step by step (bench/loadtest_bench.py
``--capacity``): each step's users log in, the step settles for a few
``settle`` seconds, then its requests are timed for ``seconds``; it stops after the
first step whose draft-save p95 is over ``limit_ms`` (or at ``max_users``)
and writes each step's figures to ``LOADTEST_STEPS_OUT``.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_raters = itertools.cycle(PLAN["raters"])
SAVES_PER_FORM = 6  # five draft saves, then the submit
# Think time of a rater between two requests, seconds ("min,max"; 0.5-2 by default).
RATER_WAIT = tuple(float(x) for x in os.environ.get("LOADTEST_WAIT", "0.5,2").split(","))


def _login(user: HttpUser, username: str) -> None:
    page = user.client.get("/accounts/login/", name="login page")
    token = CSRF.search(page.text).group(1)
    with user.client.post("/accounts/login/", name="login", allow_redirects=False,
                          data={"username": username, "password": PLAN["password"],
                                "csrfmiddlewaretoken": token},
                          catch_response=True) as resp:
        if resp.status_code != 302:
            resp.failure(f"log-in of {username} failed: {resp.status_code}")


class Rater(HttpUser):
    """A rater working through their open forms: drafts, then a submit."""

    weight = 24
    wait_time = between(*RATER_WAIT)

    def on_start(self) -> None:
        self.saves = 0
        self._next_rater()

    def _next_rater(self) -> None:
        rater = next(_raters)  # a distinct person per simulated user while they last
        self.forms = list(rater["forms"])
        self.client.cookies.clear()
        _login(self, rater["username"])

    def _post(self, form: int, *, submit: bool, name: str) -> None:
        page = self.client.get(f"/forms/{form}/", name="form page")
        token = CSRF.search(page.text)
        data = {f"ind_{pk}": str(random.randint(0, 3)) for pk in PLAN["indicators"]}  # noqa: S311
        data.update({f"comment_{pk}": "" for pk in PLAN["competencies"]})
        data["csrfmiddlewaretoken"] = token.group(1) if token else ""
        if submit:
            data["submit"] = "1"
        with self.client.post(f"/forms/{form}/", data=data, name=name, allow_redirects=False,
                              catch_response=True) as resp:
            if resp.status_code != 302:  # a save or submit that worked redirects
                resp.failure(f"{name}: {resp.status_code}")

    @task
    def work_on_a_form(self) -> None:
        if not self.forms:  # all of this person's forms are in: the next person logs in
            self._next_rater()
            return
        self.saves += 1
        submit = self.saves % SAVES_PER_FORM == 0  # drafts, then the submit
        self._post(self.forms[0], submit=submit,
                   name="form submit" if submit else "form save (draft)")
        if submit:
            self.forms.pop(0)


class HROfficer(HttpUser):
    """HR watching the round's progress (two officers, a page every 2-5 s)."""

    fixed_count = 2
    wait_time = between(2.0, 5.0)

    def on_start(self) -> None:
        _login(self, PLAN["hr"])

    @task
    def dashboard(self) -> None:
        self.client.get(f"/rounds/{PLAN['round']}/", name="dashboard")


# Users started per second during a step: each logs in once (PBKDF2, CPU-heavy).
STEP_SPAWN_RATE = 2
SAVE = "form save (draft)"


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank, as locust reports them."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


if os.environ.get("LOADTEST_STEPS"):
    _START, _STEP, _SECONDS, _LIMIT_MS, _MAX, _SETTLE = (
        int(x) for x in os.environ["LOADTEST_STEPS"].split(","))
    _window: dict = {"since": None, "samples": []}

    @events.request.add_listener
    def _timed(name, response_time, exception, **_kwargs):
        since = _window["since"]
        if since is not None and time.monotonic() >= since:
            _window["samples"].append((name, response_time, exception is not None))

    class StepShape(LoadTestShape):
        """Steps of users, each measured once all of its users are in."""

        def __init__(self):
            super().__init__()
            self.users, self.steps, self.measure_from = _START, [], None

        def _close_step(self, seconds: float) -> dict:
            samples, by_name = _window["samples"], {}
            for name, ms, failed in samples:
                by_name.setdefault(name, []).append((ms, failed))
            step = {"users": self.users, "seconds": round(seconds, 1),
                    "requests": len(samples), "rps": round(len(samples) / seconds, 1),
                    "failures": sum(1 for *_x, failed in samples if failed)}
            for name, rows in by_name.items():
                times = [ms for ms, _failed in rows]
                step[name] = {"n": len(rows), "p50_ms": round(_percentile(times, 0.5)),
                              "p95_ms": round(_percentile(times, 0.95))}
            return step

        def tick(self):
            now = time.monotonic()
            if self.measure_from is None:
                if self.runner.user_count < self.users:  # still logging in
                    return self.users, STEP_SPAWN_RATE
                self.measure_from = _window["since"] = now + _SETTLE
                _window["samples"] = []
            elif now - self.measure_from >= _SECONDS:
                step = self._close_step(now - self.measure_from)
                self.steps.append(step)
                over = step.get(SAVE, {}).get("p95_ms", 0) > _LIMIT_MS
                if over or self.users + _STEP > _MAX:
                    Path(os.environ["LOADTEST_STEPS_OUT"]).write_text(
                        json.dumps(self.steps), encoding="utf-8")
                    return None
                self.users += _STEP
                self.measure_from = _window["since"] = None
            return self.users, STEP_SPAWN_RATE
