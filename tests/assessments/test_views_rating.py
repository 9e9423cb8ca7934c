"""The rater's pages through the test client: my forms and the rating form."""

import pytest
from django.urls import reverse

from assessments.models import Assignment, AssignmentComment, Rating
from assessments.services import assignment_save, round_close
from assessments.services.ratings import round_indicator_ids
from competency.templatetags.thai import person_name
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def self_form(team, n=0):
    return Assignment.objects.get(rater=team.staff[n], group="self")


def client_for(client, employee):
    client.force_login(employee.user)
    return client


def full_post(ids, value="2", **extra):
    return {f"ind_{i}": value for i in ids} | extra


def test_my_forms_lists_whom_i_rate_with_relation_status_and_be_deadline(client):
    team = make_team(size=2)
    client_for(client, team.boss)
    response = client.get(reverse("assessments:my_forms"))
    body = response.content.decode()
    assert response.status_code == 200
    assert person_name(team.staff[0].full_name) in body
    assert "ผู้บังคับบัญชา" in body and "ยังไม่เริ่ม" in body
    be_year = str(team.rnd.deadline.year + 543)
    assert be_year in body


def test_my_forms_paginates(client):
    team = make_team(size=25)
    client_for(client, team.boss)
    page1 = client.get(reverse("assessments:my_forms")).content.decode()
    assert "หน้า 1 จาก 2" in page1
    page2 = client.get(reverse("assessments:my_forms"), {"page": 2})
    assert page2.status_code == 200


def test_form_page_shows_definition_levels_scale_and_progress(client):
    team = make_team(size=1)
    form = self_form(team)
    client_for(client, team.staff[0])
    body = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    assert team.competency.definition_th[:20] in body
    assert "ระดับที่ 1" in body and "ระดับที่ 5" in body
    assert "แสดงสม่ำเสมอ" in body and "ไม่มีข้อมูลเพียงพอ" in body
    assert "บันทึกร่าง" in body and "ส่งแบบประเมิน" in body
    assert 'id="answered-count">0<' in body and "/ 14" in body


def test_draft_keeps_partial_answers_and_comment(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate", args=[form.pk])
    data = {f"ind_{ids[0]}": "3", f"ind_{ids[1]}": "nb",
            f"comment_{team.competency.pk}": "บริการดี", "draft": "1"}
    response = client.post(url, data)
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == "draft"
    assert dict(form.ratings.values_list("indicator_id", "value")) == {ids[0]: 3, ids[1]: None}
    assert AssignmentComment.objects.get(assignment=form).text == "บริการดี"
    body = client.get(url).content.decode()
    assert 'id="answered-count">2<' in body
    assert "บริการดี" in body


def test_incomplete_submit_names_and_marks_missing_items_and_keeps_the_answers(client):
    """Before: "ยังตอบไม่ครบ 1 ข้อ" named no item, the error style was never
    applied, and the answers of that attempt were lost on reload."""
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate", args=[form.pk])
    data = full_post(ids[:-1], submit="1") | {f"comment_{team.competency.pk}": "ดี"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "ยังตอบไม่ครบ 1 ข้อ: ข้อ 5.3" in body
    assert body.count("has-error") == 1 and f'id="item-{ids[-1]}"' in body
    assert body.count('aria-invalid="true"') == 5  # the five answers of the missing item
    assert 'id="answered-count">13<' in body  # what the user entered is still on the page
    form.refresh_from_db()
    assert form.status == "draft"  # ... and kept: a reload brings it back
    assert Rating.objects.filter(assignment=form).count() == 13
    reloaded = client.get(url).content.decode()
    assert 'id="answered-count">13<' in reloaded and ">ดี</textarea>" in reloaded


def test_autosave_saves_a_draft_and_answers_json(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate_autosave", args=[form.pk])
    response = client.post(url, {f"ind_{ids[0]}": "3", f"ind_{ids[1]}": "nb",
                                 f"comment_{team.competency.pk}": "บันทึกระหว่างพิมพ์"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["ok"] is True and payload["answered"] == 2
    form.refresh_from_db()
    assert payload["version"] == form.updated_at.isoformat()
    assert form.status == "draft"
    assert dict(form.ratings.values_list("indicator_id", "value")) == {ids[0]: 3, ids[1]: None}
    page = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    assert f'data-version="{payload["version"]}"' in page


def test_autosave_refuses_bad_values_and_a_submitted_form_in_json(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate_autosave", args=[form.pk])
    bad = client.post(url, {f"ind_{ids[0]}": "7"})
    assert bad.status_code == 400 and "0 ถึง 3" in bad.json()["errors"][0]
    assert not Rating.objects.filter(assignment=form).exists()
    assignment_save(assignment=form, rater=team.staff[0], answers=dict.fromkeys(ids, 2),
                    submit=True)
    late = client.post(url, {f"ind_{ids[0]}": "0"})
    assert late.status_code == 409 and late.json()["ok"] is False
    assert set(Rating.objects.filter(assignment=form).values_list("value", flat=True)) == {2}


def test_autosave_of_someone_elses_form_is_404(client):
    team = make_team(size=2)
    client_for(client, team.staff[1])
    url = reverse("assessments:rate_autosave", args=[self_form(team).pk])
    assert client.post(url, {}).status_code == 404


def test_rating_pages_say_what_the_rater_rates_as_in_official_wording(client):
    """Before: "ความสัมพันธ์: ผู้ใต้บังคับบัญชา" beside the rater's own boss, and
    "ขอบคุณครับ/ค่ะ" after submitting."""
    team = make_team(size=1)
    boss_form = Assignment.objects.get(rater=team.staff[0], group="subordinate")
    client_for(client, team.staff[0])
    listing = client.get(reverse("assessments:my_forms")).content.decode()
    assert "ท่านประเมินในฐานะ: ผู้ใต้บังคับบัญชา" in listing
    assert "ความสัมพันธ์" not in listing
    page = client.get(reverse("assessments:rate", args=[boss_form.pk])).content.decode()
    assert "ท่านประเมินในฐานะ: ผู้ใต้บังคับบัญชา" in page
    ids = round_indicator_ids(rnd=team.rnd)
    done = client.post(reverse("assessments:rate", args=[boss_form.pk]),
                       full_post(ids, submit="1"), follow=True).content.decode()
    assert "ส่งแบบประเมินเรียบร้อยแล้ว" in done
    assert "ครับ" not in done and "ค่ะ" not in done


def test_submit_then_read_only_and_second_submit_refused(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate", args=[form.pk])
    response = client.post(url, full_post(ids, submit="1"))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:my_forms")
    form.refresh_from_db()
    assert form.status == "submitted"
    body = client.get(url).content.decode()
    assert "ส่งแบบประเมินแล้ว" in body and "disabled" in body
    assert 'name="submit"' not in body
    again = client.post(url, full_post(ids, value="0", submit="1"))
    assert "ส่งแล้ว แก้ไขไม่ได้" in again.content.decode()
    assert set(Rating.objects.filter(assignment=form).values_list("value", flat=True)) == {2}


@pytest.mark.parametrize("bad", [
    {"ind_99999999": "2"},
    {"value": "4"},
    {"value": "-1"},
    {"value": "two"},
    {"comment_99999999": "x"},
])
def test_tampered_post_changes_nothing(client, bad):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[0])
    data = full_post(ids, draft="1")
    if "value" in bad:
        data[f"ind_{ids[0]}"] = bad["value"]
    else:
        data |= bad
    response = client.post(reverse("assessments:rate", args=[form.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "โปรดโหลดหน้าใหม่" in body or "ค่าคะแนนต้องเป็น 0 ถึง 3" in body
    assert not Rating.objects.filter(assignment=form).exists()
    form.refresh_from_db()
    assert form.status == "pending"


def test_someone_elses_form_is_404_and_unchanged(client):
    team = make_team(size=2)
    form = self_form(team, 0)
    ids = round_indicator_ids(rnd=team.rnd)
    client_for(client, team.staff[1])
    url = reverse("assessments:rate", args=[form.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, full_post(ids, submit="1")).status_code == 404
    assert not Rating.objects.filter(assignment=form).exists()


def test_closed_round_refuses_with_message(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    round_close(rnd=team.rnd)
    client_for(client, team.staff[0])
    url = reverse("assessments:rate", args=[form.pk])
    assert "แก้ไขไม่ได้" in client.get(url).content.decode()
    response = client.post(url, full_post(ids, submit="1"))
    assert "รอบการประเมินปิดแล้ว" in response.content.decode()
    assert not Rating.objects.filter(assignment=form).exists()


def test_removed_form_is_404(client):
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.boss, participant__employee=team.staff[0])
    form.status = Assignment.Status.REMOVED
    form.save()
    client_for(client, team.boss)
    assert client.get(reverse("assessments:rate", args=[form.pk])).status_code == 404


def test_submitted_form_shows_stored_answers(client):
    team = make_team(size=1)
    form = self_form(team)
    ids = round_indicator_ids(rnd=team.rnd)
    assignment_save(assignment=form, rater=team.staff[0], answers=dict.fromkeys(ids, 3),
        submit=True)
    client_for(client, team.staff[0])
    body = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    assert f'id="answered-count">{len(ids)}<' in body
