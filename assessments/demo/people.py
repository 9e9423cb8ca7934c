"""The organisation and its people: units, positions, users, supervisors, HR.

``plan_people`` draws everyone in memory (bosses first), ``create_people``
writes them in bulk, tier by tier, so each employee can point to a saved
supervisor.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from competency.selectors import expected_level_table

from ..models import Agency, Employee, HrOfficer, OrgUnit
from .common import AGENCY_NAME, BATCH, DEMO_PASSWORD, HR_USERNAME
from .vocab import (
    BUREAUS,
    FEMALE_NAMES,
    GENERAL_LINES,
    GROUPS,
    KNOWLEDGE_LINES,
    LAST_NAMES,
    LEVEL_SUFFIX,
    MALE_NAMES,
    PROVINCES,
    STAFF_MIX,
)


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


def hr_officer(agency: Agency) -> None:
    """The HR log-in of the demo agency (created or reset to the demo password)."""
    User = get_user_model()
    hr, _ = User.objects.get_or_create(username=HR_USERNAME)
    hr.first_name, hr.last_name = "เจ้าหน้าที่", "บริหารทรัพยากรบุคคล"
    hr.set_password(DEMO_PASSWORD)
    hr.save()
    HrOfficer.objects.get_or_create(user=hr, agency=agency)


def give_abilities(people: list[Person], rng: random.Random) -> None:
    """Each person's latent level (around the expected one) and leniency as a rater."""
    table = expected_level_table()
    for p in people:
        expected = table.get((p.position_type, p.position_level, "core"), 2)
        p.ability = min(5.6, max(0.3, expected + rng.gauss(0.1, 0.75)))
        p.leniency = rng.gauss(0, 0.25)
