"""Access-matrix rows for the development plan pages (the world's round is released).

The person and their frozen supervisor fill the plan in; only the supervisor
agrees; HR of the agency reads the summary by unit. Everyone else: 404.
"""

import datetime as dt

from competency.models import Indicator
from reports.plans.services import plan_item_add
from tests.access.matrix import Row, logged_in

EDITORS = ("employee", "supervisor")


def _only(status: int, *roles: str) -> dict[str, int]:
    return logged_in(404) | dict.fromkeys(roles, status)


def _indicator(world) -> Indicator:
    return Indicator.objects.filter(
        level__competency__in=world.rnd.competencies.all()).order_by("pk").first()


def _person(world):
    return {"participant_pk": world.participant.pk}


def _item(world):
    if "plan_item" not in world.extra:
        world.extra["plan_item"] = plan_item_add(
            participant=world.participant, by=world.users["employee"],
            indicator=_indicator(world), kind="training", starts_on=dt.date(2026, 4, 1),
            ends_on=dt.date(2026, 6, 30))
    return {"participant_pk": world.participant.pk, "item_pk": world.extra["plan_item"].pk}


def _item_data(world):
    return {"indicator": _indicator(world).pk, "kind": "coaching", "detail": "",
            "starts_on": "01/04/2569", "ends_on": "30/06/2569", "status": "in_progress"}


def _round(world):
    return {"round_pk": world.rnd.pk}


ROWS = {
    "reports:participant_plan": Row(get=_only(200, *EDITORS), post=logged_in(405),
                                    kwargs=_person),
    "reports:participant_plan_add": Row(get=logged_in(405), post=_only(302, *EDITORS),
                                        kwargs=_person, post_data=_item_data),
    # Nothing to agree to in the world: the supervisor is sent back with a message.
    "reports:participant_plan_agree": Row(get=logged_in(405), post=_only(302, "supervisor"),
                                          kwargs=_person),
    "reports:participant_plan_item": Row(get=_only(200, *EDITORS), post=_only(302, *EDITORS),
                                         kwargs=_item, post_data=_item_data),
    "reports:participant_plan_item_delete": Row(get=logged_in(405),
                                                post=_only(302, *EDITORS), kwargs=_item),
}

ROWS.update({
    "reports:round_plans": Row(get=_only(200, "hr"), post=logged_in(405), kwargs=_round),
    "reports:round_plans_export": Row(get=_only(200, "hr"), post=logged_in(405),
                                      kwargs=_round),
})
