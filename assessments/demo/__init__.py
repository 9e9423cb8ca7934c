"""A realistic, deterministic Thai demo department for ``manage.py seed_demo``.

Everything random comes from one ``random.Random(seed)`` consumed in a fixed
order, so a seed always gives the same people, forms and answers. Rows go in
with ``bulk_create`` in large batches (10,000 people is about 120,000 forms and
a million ratings); rounds are created, opened, closed and released through
the services, like HR would.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from competency.choices import RaterGroup

from ..models import (
    Agency,
    Assignment,
    Employee,
    FormComment,
    HrOfficer,
    OrgUnit,
    Rating,
    Round,
)
from ..selectors import round_competencies
from ..services import round_close, round_create, round_open, round_release
from .vocab import (  # noqa: F401 - re-exported for callers of assessments.demo
    BUREAUS,
    COMMENTS_FAIR,
    COMMENTS_GOOD,
    COMMENTS_IMPROVE,
    FEMALE_NAMES,
    GENERAL_LINES,
    GROUPS,
    KNOWLEDGE_LINES,
    LAST_NAMES,
    LEVEL_SUFFIX,
    MALE_NAMES,
    PROVINCES,
    REJECT_REASONS,
    STAFF_MIX,
)

AGENCY_CODE = "demo"
AGENCY_NAME = "กรมตัวอย่าง"
HR_USERNAME = "hr"
DEMO_PASSWORD = "sathit-2569"  # noqa: S105 (สาธิต) printed at the end, shared by all log-ins
MIN_EMPLOYEES = 20
BATCH = 5000
RATING_BATCH = 20000

Status = Assignment.Status

# --- vocabulary (space-separated to keep the lists short) -------------------



def bureau_name(n: int) -> str:
    if n < len(BUREAUS):
        return BUREAUS[n]
    n -= len(BUREAUS)
    if n < len(PROVINCES):
        return f"สำนักงาน{AGENCY_NAME}จังหวัด{PROVINCES[n]}"
    return f"สำนักงานเขตที่ {n - len(PROVINCES) + 1}"


def group_name(n: int, bureau: str) -> str:
    base = f"กลุ่มงาน{GROUPS[n % len(GROUPS)]}"
    return base if n < len(GROUPS) else f"{base} {n // len(GROUPS) + 1}"


@dataclass
class Person:
    number: str
    title: str
    first_name: str
    last_name: str
    position_name: str
    position_type: str
    position_level: str
    unit: OrgUnit
    boss: Person | None = None
    obj: Employee | None = None
    ability: float = 0.0  # latent "true level" used to draw ratings
    leniency: float = 0.0


@dataclass
class DemoLogins:
    hr: str
    supervisor: str
    employee: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoResult:
    created: bool
    logins: DemoLogins
    counts: dict[str, int] = field(default_factory=dict)


# --- rounds in time ---------------------------------------------------------


def fiscal_half(day: dt.date) -> tuple[int, int]:
    """(fiscal year BE, half) of a date: the year starts on 1 October."""
    year = day.year + 1 if day.month >= 10 else day.year
    return year + 543, 1 if day.month >= 10 or day.month <= 3 else 2


def previous_half(fiscal_year: int, half: int) -> tuple[int, int]:
    return (fiscal_year, 1) if half == 2 else (fiscal_year - 1, 2)


def half_end(fiscal_year: int, half: int) -> dt.date:
    ce = fiscal_year - 543
    return dt.date(ce, 3, 31) if half == 1 else dt.date(ce, 9, 30)


# --- organisation -----------------------------------------------------------


def _name(rng: random.Random) -> tuple[str, str, str]:
    if rng.random() < 0.45:
        title, first = "นาย", rng.choice(MALE_NAMES)
    else:
        title = "นาง" if rng.random() < 0.55 else "นางสาว"
        first = rng.choice(FEMALE_NAMES)
    return title, first, rng.choice(LAST_NAMES)


def _staff_positions(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Positions of the rank and file: every level at least once, then by weight."""
    rare_first = [
        ("knowledge", "practitioner"), ("general", "operational"), ("knowledge", "professional"),
        ("general", "experienced"), ("general", "senior"), ("knowledge", "senior_professional"),
        ("general", "skilled"),
    ]
    kinds, weights = zip(*STAFF_MIX, strict=True)
    out = rare_first[:count]
    out += rng.choices(kinds, weights=weights, k=max(0, count - len(out)))
    return out


def _position_name(ptype: str, level: str, rng: random.Random) -> str:
    line = rng.choice(KNOWLEDGE_LINES if ptype == "knowledge" else GENERAL_LINES)
    return line + LEVEL_SUFFIX[level]


def plan_people(*, agency: Agency, employees: int, rng: random.Random):
    """Units (saved) and people (not yet saved), bosses first."""
    n_bureaus = max(2, round(employees / 50))
    n_groups = max(2 * n_bureaus, round(employees / 9))
    n_deputies = max(1, n_bureaus // 6)
    n_experts = max(1, employees // 400)
    n_advisors = max(1, employees // 1000)

    root = OrgUnit.objects.create(
        agency=agency, code="D00", name_th=AGENCY_NAME, kind=OrgUnit.Kind.DEPARTMENT
    )
    bureaus = OrgUnit.objects.bulk_create([
        OrgUnit(agency=agency, parent=root, code=f"B{b + 1:03d}",
                name_th=bureau_name(b), kind=OrgUnit.Kind.BUREAU)
        for b in range(n_bureaus)
    ])
    groups = OrgUnit.objects.bulk_create([
        OrgUnit(agency=agency, parent=bureaus[g % n_bureaus], code=f"G{g + 1:04d}",
                name_th=group_name(g // n_bureaus, bureaus[g % n_bureaus].name_th),
                kind=OrgUnit.Kind.GROUP)
        for g in range(n_groups)
    ], batch_size=BATCH)

    people: list[Person] = []

    def add(ptype, level, position_name, unit, boss):
        title, first, last = _name(rng)
        person = Person(
            number=f"{len(people) + 1 + 100000:06d}", title=title, first_name=first,
            last_name=last, position_name=position_name, position_type=ptype,
            position_level=level, unit=unit, boss=boss,
        )
        people.append(person)
        return person

    chief = add("executive", "high", f"อธิบดี{AGENCY_NAME}", root, None)
    deputies = [add("executive", "primary", f"รองอธิบดี{AGENCY_NAME}", root, chief)
                for _ in range(n_deputies)]
    for _ in range(n_experts):
        add("knowledge", "expert", _position_name("knowledge", "expert", rng), root, chief)
    for _ in range(n_advisors):
        add("knowledge", "advisory", _position_name("knowledge", "advisory", rng), root, chief)
    heads = {}
    for b, unit in enumerate(bureaus):
        # สำนัก in the centre: a high director; กอง and provincial offices: primary.
        high = b < len(BUREAUS) and unit.name_th.startswith("สำนัก")
        heads[unit.pk] = add("director", "high" if high else "primary",
                             f"ผู้อำนวยการ{unit.name_th}", unit, deputies[b % n_deputies])
    leads = [
        add("knowledge", "senior_professional",
            _position_name("knowledge", "senior_professional", rng), unit,
            heads[unit.parent_id])
        for unit in groups
    ]
    rest = employees - len(people)
    for n, (ptype, level) in enumerate(_staff_positions(rest, rng)):
        add(ptype, level, _position_name(ptype, level, rng), groups[n % n_groups],
            leads[n % n_groups])
    return people


def create_people(*, agency: Agency, people: list[Person], password_hash: str) -> None:
    """Users and employees in bulk; bosses come first so each tier can point up."""
    User = get_user_model()
    users = User.objects.bulk_create([
        User(username=p.number, password=password_hash, first_name=p.first_name,
             last_name=p.last_name, email=f"{p.number}@demo.example.com")
        for p in people
    ], batch_size=BATCH)
    depth = {}
    for p in people:  # bosses precede their staff in ``people``
        depth[id(p)] = 0 if p.boss is None else depth[id(p.boss)] + 1
    tiers = defaultdict(list)
    for p, user in zip(people, users, strict=True):
        p.obj = Employee(
            agency=agency, unit=p.unit, employee_number=p.number, title=p.title,
            first_name=p.first_name, last_name=p.last_name, email=user.email,
            position_name=p.position_name, position_type=p.position_type,
            position_level=p.position_level, user=user,
        )
        tiers[depth[id(p)]].append(p)
    for tier in sorted(tiers):
        for p in tiers[tier]:
            p.obj.supervisor = p.boss.obj if p.boss else None
        Employee.objects.bulk_create([p.obj for p in tiers[tier]], batch_size=BATCH)


# --- forms and answers ------------------------------------------------------

NULL_RATE = {"self": 0.01, "supervisor": 0.03, "peer": 0.07, "subordinate": 0.09}
GROUP_BIAS = {"self": 0.35, "supervisor": 0.0, "peer": 0.1, "subordinate": 0.2}
GROUP_ORDER = {"self": 0, "supervisor": 1, "peer": 2, "subordinate": 3}


def _answer(rng: random.Random, *, ability: float, level: int, bias: float,
            null_rate: float) -> int | None:
    if rng.random() < null_rate + 0.02 * (level - 1):
        return None
    x = 0.4 + 2.6 / (1 + math.exp(-1.7 * (ability - level + 0.6))) + bias
    return min(3, max(0, round(x + rng.gauss(0, 0.45))))


def _comment(rng: random.Random, mean: float) -> str:
    pool = (COMMENTS_GOOD if mean >= 2.2 else
            COMMENTS_FAIR if mean >= 1.4 else COMMENTS_IMPROVE)
    return rng.choice(pool)


class FormFiller:
    """Draws answers for forms and writes them in batches."""

    def __init__(self, *, rnd: Round, people_by_id: dict[int, Person], rng: random.Random):
        self.rnd, self.people, self.rng = rnd, people_by_id, rng
        comps = round_competencies(rnd=rnd)
        self.levels = [
            (c.pk, [[i.pk for i in lv.indicators.all()] for lv in c.levels.all()])
            for c in comps
        ]
        self.ratings: list[Rating] = []
        self.comments: list[FormComment] = []

    def fill(self, *, form_id: int, participant: Person, rater: Person, group: str,
             partial: bool = False) -> None:
        rng = self.rng
        bias = GROUP_BIAS[group] + rater.leniency
        for comp_id, levels in self.levels:
            values = []
            for number, ids in enumerate(levels, 1):
                for ind in ids:
                    if partial and rng.random() < 0.5:
                        continue
                    v = _answer(rng, ability=participant.ability, level=number, bias=bias,
                                null_rate=NULL_RATE[group])
                    values.append(v)
                    self.ratings.append(Rating(assignment_id=form_id, indicator_id=ind, value=v))
            numeric = [v for v in values if v is not None]
            if not partial and numeric and rng.random() < 0.35:
                self.comments.append(FormComment(
                    assignment_id=form_id, competency_id=comp_id,
                    text=_comment(rng, sum(numeric) / len(numeric)),
                ))
        if len(self.ratings) >= RATING_BATCH:
            self.flush()

    def flush(self) -> None:
        Rating.objects.bulk_create(self.ratings, batch_size=RATING_BATCH)
        FormComment.objects.bulk_create(self.comments, batch_size=BATCH)
        self.ratings, self.comments = [], []


def _pick_peers(person: Person, siblings: list[Person], load: dict[int, int], cap: int,
                rng: random.Random) -> list[Person]:
    candidates = [s for s in siblings if s is not person and load[s.obj.pk] < cap]
    want = rng.choice((3, 4, 4, 5))
    return rng.sample(candidates, min(want, len(candidates)))


def add_peers(*, rnd: Round, people: list[Person], rng: random.Random, share: float,
              approved: float, rejected: float) -> None:
    """Peers nominated by the ratee among colleagues under the same supervisor."""
    load: dict[int, int] = defaultdict(int)
    for rater_id, n in _counts(rnd):
        load[rater_id] = n
    siblings = defaultdict(list)
    for p in people:
        siblings[id(p.boss)].append(p)
    participant_ids = dict(rnd.participants.values_list("employee_id", "id"))
    forms = []
    for p in people:
        if p.boss is None or rng.random() >= share:
            continue
        for peer in _pick_peers(p, siblings[id(p.boss)], load, rnd.rater_cap, rng):
            roll = rng.random()
            if roll < rejected:
                status, reason = Status.REJECTED, rng.choice(REJECT_REASONS)
            else:
                status = Status.PENDING if roll < approved else Status.PROPOSED
                reason = ""
                load[peer.obj.pk] += 1
            forms.append(Assignment(
                round=rnd, participant_id=participant_ids[p.obj.pk], rater=peer.obj,
                group=RaterGroup.PEER, status=status, nominated_by_id=p.obj.user_id,
                decision_reason=reason,
            ))
    Assignment.objects.bulk_create(forms, batch_size=BATCH)


def _counts(rnd: Round):
    return (
        Assignment.objects.filter(round=rnd).exclude(group=RaterGroup.SELF)
        .values_list("rater_id").annotate(n=Count("id")).order_by()
    )


def fill_round(*, rnd: Round, people: list[Person], rng: random.Random,
               submit: dict[str, float], draft: float, when: tuple[dt.datetime, dt.datetime]):
    """Answer the round's pending forms: some submitted, some drafts, the rest untouched."""
    by_id = {p.obj.pk: p for p in people}
    order = {p.obj.pk: n for n, p in enumerate(people)}
    forms = sorted(
        Assignment.objects.filter(round=rnd, status=Status.PENDING)
        .values_list("id", "participant__employee_id", "rater_id", "group"),
        key=lambda f: (order[f[1]], GROUP_ORDER[f[3]], order[f[2]]),
    )
    filler = FormFiller(rnd=rnd, people_by_id=by_id, rng=rng)
    submitted: dict[int, list[int]] = defaultdict(list)  # day offset -> form ids
    drafts = []
    span = max(1, (when[1] - when[0]).days)
    for form_id, ratee, rater, group in forms:
        roll = rng.random()
        if roll < submit[group]:
            filler.fill(form_id=form_id, participant=by_id[ratee], rater=by_id[rater],
                        group=group)
            submitted[rng.randrange(span)].append(form_id)
        elif roll < submit[group] + draft:
            filler.fill(form_id=form_id, participant=by_id[ratee], rater=by_id[rater],
                        group=group, partial=True)
            drafts.append(form_id)
    filler.flush()
    for day, ids in sorted(submitted.items()):
        at = when[0] + dt.timedelta(days=day, hours=9)
        for chunk in _chunks(ids, BATCH):
            Assignment.objects.filter(pk__in=chunk).update(status=Status.SUBMITTED,
                                                           submitted_at=at)
    for chunk in _chunks(drafts, BATCH):
        Assignment.objects.filter(pk__in=chunk).update(status=Status.DRAFT)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


# --- the whole department ---------------------------------------------------


def demo_logins(agency: Agency) -> DemoLogins:
    """HR, the first group head and the first member of staff (by employee number)."""
    in_groups = Employee.objects.filter(agency=agency, unit__kind=OrgUnit.Kind.GROUP)
    boss = in_groups.filter(subordinates__isnull=False).order_by("employee_number").first()
    staff = in_groups.filter(subordinates__isnull=True).order_by("employee_number").first()
    return DemoLogins(hr=HR_USERNAME, supervisor=boss.employee_number,
                      employee=staff.employee_number)


def demo_counts(agency: Agency) -> dict[str, int]:
    forms = Assignment.objects.filter(round__agency=agency)
    return {
        "units": agency.units.count(),
        "employees": agency.employees.count(),
        "rounds": agency.rounds.count(),
        "forms": forms.count(),
        "submitted": forms.filter(status=Status.SUBMITTED).count(),
        "ratings": Rating.objects.filter(assignment__round__agency=agency).count(),
        "comments": FormComment.objects.filter(assignment__round__agency=agency).count(),
    }


def demo_delete() -> bool:
    """Remove the demo agency, its rounds, people and their log-ins."""
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return False
    User = get_user_model()
    usernames = list(agency.employees.values_list("employee_number", flat=True))
    # No audit rows for deleting demo data; ratings go first in one statement each.
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        Rating.objects.filter(assignment__round__agency=agency).delete()
        FormComment.objects.filter(assignment__round__agency=agency).delete()
        for rnd in agency.rounds.all():
            rnd.delete()
        Employee.objects.filter(agency=agency).update(supervisor=None)
        Employee.objects.filter(agency=agency).delete()
        HrOfficer.objects.filter(agency=agency).delete()
        for kind in (OrgUnit.Kind.GROUP, OrgUnit.Kind.BUREAU, OrgUnit.Kind.DEPARTMENT):
            agency.units.filter(kind=kind).delete()
        agency.delete()
        for chunk in _chunks(usernames + [HR_USERNAME], BATCH):
            User.objects.filter(username__in=chunk).delete()
    return True


def _hr_officer(agency: Agency) -> None:
    User = get_user_model()
    hr, _ = User.objects.get_or_create(username=HR_USERNAME)
    hr.first_name, hr.last_name = "เจ้าหน้าที่", "บริหารทรัพยากรบุคคล"
    hr.set_password(DEMO_PASSWORD)
    hr.save()
    HrOfficer.objects.get_or_create(user=hr, agency=agency)


def _give_abilities(people: list[Person], rng: random.Random) -> None:
    from competency.selectors import expected_level_table

    table = expected_level_table()
    for p in people:
        expected = table.get((p.position_type, p.position_level, "core"), 2)
        p.ability = min(5.6, max(0.3, expected + rng.gauss(0.1, 0.75)))
        p.leniency = rng.gauss(0, 0.25)


def _round_name(fiscal_year: int, half: int) -> str:
    return f"ประเมินสมรรถนะ รอบที่ {half} ปีงบประมาณ {fiscal_year}"


def _released_round(*, agency: Agency, people: list[Person], rng: random.Random,
                    fiscal_year: int, half: int) -> Round:
    end = half_end(fiscal_year, half)
    rnd = round_create(
        agency=agency, name_th=_round_name(fiscal_year, half),
        slug=f"{AGENCY_CODE}-{fiscal_year}-{half}", fiscal_year=fiscal_year, half=half,
        deadline=end - dt.timedelta(days=10),
    )
    rnd = round_open(rnd=rnd)
    add_peers(rnd=rnd, people=people, rng=rng, share=0.95, approved=1.0, rejected=0.03)
    opened = timezone.make_aware(dt.datetime.combine(end - dt.timedelta(days=30), dt.time()))
    fill_round(
        rnd=rnd, people=people, rng=rng, draft=0.03,
        submit={"self": 0.93, "supervisor": 0.95, "peer": 0.9, "subordinate": 0.88},
        when=(opened, opened + dt.timedelta(days=20)),
    )
    rnd = round_release(rnd=round_close(rnd=rnd))
    Round.objects.filter(pk=rnd.pk).update(
        opened_at=opened, closed_at=opened + dt.timedelta(days=25),
        released_at=min(timezone.now(), opened + dt.timedelta(days=35)),
    )
    return rnd


def _open_round(*, agency: Agency, people: list[Person], rng: random.Random,
                fiscal_year: int, half: int, today: dt.date) -> Round:
    rnd = round_create(
        agency=agency, name_th=_round_name(fiscal_year, half),
        slug=f"{AGENCY_CODE}-{fiscal_year}-{half}", fiscal_year=fiscal_year, half=half,
        deadline=today + dt.timedelta(days=14),
    )
    rnd = round_open(rnd=rnd)
    add_peers(rnd=rnd, people=people, rng=rng, share=0.7, approved=0.8, rejected=0.02)
    opened = timezone.now() - dt.timedelta(days=7)
    fill_round(
        rnd=rnd, people=people, rng=rng, draft=0.15,
        submit={"self": 0.55, "supervisor": 0.4, "peer": 0.4, "subordinate": 0.35},
        when=(opened, timezone.now()),
    )
    Round.objects.filter(pk=rnd.pk).update(opened_at=opened)
    return rnd


def seed_demo(*, employees: int = 60, seed: int = 1, reset: bool = False,
              hand_offs: bool = True, today: dt.date | None = None, log=None) -> DemoResult:
    """Create the demo department once; later calls change nothing (unless ``reset``).

    A released round for the previous half (every rater group, some forms
    missing) and an open round for the current half, partly done.

    The round services hand work to Celery on commit (invitations, result
    notices, report rendering). Demo addresses are fake, so e-mail goes to the
    dummy backend while seeding; ``hand_offs=False`` drops those tasks
    altogether, so a 10,000-person seed does not render 10,000 PDFs inline.
    """
    log = log or (lambda msg: None)
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"at least {MIN_EMPLOYEES} employees")
    if reset and demo_delete():
        log("deleted the previous demo agency")
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is not None:
        return DemoResult(created=False, logins=demo_logins(agency), counts=demo_counts(agency))

    rng = random.Random(seed)
    today = today or timezone.localdate()
    current = fiscal_half(today)
    # One transaction: a failed run leaves nothing behind, so a rerun starts clean.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), \
            transaction.atomic():
        queued = len(transaction.get_connection().run_on_commit)
        agency = Agency.objects.create(code=AGENCY_CODE, name_th=AGENCY_NAME,
                                       name_en="Example Department")
        people = plan_people(agency=agency, employees=employees, rng=rng)
        create_people(agency=agency, people=people, password_hash=make_password(DEMO_PASSWORD))
        _hr_officer(agency)
        log(f"{len(people)} employees in {agency.units.count()} units")
        _give_abilities(people, rng)
        previous = previous_half(*current)
        _released_round(agency=agency, people=people, rng=rng,
                        fiscal_year=previous[0], half=previous[1])
        log("released round done")
        _open_round(agency=agency, people=people, rng=rng, fiscal_year=current[0],
                    half=current[1], today=today)
        log("open round done")
        if not hand_offs:
            del transaction.get_connection().run_on_commit[queued:]
    _analyze()
    return DemoResult(created=True, logins=demo_logins(agency), counts=demo_counts(agency))


def _analyze() -> None:
    """Refresh PostgreSQL's statistics after a bulk load.

    Until autovacuum gets to it, the planner believes the tables are nearly
    empty and aggregates a whole round with nested loops and on-disk sorts.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Employee, Assignment, Rating, FormComment):
            cursor.execute("ANALYZE " + connection.ops.quote_name(model._meta.db_table))
