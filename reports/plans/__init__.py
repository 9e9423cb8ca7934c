"""Individual development plans (แผนพัฒนารายบุคคล) of a released round.

The person and their supervisor fill the plan in on the web after release,
the supervisor agrees to it, and the report prints the version agreed
(``printing.py``). The next round's report says, item by item, whether the
indicator improved (``reports.progress``). HR reads a summary by unit
(``summary.py``). The rules are in docs/product-rules.md.
"""
