"""The competency dictionary as a file: one layout for XLSX, CSV and JSON.

``spec`` holds the plain description of a competency that the file, the
database and the services all compare; ``layout`` writes it, ``reading``
and ``validation`` turn a file back into specs with row-level errors.
See docs/dictionary-format.md.
"""
