"""Organisation import: units and employees from CSV or XLSX.

Reading (encodings, headers) is in :mod:`.reading`, the column vocabulary in
:mod:`.columns`, the checks and the all-or-nothing apply in :mod:`.units`
and :mod:`.employees`, and the job lifecycle (dry run, apply, progress) in
:mod:`.jobs`.

Employees get a login user whose username is the employee number and whose
password is unusable: HR sets one (admin, or "reset password") before the
person can sign in. Employees missing from a file are left as they are.
"""

from .jobs import (  # noqa: F401
    ImportFileError,
    import_job_apply,
    import_job_check,
    import_job_create,
)
from .templates import import_template  # noqa: F401
