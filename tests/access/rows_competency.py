"""Access-matrix rows for the competency dictionary (competency/urls.py).

The dictionary is shared by every agency: HR of any agency (and superusers)
manage it, everyone else gets 404. An upload waiting for its preview belongs
to the HR officer who sent it; another officer gets 404 for it.
"""

from competency.dictionary.check import upload_store
from competency.dictionary.layout import export_bytes
from competency.selectors import dictionary_specs
from tests.access.matrix import Row, everyone, logged_in

MANAGERS = {"hr": 200, "other_hr": 200}


def only(allowed: dict[str, int]) -> dict[str, int]:
    return everyone(404) | {"anonymous": 302} | allowed


def upload(world):
    """A pending upload of the HR officer: the current dictionary, unchanged."""
    data = export_bytes(specs=dictionary_specs(), fmt="json")
    token = upload_store(user_id=world.users["hr"].pk, data=data, filename="d.json",
                         cumulative=True)
    return {"token": token}


ROWS = {
    "hr:dictionary_index": Row(get=only(MANAGERS), post=logged_in(405)),
    "hr:dictionary_export": Row(get=only(MANAGERS), post=logged_in(405),
                             kwargs=lambda world: {"fmt": "csv"}),
    "hr:dictionary_version": Row(get=only(MANAGERS), post=logged_in(405),
                              kwargs=lambda world: {"code": "102", "version": 1}),
    # POST without a file: the form comes back with its error.
    "hr:dictionary_import_upload": Row(get=only(MANAGERS), post=only(MANAGERS)),
    "hr:dictionary_import_preview": Row(get=only({"hr": 200}), post=logged_in(405), kwargs=upload),
    # Applying an unchanged dictionary changes nothing and redirects.
    "hr:dictionary_import_apply": Row(get=logged_in(405), post=only({"hr": 302}), kwargs=upload),
}
