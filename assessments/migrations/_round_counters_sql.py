"""The triggers that keep ``assessments.models.counters`` (PostgreSQL and SQLite).

Used by migration 0010_round_counters (Django skips modules whose name starts
with "_"), apart from it so that it reads as SQL. Decrements only UPDATE
an existing row (a round being deleted may have lost its counters first);
increments insert or update. When a form changes status, the two rows are
touched in a fixed order (by status), so that two transactions changing
forms of the same unit cannot wait on each other in a circle.
"""

from ._vendor_sql import execute_for_vendor

OPEN = "('pending', 'draft')"
TABLES = ("assessments_roundformcount", "assessments_roundratercount",
          "assessments_roundparticipantcount")

# --- PostgreSQL ------------------------------------------------------------

PG_FORWARD = [
    f"""
CREATE FUNCTION assessments_form_count(r bigint, part bigint, g varchar, s varchar,
                                       rater bigint, delta integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF delta > 0 THEN
    INSERT INTO assessments_roundformcount (round_id, unit_id, unit_name, "group", status, n)
      SELECT r, p.unit_id, p.unit_name, g, s, delta FROM assessments_participant p
       WHERE p.id = part
    ON CONFLICT (round_id, unit_id, "group", status)
      DO UPDATE SET n = assessments_roundformcount.n + delta;
    IF s IN {OPEN} THEN
      INSERT INTO assessments_roundratercount (round_id, rater_id, open_forms)
        VALUES (r, rater, delta)
      ON CONFLICT (round_id, rater_id)
        DO UPDATE SET open_forms = assessments_roundratercount.open_forms + delta;
    END IF;
  ELSE
    UPDATE assessments_roundformcount c SET n = c.n + delta
      FROM assessments_participant p
     WHERE p.id = part AND c.round_id = r AND c.unit_id = p.unit_id
       AND c."group" = g AND c.status = s;
    IF s IN {OPEN} THEN
      UPDATE assessments_roundratercount SET open_forms = open_forms + delta
       WHERE round_id = r AND rater_id = rater;
    END IF;
  END IF;
END $$;
""",
    """
CREATE FUNCTION assessments_assignment_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM assessments_form_count(NEW.round_id, NEW.participant_id, NEW."group",
                                   NEW.status, NEW.rater_id, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM assessments_form_count(OLD.round_id, OLD.participant_id, OLD."group",
                                   OLD.status, OLD.rater_id, -1);
  ELSIF OLD.status <= NEW.status THEN
    PERFORM assessments_form_count(OLD.round_id, OLD.participant_id, OLD."group",
                                   OLD.status, OLD.rater_id, -1);
    PERFORM assessments_form_count(NEW.round_id, NEW.participant_id, NEW."group",
                                   NEW.status, NEW.rater_id, 1);
  ELSE
    PERFORM assessments_form_count(NEW.round_id, NEW.participant_id, NEW."group",
                                   NEW.status, NEW.rater_id, 1);
    PERFORM assessments_form_count(OLD.round_id, OLD.participant_id, OLD."group",
                                   OLD.status, OLD.rater_id, -1);
  END IF;
  RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER assessments_assignment_counts_ins_del AFTER INSERT OR DELETE
  ON assessments_assignment FOR EACH ROW EXECUTE FUNCTION assessments_assignment_counts();
""",
    """
CREATE TRIGGER assessments_assignment_counts_upd AFTER UPDATE ON assessments_assignment
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                     OR OLD."group" IS DISTINCT FROM NEW."group"
                     OR OLD.participant_id IS DISTINCT FROM NEW.participant_id
                     OR OLD.rater_id IS DISTINCT FROM NEW.rater_id
                     OR OLD.round_id IS DISTINCT FROM NEW.round_id)
  EXECUTE FUNCTION assessments_assignment_counts();
""",
    """
CREATE FUNCTION assessments_participant_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO assessments_roundparticipantcount (round_id, n) VALUES (NEW.round_id, 1)
    ON CONFLICT (round_id) DO UPDATE SET n = assessments_roundparticipantcount.n + 1;
  ELSE
    UPDATE assessments_roundparticipantcount SET n = n - 1 WHERE round_id = OLD.round_id;
  END IF;
  RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER assessments_participant_counts AFTER INSERT OR DELETE
  ON assessments_participant FOR EACH ROW EXECUTE FUNCTION assessments_participant_counts();
""",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS assessments_participant_counts ON assessments_participant",
    "DROP TRIGGER IF EXISTS assessments_assignment_counts_upd ON assessments_assignment",
    "DROP TRIGGER IF EXISTS assessments_assignment_counts_ins_del ON assessments_assignment",
    "DROP FUNCTION IF EXISTS assessments_participant_counts()",
    "DROP FUNCTION IF EXISTS assessments_assignment_counts()",
    "DROP FUNCTION IF EXISTS assessments_form_count(bigint, bigint, varchar, varchar,"
    " bigint, integer)",
]

# --- SQLite: no functions, so each trigger spells its statements out --------


def _sqlite_add(row: str) -> list[str]:
    return [
        f"""INSERT INTO assessments_roundformcount (round_id, unit_id, unit_name, "group",
                                                    status, n)
      SELECT {row}.round_id, p.unit_id, p.unit_name, {row}."group", {row}.status, 1
        FROM assessments_participant p WHERE p.id = {row}.participant_id
      ON CONFLICT (round_id, unit_id, "group", status) DO UPDATE SET n = n + 1;""",
        f"""INSERT INTO assessments_roundratercount (round_id, rater_id, open_forms)
      SELECT {row}.round_id, {row}.rater_id, 1 WHERE {row}.status IN {OPEN}
      ON CONFLICT (round_id, rater_id) DO UPDATE SET open_forms = open_forms + 1;""",
    ]


def _sqlite_remove(row: str) -> list[str]:
    return [
        f"""UPDATE assessments_roundformcount SET n = n - 1
       WHERE round_id = {row}.round_id AND "group" = {row}."group" AND status = {row}.status
         AND unit_id = (SELECT unit_id FROM assessments_participant
                         WHERE id = {row}.participant_id);""",
        f"""UPDATE assessments_roundratercount SET open_forms = open_forms - 1
       WHERE round_id = {row}.round_id AND rater_id = {row}.rater_id
         AND {row}.status IN {OPEN};""",
    ]


def _trigger(name: str, event: str, table: str, body: list[str], when: str = "") -> str:
    return (f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW {when}\nBEGIN\n"
            + "\n".join(body) + "\nEND")


SQLITE_FORWARD = [
    _trigger("assessments_assignment_counts_ins", "INSERT", "assessments_assignment",
             _sqlite_add("NEW")),
    _trigger("assessments_assignment_counts_del", "DELETE", "assessments_assignment",
             _sqlite_remove("OLD")),
    _trigger("assessments_assignment_counts_upd", "UPDATE", "assessments_assignment",
             _sqlite_remove("OLD") + _sqlite_add("NEW"),
             when="""WHEN OLD.status IS NOT NEW.status OR OLD."group" IS NOT NEW."group"
               OR OLD.participant_id IS NOT NEW.participant_id
               OR OLD.rater_id IS NOT NEW.rater_id OR OLD.round_id IS NOT NEW.round_id"""),
    _trigger("assessments_participant_counts_ins", "INSERT", "assessments_participant",
             ["""INSERT INTO assessments_roundparticipantcount (round_id, n)
                 VALUES (NEW.round_id, 1)
                 ON CONFLICT (round_id) DO UPDATE SET n = n + 1;"""]),
    _trigger("assessments_participant_counts_del", "DELETE", "assessments_participant",
             ["""UPDATE assessments_roundparticipantcount SET n = n - 1
                 WHERE round_id = OLD.round_id;"""]),
]

SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {name}" for name in (
        "assessments_assignment_counts_ins", "assessments_assignment_counts_del",
        "assessments_assignment_counts_upd", "assessments_participant_counts_ins",
        "assessments_participant_counts_del",
    )
]

# --- The counts of the forms already there (both databases) ----------------

BACKFILL = [
    f"DELETE FROM {t}" for t in TABLES
] + [
    """INSERT INTO assessments_roundformcount (round_id, unit_id, unit_name, "group", status, n)
       SELECT a.round_id, p.unit_id, MIN(p.unit_name), a."group", a.status, COUNT(*)
         FROM assessments_assignment a
         JOIN assessments_participant p ON p.id = a.participant_id
        GROUP BY a.round_id, p.unit_id, a."group", a.status""",
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


# --- A participant moved to another unit (migration 0013) -------------------
# Not something the portal does once a round is open (the unit is frozen at
# opening), but a data fix in the shell or a later feature must not leave the
# counts wrong: the participant's forms move from one unit's rows to the
# other's, under the name the participant carries. (A unit's name in the
# counts is the one frozen when its first form was counted.) The same
# statements run on both databases.

def _participant_moved(old: str, new: str) -> list[str]:
    return [
        # No alias on the table: SQLite refuses one inside a trigger.
        f"""UPDATE assessments_roundformcount SET n = assessments_roundformcount.n - a.k
       FROM (SELECT "group", status, COUNT(*) AS k FROM assessments_assignment
              WHERE participant_id = {old}.id GROUP BY "group", status) AS a
      WHERE assessments_roundformcount.round_id = {old}.round_id
        AND assessments_roundformcount.unit_id = {old}.unit_id
        AND assessments_roundformcount."group" = a."group"
        AND assessments_roundformcount.status = a.status;""",
        f"""INSERT INTO assessments_roundformcount (round_id, unit_id, unit_name, "group",
                                                   status, n)
     SELECT {new}.round_id, {new}.unit_id, {new}.unit_name, "group", status, COUNT(*)
       FROM assessments_assignment WHERE participant_id = {new}.id
      GROUP BY "group", status
     ON CONFLICT (round_id, unit_id, "group", status)
       DO UPDATE SET n = assessments_roundformcount.n + excluded.n;""",
    ]


PG_MOVED_FORWARD = [
    f"""
CREATE FUNCTION assessments_participant_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {" ".join(_participant_moved("OLD", "NEW"))}
  RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER assessments_participant_moved AFTER UPDATE ON assessments_participant
  FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id
                     OR OLD.round_id IS DISTINCT FROM NEW.round_id)
  EXECUTE FUNCTION assessments_participant_moved();
""",
]
PG_MOVED_BACKWARD = [
    "DROP TRIGGER IF EXISTS assessments_participant_moved ON assessments_participant",
    "DROP FUNCTION IF EXISTS assessments_participant_moved()",
]
SQLITE_MOVED_FORWARD = [
    _trigger("assessments_participant_moved", "UPDATE", "assessments_participant",
             _participant_moved("OLD", "NEW"),
             when="WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.round_id IS NOT NEW.round_id"),
]
SQLITE_MOVED_BACKWARD = ["DROP TRIGGER IF EXISTS assessments_participant_moved"]


def install_moved(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_MOVED_FORWARD, sqlite=SQLITE_MOVED_FORWARD,
                       what="round counters")


def uninstall_moved(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_MOVED_BACKWARD, sqlite=SQLITE_MOVED_BACKWARD,
                       what="round counters", required=False)
