"""One call from a file to a preview: read, validate, plan (nothing written).

Uploads wait for their "apply" in the default storage, one folder per user,
so one HR officer never sees another's file.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..services import DictionaryPlan, dictionary_plan
from .reading import DictionaryFileError, read_rows
from .spec import CompetencySpec
from .validation import RowError, parse_dictionary

UPLOAD_DIR = "dictionary-imports"


@dataclass
class Check:
    filename: str
    cumulative: bool
    fmt: str = ""
    rows: int = 0
    file_error: str = ""
    errors: list[RowError] = field(default_factory=list)
    specs: list[CompetencySpec] = field(default_factory=list)
    plan: DictionaryPlan = field(default_factory=DictionaryPlan)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


def dictionary_check(*, data: bytes, filename: str, cumulative: bool = True) -> Check:
    """Dry run of an import: what would be created, revised or left unchanged,
    or why the file is refused (every row error, with its line)."""
    check = Check(filename=filename, cumulative=cumulative)
    try:
        raw = read_rows(data=data, filename=filename)
    except DictionaryFileError as exc:
        check.file_error = str(exc)
        return check
    check.fmt, check.rows, check.ignored_columns = raw.fmt, len(raw.rows), raw.ignored_columns
    check.specs, check.errors = parse_dictionary(raw.rows, cumulative=cumulative)
    if not check.errors:
        check.plan = dictionary_plan(specs=check.specs)
    return check


def _paths(user_id: int, token: str) -> tuple[str, str]:
    base = f"{UPLOAD_DIR}/{user_id}/{token}"
    return f"{base}.bin", f"{base}.json"


def upload_store(*, user_id: int, data: bytes, filename: str, cumulative: bool) -> str:
    """Keep an uploaded file until it is applied; returns its token."""
    token = secrets.token_hex(16)
    data_path, meta_path = _paths(user_id, token)
    default_storage.save(data_path, ContentFile(data))
    meta = {"filename": filename, "cumulative": cumulative}
    default_storage.save(meta_path, ContentFile(json.dumps(meta, ensure_ascii=False).encode()))
    return token


def upload_load(*, user_id: int, token: str) -> tuple[bytes, dict] | None:
    """The file and its options, or None when this user has no such upload."""
    if len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        return None
    data_path, meta_path = _paths(user_id, token)
    if not default_storage.exists(meta_path):
        return None
    with default_storage.open(meta_path) as fh:
        meta = json.loads(fh.read().decode())
    with default_storage.open(data_path) as fh:
        return fh.read(), meta


def upload_discard(*, user_id: int, token: str) -> None:
    for path in _paths(user_id, token):
        if default_storage.exists(path):
            default_storage.delete(path)
