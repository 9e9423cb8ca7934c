"""Development plans in the Django admin: listed and readable like the other
report models, but never edited there (a change through the admin would skip
``reports.plans.services``: the agreement would stay while the plan changed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from competency.models import Indicator
from reports.models import DevelopmentPlan, DevelopmentPlanItem
from reports.plans.services import plan_agree, plan_item_add
from reports.services import round_snapshots_update
from tests.factories import UserFactory
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed_plan():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    item = plan_item_add(
        participant=r.ratee, by=r.ratee.employee.user,
        indicator=Indicator.objects.get(level__competency=r.team.competency, level__number=2,
                                        order=1),
        kind=DevelopmentPlanItem.Kind.TRAINING, detail="หลักสูตรการบริการที่เป็นเลิศ",
        starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30))
    plan_agree(participant=r.ratee, by=r.ratee.supervisor.user)
    return item


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_plans_and_items_are_listed_and_readable(admin_client, agreed_plan):
    plan = agreed_plan.plan
    for url in (reverse("admin:reports_developmentplan_changelist"),
                reverse("admin:reports_developmentplan_change", args=[plan.pk]),
                reverse("admin:reports_developmentplanitem_changelist"),
                reverse("admin:reports_developmentplanitem_change", args=[agreed_plan.pk])):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(reverse("admin:reports_developmentplan_change", args=[plan.pk]))
    assert "หลักสูตรการบริการที่เป็นเลิศ" in page.content.decode()  # the items, inline


def test_plans_are_not_edited_in_the_admin(admin_client, agreed_plan):
    plan = agreed_plan.plan
    assert admin_client.get(reverse("admin:reports_developmentplan_add")).status_code == 403
    assert admin_client.get(reverse("admin:reports_developmentplanitem_add")).status_code == 403
    change = reverse("admin:reports_developmentplanitem_change", args=[agreed_plan.pk])
    assert admin_client.post(change, {"kind": "other", "detail": "x", "status": "done",
                                      "starts_on": "2026-04-01", "ends_on": "2026-04-01",
                                      "plan": plan.pk,
                                      "indicator": agreed_plan.indicator_id}).status_code == 403
    delete = reverse("admin:reports_developmentplanitem_delete", args=[agreed_plan.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    agreed_plan.refresh_from_db()
    assert (agreed_plan.kind, agreed_plan.status) == ("training", "planned")
    assert DevelopmentPlan.objects.get(pk=plan.pk).is_agreed
