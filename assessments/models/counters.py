"""A round's form counts, kept by the database itself.

The HR dashboard shows completion by unit, by rater group and overall, and
who still owes forms. Counting the round's forms on every view cost time in
proportion to the round (230 ms at 10,000 people); these tables hold the
counts instead, and triggers on ``assessments_assignment`` and
``assessments_participant`` (migration 0014_completion_counts, PostgreSQL
and SQLite) change them in the same
transaction as the form, whatever changes it: a service's ``save()``, a
queryset ``update()``, ``bulk_create`` or a cascade delete. Nothing in
Python has to remember to keep them, so nothing can forget.

A participant's unit is frozen when the round opens; should it be changed
all the same, its forms' counts move with it.
Rows are never deleted by the triggers: a count that falls to 0 stays, and
the selectors skip it. Each change takes the group's row, then the unit's:
one order for every writer, so that two forms changing at once never wait
on each other in a circle.
"""

from django.db import models

from .organisation import Employee, OrgUnit
from .rounds import Round


class RoundGroupCount(models.Model):
    """A round's forms of one rater group: all of them, the active ones (pending,
    draft, submitted), the submitted ones and the nominations awaiting approval."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=20)
    forms = models.IntegerField(default=0)
    active = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)
    proposed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "group"], name="roundgroupcount_unique"),
        ]


class RoundUnitCount(models.Model):
    """A round's active and submitted forms of the participants of one unit."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    # No foreign key constraint: a row written by a trigger must never make a
    # delete elsewhere fail. The name is the one frozen for the round.
    unit = models.ForeignKey(OrgUnit, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    unit_name = models.CharField(max_length=200)
    active = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="roundunitcount_unique"),
        ]
        indexes = [
            # The dashboard's page of units in name order: an index scan.
            models.Index(fields=["round", "unit_name", "unit"], name="roundunitcount_by_name"),
        ]


class RoundRaterCount(models.Model):
    """How many of a round's forms a rater still has open (pending or draft)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    rater = models.ForeignKey(Employee, on_delete=models.DO_NOTHING, db_constraint=False,
                              related_name="+")
    open_forms = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "rater"], name="roundratercount_unique"),
        ]
        indexes = [
            # The dashboard's page of people who owe the most: an index scan.
            models.Index(fields=["round", "-open_forms", "rater"], name="roundratercount_owed"),
        ]


class RoundParticipantCount(models.Model):
    """How many participants a round has."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, primary_key=True,
                                 related_name="+")
    n = models.IntegerField(default=0)


class AgencyOrgVersion(models.Model):
    """A number that grows whenever an agency's organisation changes in a way
    that may change who supervises whom: a person added, removed, moved to
    another unit, given another supervisor, deactivated or reactivated; a unit
    added, removed or hung under another parent. Kept by triggers (migration
    0011_org_version) whatever writes the rows; what is worked out from the
    organisation (the dashboard's changed supervisors) is kept under it."""

    # No constraint: deleting an agency deletes its people, whose triggers
    # write this row again after Django's cascade has removed it.
    agency = models.OneToOneField("assessments.Agency", on_delete=models.DO_NOTHING,
                                  primary_key=True, db_constraint=False, related_name="+")
    version = models.BigIntegerField(default=0)
