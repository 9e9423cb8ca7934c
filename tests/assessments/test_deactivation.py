"""Deactivation means out, at once: sessions end, login is refused, open forms
as a rater are withdrawn, never offered as a rater; the same through an import
and through a direct save of ``Employee.is_active``. Reactivation restores the
login, not the forms."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from assessments.imports.employees import employees_apply
from assessments.imports.reading import read_sheet
from assessments.models import AccountEvent, Assignment, Employee, Participant
from assessments.selectors.people import round_lost_raters
from assessments.services import (
    assignment_nominate,
    assignment_save,
    employee_deactivate,
    employee_reactivate,
)
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def signed_in(employee) -> Client:
    """A real session through the login form (the backend a real user gets)."""
    client = Client()
    response = client.post(reverse("login"), {"username": employee.user.username,
                                              "password": PASSWORD})
    assert response.status_code == 302 and SESSION_KEY in client.session
    return client


def assert_sent_to_login(client: Client) -> None:
    response = client.get(reverse("assessments:my_forms"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client.session  # the session itself is gone
    assert "เข้าสู่ระบบ" in client.get(response["Location"]).content.decode()


def open_forms(employee):
    return Assignment.objects.filter(rater=employee, status__in=Assignment.OPEN_STATUSES)


def test_deactivation_ends_the_session_withdraws_open_forms_and_refuses_login():
    team = make_team(size=3)
    leaver = team.staff[0]
    ids = round_indicator_ids(rnd=team.rnd)
    own = Assignment.objects.get(rater=leaver, group="self")
    assignment_save(assignment=own, rater=leaver, answers=dict.fromkeys(ids, 2), submit=True)
    draft = Assignment.objects.get(rater=leaver, group="subordinate")
    assignment_save(assignment=draft, rater=leaver, answers={ids[0]: 1})
    peer_of = Participant.objects.get(round=team.rnd, employee=team.staff[1])
    proposed = assignment_nominate(participant=peer_of, rater=leaver, group="peer",
                                   by=team.staff[1].user)
    client = signed_in(leaver)
    assert client.get(reverse("assessments:my_forms")).status_code == 200

    change = employee_deactivate(employee=leaver, by=team.hr, reason="โอนย้ายไปกรมอื่น")

    assert_sent_to_login(client)
    assert not open_forms(leaver).exists()
    statuses = dict(Assignment.objects.filter(rater=leaver).values_list("pk", "status"))
    assert statuses[draft.pk] == statuses[proposed.pk] == "withdrawn"
    assert statuses[own.pk] == "submitted"  # what was sent stays
    assert change.forms_withdrawn == 2
    assert (change.event.kind, change.event.by, change.event.note) == (
        "deactivated", team.hr, "โอนย้ายไปกรมอื่น")
    # The model history (audit trail "forms") records who withdrew them.
    assert Assignment.history.filter(id=draft.pk, status="withdrawn",
                                     history_user=team.hr).exists()
    # Login is refused with the ordinary message.
    response = Client().post(reverse("login"), {"username": leaver.user.username,
                                                "password": PASSWORD})
    assert response.status_code == 200 and SESSION_KEY not in response.wsgi_request.session
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_a_direct_save_of_is_active_signs_out_too():
    """The admin or a shell switching the flag has the same request-time effect."""
    team = make_team(size=2)
    client = signed_in(team.staff[0])
    Employee.objects.filter(pk=team.staff[0].pk).update(is_active=False)
    assert_sent_to_login(client)
    # Reactivated, the old session does not come back: it was deleted.
    Employee.objects.filter(pk=team.staff[0].pk).update(is_active=True)
    assert SESSION_KEY not in client.session
    assert client.get(reverse("assessments:my_forms")).status_code == 302


def test_reactivation_restores_the_login_not_the_forms():
    team = make_team(size=2)
    leaver = team.staff[0]
    employee_deactivate(employee=leaver, by=team.hr, reason="ลาออก")
    withdrawn = set(Assignment.objects.filter(rater=leaver).values_list("pk", flat=True))
    change = employee_reactivate(employee=leaver, by=team.hr, reason="กลับเข้ารับราชการ")
    assert change.event.kind == "reactivated"
    client = signed_in(leaver)
    assert client.get(reverse("assessments:my_forms")).status_code == 200
    assert set(Assignment.objects.filter(rater=leaver, status="withdrawn")
               .values_list("pk", flat=True)) == withdrawn
    assert list(AccountEvent.objects.filter(employee=leaver)
                .values_list("kind", flat=True)) == ["reactivated", "deactivated"]


def test_never_offered_as_a_rater():
    team = make_team(size=3)
    leaver = team.staff[2]
    employee_deactivate(employee=leaver, by=team.hr, reason="เกษียณอายุราชการ")
    participant = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    client = Client()
    client.force_login(team.staff[0].user)
    url = reverse("assessments:nominate", kwargs={"pk": participant.pk})
    body = client.get(url, {"q": leaver.employee_number}).content.decode()
    assert leaver.full_name not in body
    response = client.post(reverse("assessments:nominate_add", kwargs={"pk": participant.pk}),
                           {"rater": leaver.pk, "group": "peer"}, follow=True)
    assert "ไม่พบผู้ประเมินรายนี้ในส่วนราชการ" in response.content.decode()
    # HR's add-rater and swap forms look the person up by number: refused alike.
    hr = Client()
    hr.force_login(team.hr)
    response = hr.post(reverse("hr:assignment_add", kwargs={"pk": participant.pk}),
                       {"employee_number": leaver.employee_number, "group": "peer"}, follow=True)
    assert "ไม่พบผู้ประเมินรายนี้ในส่วนราชการ" in response.content.decode()
    sup_form = Assignment.objects.get(participant=participant, group="supervisor")
    response = hr.post(reverse("hr:assignment_swap", kwargs={"pk": sup_form.pk}),
                       {"employee_number": leaver.employee_number, "reason": "x"}, follow=True)
    assert "ไม่พบผู้ประเมินรายนี้ในส่วนราชการ" in response.content.decode()
    assert not Assignment.objects.filter(rater=leaver, status__in=Assignment.ACTIVE_STATUSES
                                         ).exclude(group="self").exists()


HEADER = ["เลขประจำตัว", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทตำแหน่ง", "ระดับตำแหน่ง",
          "หน่วยงาน", "ผู้บังคับบัญชา", "สถานะ"]


def _row(emp, status):
    boss = emp.supervisor.employee_number if emp.supervisor else ""
    return [emp.employee_number, emp.first_name, emp.last_name, emp.position_name,
            emp.position_type, emp.position_level, emp.unit.code, boss, status]


def _import(agency, rows, by):
    data = "\r\n".join(",".join(r) for r in [HEADER, *rows]).encode()
    sheet = read_sheet(data=data, filename="staff.csv", kind="employees")
    return employees_apply(agency=agency, rows=sheet.rows, by=by)


def test_an_import_marking_left_does_the_same():
    team = make_team(size=3)
    leaver, stays = team.staff[0], team.staff[1]
    client = signed_in(leaver)
    plan = _import(team.agency, [_row(leaver, "พ้นจากส่วนราชการ"), _row(stays, "")], team.hr)
    assert leaver.employee_number in [item["key"] for item in plan.update]
    assert_sent_to_login(client)
    assert not open_forms(leaver).exists()
    assert open_forms(stays).exists()
    event = AccountEvent.objects.get(employee=leaver, kind="deactivated")
    assert (event.by, event.note) == (team.hr, "นำเข้าข้อมูลบุคลากรจากไฟล์")
    # The same file again changes nothing; a row without "left" brings them back.
    _import(team.agency, [_row(leaver, "ลาออก")], team.hr)
    assert AccountEvent.objects.filter(employee=leaver, kind="deactivated").count() == 1
    _import(team.agency, [_row(leaver, "ปฏิบัติงาน")], team.hr)
    assert Employee.objects.get(pk=leaver.pk).is_active
    assert not open_forms(leaver).exists()


def test_an_unknown_status_value_is_a_row_error():
    from assessments.imports.employees import employees_plan

    team = make_team(size=1)
    data = "\r\n".join(",".join(r) for r in [HEADER, _row(team.staff[0], "ไปเที่ยว")]).encode()
    sheet = read_sheet(data=data, filename="staff.csv", kind="employees")
    plan = employees_plan(agency=team.agency, rows=sheet.rows)
    assert "ไม่รู้จักสถานะ “ไปเที่ยว”" in plan.errors[0]["message"]


def test_hr_sees_which_ratees_lost_a_rater_and_short_groups():
    team = make_team(size=3)  # the director has 3 subordinates: the minimum
    employee_deactivate(employee=team.staff[0], by=team.hr, reason="ลาออก")
    rows = {(r.participant.employee_id, r.group): r for r in round_lost_raters(rnd=team.rnd)}
    lost = rows[(team.boss.pk, "subordinate")]
    assert lost.withdrawn == [team.staff[0]] and lost.remaining == 2 and lost.short
    assert (team.staff[0].pk, "self") in rows
    client = Client()
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", kwargs={"pk": team.rnd.pk})).content.decode()
    assert 'id="lost-raters"' in body and "2/3" in body and "ต่ำกว่าขั้นต่ำ" in body
    body = client.get(reverse("hr:person", kwargs={"employee_id": team.staff[0].pk})).content
    assert team.boss.full_name in body.decode()


def test_hr_deactivates_and_reactivates_from_the_person_page():
    team = make_team(size=2)
    person = team.staff[0]
    client = Client()
    client.force_login(team.hr)
    url = reverse("hr:person_deactivate", kwargs={"employee_id": person.pk})
    response = client.post(url, {"reason": "ลาออก"}, follow=True)  # no confirmation tick
    assert "โปรดทำเครื่องหมายยืนยัน" in response.content.decode()
    assert Employee.objects.get(pk=person.pk).is_active
    response = client.post(url, {"reason": "ลาออก", "confirm": "1"}, follow=True)
    assert "ระงับการใช้งาน" in response.content.decode()
    assert not Employee.objects.get(pk=person.pk).is_active
    response = client.post(url, {"reason": "ลาออก", "confirm": "1"}, follow=True)
    assert "พ้นจากส่วนราชการอยู่แล้ว" in response.content.decode()
    back = reverse("hr:person_reactivate", kwargs={"employee_id": person.pk})
    client.post(back, {"reason": "กลับมา", "confirm": "1"})
    assert Employee.objects.get(pk=person.pk).is_active
    audit = client.get(reverse("audit"), {"kind": "accounts"}).content.decode()
    assert "ลาออก" in audit and "กลับมา" in audit


@pytest.mark.parametrize("reason", ["x" * 10_000, "ลา\x00ออก", "   "])
def test_a_hostile_reason_is_a_form_error(reason):
    team = make_team(size=1)
    client = Client()
    client.force_login(team.hr)
    response = client.post(
        reverse("hr:person_deactivate", kwargs={"employee_id": team.staff[0].pk}),
        {"reason": reason, "confirm": "1"}, follow=True,
    )
    assert response.status_code == 200 and 'alert-danger' in response.content.decode()
    assert Employee.objects.get(pk=team.staff[0].pk).is_active


def test_hr_cannot_switch_off_their_own_account():
    team = make_team(size=1)
    team.staff[0].user.hr_roles.create(agency=team.agency)
    client = Client()
    client.force_login(team.staff[0].user)
    client.post(reverse("hr:person_deactivate", kwargs={"employee_id": team.staff[0].pk}),
                {"reason": "ทดสอบ", "confirm": "1"})
    assert Employee.objects.get(pk=team.staff[0].pk).is_active
