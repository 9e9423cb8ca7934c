"""factory-boy factories for every model; each test builds what it needs."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from assessments.models import (
    Agency,
    Assignment,
    AssignmentComment,
    Employee,
    HrOfficer,
    OrgUnit,
    Participant,
    Rating,
    Round,
    RoundCompetency,
)
from competency.models import Competency, ExpectedLevel, Indicator, Level


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class CompetencyFactory(DjangoModelFactory):
    """A competency with 5 levels of ``indicators_per_level`` indicators each."""

    class Meta:
        model = Competency
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T{n:03d}")
    kind = "core"
    name_th = factory.Sequence(lambda n: f"สมรรถนะทดสอบ {n}")
    definition_th = "คำจำกัดความของสมรรถนะทดสอบ"

    @factory.post_generation
    def indicators_per_level(self, create, extracted, **kwargs):
        per_level = extracted if extracted is not None else 2
        for number in range(1, 6):
            level = Level.objects.create(
                competency=self, number=number, summary_th=f"ระดับที่ {number} ของ {self.code}"
            )
            for order in range(1, per_level + 1):
                Indicator.objects.create(
                    level=level, order=order, text_th=f"พฤติกรรม {self.code} {number}.{order}"
                )


class ExpectedLevelFactory(DjangoModelFactory):
    class Meta:
        model = ExpectedLevel
        django_get_or_create = ("position_type", "position_level", "competency_kind")

    position_type = "knowledge"
    position_level = "professional"
    competency_kind = "core"
    level = 2


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name_th = factory.Sequence(lambda n: f"กรมทดสอบ {n}")


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name_th = factory.Sequence(lambda n: f"กองทดสอบ {n}")
    kind = OrgUnit.Kind.BUREAU


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    unit = factory.SubFactory(OrgUnitFactory)
    agency = factory.SelfAttribute("unit.agency")
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    title = "นาย"
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    position_name = "นักทรัพยากรบุคคล"
    position_type = "knowledge"
    position_level = "professional"
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..employee_number"))


class HrOfficerFactory(DjangoModelFactory):
    class Meta:
        model = HrOfficer

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = Round

    agency = factory.SubFactory(AgencyFactory)
    name_th = factory.Sequence(lambda n: f"รอบการประเมินที่ {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    fiscal_year = 2569
    half = 1
    deadline = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))


class RoundCompetencyFactory(DjangoModelFactory):
    class Meta:
        model = RoundCompetency

    round = factory.SubFactory(RoundFactory)
    competency = factory.SubFactory(CompetencyFactory)


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    round = factory.SubFactory(RoundFactory)
    employee = factory.SubFactory(
        EmployeeFactory, unit__agency=factory.SelfAttribute("...round.agency")
    )
    unit = factory.SelfAttribute("employee.unit")
    unit_name = factory.SelfAttribute("employee.unit.name_th")
    position_name = factory.SelfAttribute("employee.position_name")
    position_type = factory.SelfAttribute("employee.position_type")
    position_level = factory.SelfAttribute("employee.position_level")
    supervisor = factory.SelfAttribute("employee.supervisor")


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    participant = factory.SubFactory(ParticipantFactory)
    round = factory.SelfAttribute("participant.round")
    rater = factory.SubFactory(
        EmployeeFactory, unit__agency=factory.SelfAttribute("...participant.round.agency")
    )
    group = "peer"
    status = Assignment.Status.PENDING


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    assignment = factory.SubFactory(AssignmentFactory)
    value = 2


class FormCommentFactory(DjangoModelFactory):
    class Meta:
        model = AssignmentComment

    assignment = factory.SubFactory(AssignmentFactory)
    text = "ให้บริการด้วยความเต็มใจ"
