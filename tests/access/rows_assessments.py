"""Access-matrix rows for the assessment pages (assessments/urls.py).

The world's round is released and the employee's self form is submitted, so
state-changing POSTs by allowed users end in a redirect with a message (302)
and change nothing; outsiders get 404 before any state is looked at.
"""

from competency.thaidate import input_date
from tests.access.matrix import Row, everyone, logged_in

NO = 404


def only(allowed: dict[str, int], default: int = NO) -> dict[str, int]:
    """Logged-in roles not named get ``default``; anonymous is sent to log in."""
    return everyone(default) | {"anonymous": 302} | allowed


def rnd(world):
    return {"pk": world.rnd.pk}


def participant(world):
    return {"pk": world.participant.pk}


def self_form(world):
    return {"pk": world.self_form.pk}


HR = {"hr": 302}
HR_200 = {"hr": 200}
NOMINATORS = {"employee": 302, "supervisor": 302, "hr": 302}

ROWS = {
    "assessments:my_forms": Row(get=logged_in(200), post=logged_in(405)),
    "assessments:rate": Row(get=only({"employee": 200}), post=only({"employee": 200}),
                            kwargs=self_form),
    # JSON: the world's self form is submitted, so its owner is refused (409).
    "assessments:rate_autosave": Row(get=logged_in(405), post=only({"employee": 409}),
                                     kwargs=self_form),
    "assessments:team": Row(get=logged_in(200), post=logged_in(405)),
    "assessments:my_results": Row(get=logged_in(200), post=logged_in(405)),
    "assessments:nominations": Row(get=logged_in(200), post=logged_in(405)),
    "assessments:nomination_decide": Row(
        get=logged_in(405), post=only({"supervisor": 302, "hr": 302}), kwargs=self_form,
        post_data=lambda world: {"decision": "approve"},
    ),
    # Nothing awaits approval in the world (its round is released): a message
    # and back to the list for everyone signed in.
    "assessments:nominations_approve_all": Row(
        get=logged_in(405), post=logged_in(302), post_data=lambda world: {"upto": "1"},
    ),
    "assessments:nominate": Row(
        get=only({"employee": 200, "supervisor": 200, "hr": 200}), post=logged_in(405),
        kwargs=participant,
    ),
    "assessments:nominate_add": Row(
        get=logged_in(405), post=only(NOMINATORS), kwargs=participant,
        post_data=lambda world: {"rater": world.other_employee.pk, "group": "peer"},
    ),
    "hr:round_list": Row(get=only({"hr": 200, "other_hr": 200}), post=logged_in(405)),
    "hr:round_create": Row(get=only({"hr": 200, "other_hr": 200}),
                                    post=only({"hr": 200, "other_hr": 200})),
    "hr:round_dashboard": Row(get=only(HR_200), post=logged_in(405), kwargs=rnd),
    "hr:round_edit": Row(get=only(HR), post=only(HR), kwargs=rnd),
    "hr:round_open": Row(get=logged_in(405), post=only(HR), kwargs=rnd),
    # GET: the confirmation of an open round; the world's is released, so HR
    # is sent back to the round's page with a message.
    "hr:round_close": Row(get=only(HR), post=only(HR), kwargs=rnd),
    "hr:round_release": Row(get=logged_in(405), post=only(HR), kwargs=rnd),
    # A refused new deadline (the world's round is released) shows the page
    # again with the reason beside the date as typed.
    "hr:round_extend": Row(
        get=logged_in(405), post=only(HR_200), kwargs=rnd,
        post_data=lambda world: {"deadline": input_date(world.rnd.deadline)},
    ),
    # A reminder to the employee in an open round: sent (302 with a message).
    "hr:round_remind": Row(
        get=logged_in(405), post=only(HR), kwargs=rnd, state="open",
        post_data=lambda world: {"rater": world.employee.pk},
    ),
    "hr:round_reminders": Row(get=only(HR_200), post=logged_in(405), kwargs=rnd),
    "hr:round_participants": Row(get=only(HR_200), post=logged_in(405), kwargs=rnd),
    "hr:participant_detail": Row(get=only(HR_200), post=logged_in(405),
                                          kwargs=participant),
    "hr:assignment_add": Row(get=logged_in(405), post=only(HR), kwargs=participant),
    "hr:assignment_remove": Row(get=logged_in(405), post=only(HR), kwargs=self_form),
    "hr:assignment_swap": Row(get=logged_in(405), post=only(HR), kwargs=self_form),
    "hr:assignment_reopen": Row(get=logged_in(405), post=only(HR), kwargs=self_form),
}
