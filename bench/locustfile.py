"""Locust users for the load test (driven by bench/loadtest_bench.py).

Raters log in, open one of their open forms, save drafts and now and then
submit it; HR officers open the round dashboard. The plan (log-ins, forms,
indicator and competency ids) comes from the JSON file named by
``LOADTEST_PLAN``, written by the driver from the demo database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOADTEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_raters = itertools.cycle(PLAN["raters"])


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

    weight = 9
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        rater = next(_raters)  # a distinct person per simulated user while they last
        self.forms = list(rater["forms"])
        self.saves = 0
        _login(self, rater["username"])

    def _post(self, form: int, *, submit: bool, name: str):
        page = self.client.get(f"/forms/{form}/", name="form page")
        token = CSRF.search(page.text)
        if token is None:  # already submitted by an earlier run: take the next form
            return None
        data = {f"ind_{pk}": str(random.randint(0, 3)) for pk in PLAN["indicators"]}  # noqa: S311
        data.update({f"comment_{pk}": "" for pk in PLAN["competencies"]})
        data["csrfmiddlewaretoken"] = token.group(1)
        if submit:
            data["submit"] = "1"
        with self.client.post(f"/forms/{form}/", data=data, name=name, allow_redirects=False,
                              catch_response=True) as resp:
            if resp.status_code != 302:  # a save or submit that worked redirects
                resp.failure(f"{name}: {resp.status_code}")
        return resp

    @task
    def work_on_a_form(self) -> None:
        if not self.forms:
            self.client.get("/forms/", name="my forms")
            return
        form = self.forms[0]
        self.saves += 1
        submit = self.saves % 4 == 0  # three drafts, then the submit
        if self._post(form, submit=submit, name="form submit" if submit else "form save (draft)") \
                is None or submit:
            self.forms.pop(0)


class HROfficer(HttpUser):
    """HR watching the round's progress."""

    weight = 1
    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        _login(self, PLAN["hr"])

    @task
    def dashboard(self) -> None:
        self.client.get(f"/rounds/{PLAN['round']}/", name="dashboard")
