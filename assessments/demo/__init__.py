"""A realistic, deterministic Thai demo department for ``manage.py seed_demo``.

Everything random comes from one ``random.Random(seed)`` consumed in a fixed
order, so a seed always gives the same people, forms and answers. Rows go in
with ``bulk_create`` in large batches (10,000 people is about 120,000 forms and
a million ratings); rounds are created, opened, closed and released through
the services, like HR would.

The parts, in the order a seed uses them:

- ``common``: the agency code and name, the demo log-ins, batch sizes;
- ``vocab``: Thai names, units, positions and comments to draw from;
- ``people``: units, people, their supervisors and the HR officer;
- ``rounds``: the fiscal calendar, peer nominations and the two rounds;
- ``answers``: the ratings and comments on each form;
- ``seed``: ``seed_demo`` (the whole department), ``demo_delete``, log-ins, counts.

Callers import from here (``from assessments import demo``; ``demo.seed_demo``).
"""

from .answers import GROUP_BIAS, GROUP_ORDER, NULL_RATE, FormFiller, fill_round
from .common import (
    AGENCY_CODE,
    AGENCY_NAME,
    BATCH,
    DEMO_PASSWORD,
    HR_USERNAME,
    MIN_EMPLOYEES,
    RATING_BATCH,
    Status,
)
from .people import Person, bureau_name, create_people, group_name, plan_people
from .rounds import add_peers, half_end, previous_half
from .seed import DemoLogins, DemoResult, demo_counts, demo_delete, demo_logins, seed_demo
from .vocab import (
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

__all__ = [
    # the agency, log-ins and batch sizes
    "AGENCY_CODE", "AGENCY_NAME", "BATCH", "DEMO_PASSWORD", "HR_USERNAME", "MIN_EMPLOYEES",
    "RATING_BATCH", "Status",
    # the whole department
    "DemoLogins", "DemoResult", "demo_counts", "demo_delete", "demo_logins", "seed_demo",
    # people
    "Person", "bureau_name", "create_people", "group_name", "plan_people",
    # rounds and forms
    "add_peers", "half_end", "previous_half",
    # answers
    "GROUP_BIAS", "GROUP_ORDER", "NULL_RATE", "FormFiller", "fill_round",
    # vocabulary
    "BUREAUS", "COMMENTS_FAIR", "COMMENTS_GOOD", "COMMENTS_IMPROVE", "FEMALE_NAMES",
    "GENERAL_LINES", "GROUPS", "KNOWLEDGE_LINES", "LAST_NAMES", "LEVEL_SUFFIX", "MALE_NAMES",
    "PROVINCES", "REJECT_REASONS", "STAFF_MIX",
]
