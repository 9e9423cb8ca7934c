"""Triggers that keep the round counters (migration 0014_completion_counts).

Replaces the per-status rows of 0010/0013 by one row per rater group and one
per unit, so that the dashboard reads a page of units by an index and its
group figures from a handful of rows. Decrements only UPDATE an existing row
(a round being deleted may have lost its counters first); increments insert
or update. Every change takes the group's row, then the unit's, then the
rater's: one order for all writers.
"""

from ._vendor_sql import execute_for_vendor

OPEN = "('pending', 'draft')"
ACTIVE = "('pending', 'draft', 'submitted')"
TABLES = ("assessments_roundgroupcount", "assessments_roundunitcount",
          "assessments_roundratercount", "assessments_roundparticipantcount")


def _deltas(s: str, d: str) -> dict[str, str]:
    return {
        "forms": d,
        "active": f"CASE WHEN {s} IN {ACTIVE} THEN {d} ELSE 0 END",
        "submitted": f"CASE WHEN {s} = 'submitted' THEN {d} ELSE 0 END",
        "proposed": f"CASE WHEN {s} = 'proposed' THEN {d} ELSE 0 END",
        "open": f"CASE WHEN {s} IN {OPEN} THEN {d} ELSE 0 END",
    }


def _statements(*, r: str, part: str, g: str, s: str, rater: str, sign: int) -> list[str]:
    """SQL for one form (``r`` round, ``part`` participant, ``g`` group, ``s``
    status, ``rater``) counted in (sign 1) or out (sign -1)."""
    x = _deltas(s, str(sign))
    if sign > 0:
        return [
            f"""INSERT INTO assessments_roundgroupcount
                  (round_id, "group", forms, active, submitted, proposed)
                VALUES ({r}, {g}, 1, {x["active"]}, {x["submitted"]}, {x["proposed"]})
                ON CONFLICT (round_id, "group") DO UPDATE SET
                  forms = assessments_roundgroupcount.forms + 1,
                  active = assessments_roundgroupcount.active + excluded.active,
                  submitted = assessments_roundgroupcount.submitted + excluded.submitted,
                  proposed = assessments_roundgroupcount.proposed + excluded.proposed;""",
            f"""INSERT INTO assessments_roundunitcount
                  (round_id, unit_id, unit_name, active, submitted)
                SELECT {r}, p.unit_id, p.unit_name, {x["active"]}, {x["submitted"]}
                  FROM assessments_participant p WHERE p.id = {part} AND {s} IN {ACTIVE}
                ON CONFLICT (round_id, unit_id) DO UPDATE SET
                  active = assessments_roundunitcount.active + excluded.active,
                  submitted = assessments_roundunitcount.submitted + excluded.submitted;""",
            f"""INSERT INTO assessments_roundratercount (round_id, rater_id, open_forms)
                SELECT {r}, {rater}, 1 WHERE {s} IN {OPEN}
                ON CONFLICT (round_id, rater_id) DO UPDATE SET
                  open_forms = assessments_roundratercount.open_forms + 1;""",
        ]
    return [
        f"""UPDATE assessments_roundgroupcount SET forms = forms - 1,
              active = active + {x["active"]}, submitted = submitted + {x["submitted"]},
              proposed = proposed + {x["proposed"]}
            WHERE round_id = {r} AND "group" = {g};""",
        f"""UPDATE assessments_roundunitcount SET active = active + {x["active"]},
              submitted = submitted + {x["submitted"]}
            WHERE round_id = {r} AND {s} IN {ACTIVE}
              AND unit_id = (SELECT unit_id FROM assessments_participant WHERE id = {part});""",
        f"""UPDATE assessments_roundratercount SET open_forms = open_forms - 1
            WHERE round_id = {r} AND rater_id = {rater} AND {s} IN {OPEN};""",
    ]


def _form(row: str, sign: int) -> list[str]:
    return _statements(r=f"{row}.round_id", part=f"{row}.participant_id", g=f'{row}."group"',
                       s=f"{row}.status", rater=f"{row}.rater_id", sign=sign)


FORM_CHANGED = """OLD.status IS DISTINCT FROM NEW.status OR OLD."group" IS DISTINCT FROM NEW."group"
    OR OLD.participant_id IS DISTINCT FROM NEW.participant_id
    OR OLD.rater_id IS DISTINCT FROM NEW.rater_id OR OLD.round_id IS DISTINCT FROM NEW.round_id"""

# A participant moved to another unit (not something the portal does once a
# round is open, but a data fix must not leave the counts wrong): its active
# and submitted forms move from one unit's row to the other's.


def _moved() -> list[str]:
    forms = f"""(SELECT COUNT(*) AS active,
                       COUNT(CASE WHEN status = 'submitted' THEN 1 END) AS submitted
                  FROM assessments_assignment
                 WHERE participant_id = OLD.id AND status IN {ACTIVE})"""
    return [
        # No alias on the table: SQLite refuses one inside a trigger.
        f"""UPDATE assessments_roundunitcount
               SET active = assessments_roundunitcount.active - a.active,
                   submitted = assessments_roundunitcount.submitted - a.submitted
              FROM {forms} AS a
             WHERE assessments_roundunitcount.round_id = OLD.round_id
               AND assessments_roundunitcount.unit_id = OLD.unit_id;""",
        f"""INSERT INTO assessments_roundunitcount (round_id, unit_id, unit_name, active,
                                                   submitted)
            SELECT NEW.round_id, NEW.unit_id, NEW.unit_name, a.active, a.submitted
              FROM {forms} AS a WHERE true
            ON CONFLICT (round_id, unit_id) DO UPDATE SET
              active = assessments_roundunitcount.active + excluded.active,
              submitted = assessments_roundunitcount.submitted + excluded.submitted;""",
    ]


PARTICIPANT_IN = """INSERT INTO assessments_roundparticipantcount (round_id, n)
    VALUES (NEW.round_id, 1)
    ON CONFLICT (round_id) DO UPDATE SET n = assessments_roundparticipantcount.n + 1;"""
PARTICIPANT_OUT = """UPDATE assessments_roundparticipantcount SET n = n - 1
    WHERE round_id = OLD.round_id;"""
MOVED_WHEN = "OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.round_id IS DISTINCT FROM NEW.round_id"


def _plpgsql(name: str, body: str) -> str:
    return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
            f"{body}\nRETURN NULL;\nEND $$;")


PG_FORWARD = [
    _plpgsql("assessments_form_counts", "\n".join([
        "IF TG_OP <> 'INSERT' THEN", *_form("OLD", -1), "END IF;",
        "IF TG_OP <> 'DELETE' THEN", *_form("NEW", 1), "END IF;",
    ])),
    "CREATE TRIGGER assessments_form_counts_ins_del AFTER INSERT OR DELETE"
    " ON assessments_assignment FOR EACH ROW EXECUTE FUNCTION assessments_form_counts()",
    f"CREATE TRIGGER assessments_form_counts_upd AFTER UPDATE ON assessments_assignment"
    f" FOR EACH ROW WHEN ({FORM_CHANGED}) EXECUTE FUNCTION assessments_form_counts()",
    _plpgsql("assessments_participant_counts", "\n".join([
        "IF TG_OP = 'INSERT' THEN", PARTICIPANT_IN,
        "ELSIF TG_OP = 'DELETE' THEN", PARTICIPANT_OUT,
        "ELSE", *_moved(), "END IF;",
    ])),
    "CREATE TRIGGER assessments_participant_counts AFTER INSERT OR DELETE"
    " ON assessments_participant FOR EACH ROW EXECUTE FUNCTION assessments_participant_counts()",
    f"CREATE TRIGGER assessments_participant_moved AFTER UPDATE ON assessments_participant"
    f" FOR EACH ROW WHEN ({MOVED_WHEN}) EXECUTE FUNCTION assessments_participant_counts()",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS assessments_form_counts_ins_del ON assessments_assignment",
    "DROP TRIGGER IF EXISTS assessments_form_counts_upd ON assessments_assignment",
    "DROP TRIGGER IF EXISTS assessments_participant_counts ON assessments_participant",
    "DROP TRIGGER IF EXISTS assessments_participant_moved ON assessments_participant",
    "DROP FUNCTION IF EXISTS assessments_form_counts()",
    "DROP FUNCTION IF EXISTS assessments_participant_counts()",
]


def _trigger(name: str, event: str, table: str, body: list[str], when: str = "") -> str:
    when = f"WHEN {when.replace('IS DISTINCT FROM', 'IS NOT')}" if when else ""
    return (f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}\nBEGIN\n"
            + "\n".join(body) + "\nEND")


SQLITE_NAMES = ("assessments_form_counts_ins", "assessments_form_counts_del",
                "assessments_form_counts_upd", "assessments_participant_counts_ins",
                "assessments_participant_counts_del", "assessments_participant_moved")
SQLITE_FORWARD = [
    _trigger(SQLITE_NAMES[0], "INSERT", "assessments_assignment", _form("NEW", 1)),
    _trigger(SQLITE_NAMES[1], "DELETE", "assessments_assignment", _form("OLD", -1)),
    _trigger(SQLITE_NAMES[2], "UPDATE", "assessments_assignment",
             _form("OLD", -1) + _form("NEW", 1), when=FORM_CHANGED),
    _trigger(SQLITE_NAMES[3], "INSERT", "assessments_participant", [PARTICIPANT_IN]),
    _trigger(SQLITE_NAMES[4], "DELETE", "assessments_participant", [PARTICIPANT_OUT]),
    _trigger(SQLITE_NAMES[5], "UPDATE", "assessments_participant", _moved(), when=MOVED_WHEN),
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_NAMES]

BACKFILL = [f"DELETE FROM {t}" for t in TABLES] + [
    f"""INSERT INTO assessments_roundgroupcount
          (round_id, "group", forms, active, submitted, proposed)
        SELECT round_id, "group", COUNT(*),
               COUNT(CASE WHEN status IN {ACTIVE} THEN 1 END),
               COUNT(CASE WHEN status = 'submitted' THEN 1 END),
               COUNT(CASE WHEN status = 'proposed' THEN 1 END)
          FROM assessments_assignment GROUP BY round_id, "group" """,
    f"""INSERT INTO assessments_roundunitcount (round_id, unit_id, unit_name, active, submitted)
        SELECT a.round_id, p.unit_id, MIN(p.unit_name), COUNT(*),
               COUNT(CASE WHEN a.status = 'submitted' THEN 1 END)
          FROM assessments_assignment a JOIN assessments_participant p
            ON p.id = a.participant_id
         WHERE a.status IN {ACTIVE} GROUP BY a.round_id, p.unit_id""",
    f"""INSERT INTO assessments_roundratercount (round_id, rater_id, open_forms)
        SELECT round_id, rater_id, COUNT(*) FROM assessments_assignment
         WHERE status IN {OPEN} GROUP BY round_id, rater_id""",
    """INSERT INTO assessments_roundparticipantcount (round_id, n)
        SELECT round_id, COUNT(*) FROM assessments_participant GROUP BY round_id""",
]


def install(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_FORWARD + BACKFILL,
                       sqlite=SQLITE_FORWARD + BACKFILL,
                       what="round counters")


def uninstall(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_BACKWARD, sqlite=SQLITE_BACKWARD,
                       what="round counters", required=False)
