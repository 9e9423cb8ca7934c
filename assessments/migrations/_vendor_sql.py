"""Run a migration's SQL written for the database in use (PostgreSQL or SQLite)."""


def execute_for_vendor(schema_editor, *, postgresql: list[str], sqlite: list[str],
                       what: str, required: bool = True) -> None:
    """Execute the statements for this connection's vendor. ``required``: another
    database stops the migration (the triggers are what keep ``what`` right);
    otherwise (undoing) there is nothing to run."""
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": postgresql, "sqlite": sqlite}.get(vendor)
    if statements is None:
        if required:
            raise RuntimeError(f"{what}: no triggers written for {vendor}")
        return
    for sql in statements:
        schema_editor.execute(sql)
