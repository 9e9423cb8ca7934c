"""The one seam through which assessments tells the apps above it what happened.

assessments never imports reports (competency <- assessments <- reports); the
reports app registers its receivers in ``reports/apps.py``.
"""

from django.dispatch import Signal

# Sent after the transaction that closes or (re-)releases a round commits.
# Keyword arguments: ``round_id``. Reports snapshots the round and renders.
round_results_due = Signal()

# Sent inside the transaction that removes a former employee's personal data.
# Keyword arguments: ``employee`` (already scrubbed), ``placeholder`` (the
# name that replaces theirs), ``number`` (the replacement employee number),
# ``needles`` (the strings that identified the person: full name, number, e-mail).
# Receivers scrub their own copies of the person's data in the same transaction.
employee_anonymised = Signal()

# Sent (send(), not after a commit) when a person downloads their own data.
# Keyword arguments: ``employee``. Each receiver returns a dict of its part
# (reports: the person's released results and acknowledgements), merged into
# what assessments holds itself.
personal_data_requested = Signal()

# Sent (send()) when a supervisor opens their team page on a released round.
# Keyword arguments: ``supervisor`` (Employee), ``rnd`` (Round). A receiver
# returns the team's summary from what the supervisor may already read
# (reports: the released reports of the people they still supervise), or None.
team_results_requested = Signal()
