"""Triggers that keep ``AgencyOrgVersion`` (migration 0011_org_version).

Every write that can change who supervises whom adds one to the agency's
version, in the same transaction: a person inserted or deleted, or updated in
their unit, supervisor, activity or agency; a unit inserted, deleted or hung
under another parent. Other updates (a name, an e-mail address) leave it.
"""

from ._vendor_sql import execute_for_vendor

EMPLOYEE_CHANGED = """OLD.unit_id IS DISTINCT FROM NEW.unit_id
    OR OLD.supervisor_id IS DISTINCT FROM NEW.supervisor_id
    OR OLD.is_active IS DISTINCT FROM NEW.is_active
    OR OLD.agency_id IS DISTINCT FROM NEW.agency_id"""
UNIT_CHANGED = """OLD.parent_id IS DISTINCT FROM NEW.parent_id
    OR OLD.agency_id IS DISTINCT FROM NEW.agency_id"""

PG_FORWARD = [
    """
CREATE FUNCTION assessments_org_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO assessments_agencyorgversion (agency_id, version) VALUES (OLD.agency_id, 1)
    ON CONFLICT (agency_id) DO UPDATE SET version = assessments_agencyorgversion.version + 1;
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.agency_id IS DISTINCT FROM OLD.agency_id)
  THEN
    INSERT INTO assessments_agencyorgversion (agency_id, version) VALUES (NEW.agency_id, 1)
    ON CONFLICT (agency_id) DO UPDATE SET version = assessments_agencyorgversion.version + 1;
  END IF;
  RETURN NULL;
END $$;
""",
    "CREATE TRIGGER assessments_employee_org AFTER INSERT OR DELETE ON assessments_employee"
    " FOR EACH ROW EXECUTE FUNCTION assessments_org_bump()",
    f"CREATE TRIGGER assessments_employee_org_upd AFTER UPDATE ON assessments_employee"
    f" FOR EACH ROW WHEN ({EMPLOYEE_CHANGED}) EXECUTE FUNCTION assessments_org_bump()",
    "CREATE TRIGGER assessments_orgunit_org AFTER INSERT OR DELETE ON assessments_orgunit"
    " FOR EACH ROW EXECUTE FUNCTION assessments_org_bump()",
    f"CREATE TRIGGER assessments_orgunit_org_upd AFTER UPDATE ON assessments_orgunit"
    f" FOR EACH ROW WHEN ({UNIT_CHANGED}) EXECUTE FUNCTION assessments_org_bump()",
]

PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS assessments_employee_org ON assessments_employee",
    "DROP TRIGGER IF EXISTS assessments_employee_org_upd ON assessments_employee",
    "DROP TRIGGER IF EXISTS assessments_orgunit_org ON assessments_orgunit",
    "DROP TRIGGER IF EXISTS assessments_orgunit_org_upd ON assessments_orgunit",
    "DROP FUNCTION IF EXISTS assessments_org_bump()",
]


def _bump(row: str) -> str:
    return (f"INSERT INTO assessments_agencyorgversion (agency_id, version)"
            f" VALUES ({row}.agency_id, 1)"
            f" ON CONFLICT (agency_id) DO UPDATE SET version = version + 1;")


# A row moved to another agency: the agency it left changed too.
_bump_old_agency = ("INSERT INTO assessments_agencyorgversion (agency_id, version)"
                    " SELECT OLD.agency_id, 1 WHERE OLD.agency_id IS NOT NEW.agency_id"
                    " ON CONFLICT (agency_id) DO UPDATE SET version = version + 1;")


def _sqlite(table: str, short: str, changed: str) -> list[str]:
    return [
        f"CREATE TRIGGER assessments_{short}_org_ins AFTER INSERT ON {table} FOR EACH ROW"
        f"\nBEGIN\n{_bump('NEW')}\nEND",
        f"CREATE TRIGGER assessments_{short}_org_del AFTER DELETE ON {table} FOR EACH ROW"
        f"\nBEGIN\n{_bump('OLD')}\nEND",
        f"CREATE TRIGGER assessments_{short}_org_upd AFTER UPDATE ON {table} FOR EACH ROW"
        f" WHEN {changed.replace('IS DISTINCT FROM', 'IS NOT')}"
        f"\nBEGIN\n{_bump('NEW')}\n{_bump_old_agency}\nEND",
    ]


SQLITE_FORWARD = (_sqlite("assessments_employee", "employee", EMPLOYEE_CHANGED)
                  + _sqlite("assessments_orgunit", "orgunit", UNIT_CHANGED))
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS assessments_{short}_org_{event}"
                   for short in ("employee", "orgunit") for event in ("ins", "del", "upd")]


def install(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_FORWARD, sqlite=SQLITE_FORWARD,
                       what="organisation version")


def uninstall(schema_editor) -> None:
    execute_for_vendor(schema_editor, postgresql=PG_BACKWARD, sqlite=SQLITE_BACKWARD,
                       what="organisation version", required=False)
