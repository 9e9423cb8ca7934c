"""Benchmark: an invitation and a small import while a report batch renders.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/7 .venv/bin/python bench/queue_isolation_bench.py
    .venv/bin/python bench/queue_isolation_bench.py --reports 2000     # the issue's figure

Issue 17: "while 2,000 reports are rendering, an invitation mail task and a
small import finish within seconds". The benchmark starts the two Celery
workers exactly as docker-compose.yml runs them (the ``worker`` service on
``default``, ``worker-reports`` on ``reports``; their commands are read from
that file, with the base settings, on the ``bench`` database and on a Redis
database that must be free: the queues are the real ``default`` and
``reports``). Then, in one run:

1. **idle**: after one untimed warm-up of each, a small round is opened
   (its invitations go out through ``round_invitations_send``) and a small
   units file is imported (dry run, then apply, each by ``import_job_run`` on
   the worker) with nothing else queued: the baseline;
2. **batch**: ``--reports`` ``report_render`` tasks of the demo's released
   round are queued (routed to ``reports`` by CELERY_TASK_ROUTES); once the
   reports worker has rendered a few, the same invitation and import run
   again, for another small round and agency.

Each task's time runs from its hand-off to its result in the database (every
invitation logged, the job applied). Printed: both times, their ratio, how
many reports were done and still queued when the batch's mail and import were
done, and the report rate. The workers are then stopped and the rest of the
batch removed from the queue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from bench._reports import demo_round, snapshot_ids
    from bench._setup import ROOT, database_url, django_setup, machine, migrate
except ImportError:  # run as a script
    from _reports import demo_round, snapshot_ids
    from _setup import ROOT, database_url, django_setup, machine, migrate

DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
QUEUES = ("default", "reports")
SMALL_ROUND_PEOPLE = 5  # the invitation: one mail per person
IMPORT_UNITS = 20  # the small import: a units file of 20 rows
TARGET_SECONDS = 10  # "within seconds"
_COMMAND = re.compile(r"^  ([\w-]+):\n(?:    .*\n)*?    command: (celery -A config worker .*)$",
                      re.M)


def compose_workers() -> dict[str, list[str]]:
    """The Celery worker services of docker-compose.yml: name -> command words."""
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    return {name: cmd.split() for name, cmd in _COMMAND.findall(text)}


def worker_queues(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(","))


def _worker_for(queue: str, workers: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The one compose worker that consumes ``queue``, and only it."""
    found = [(n, c) for n, c in workers.items() if queue in worker_queues(c)]
    if len(found) != 1 or worker_queues(found[0][1]) != {queue}:
        raise SystemExit(f"docker-compose.yml: expected one worker consuming only {queue!r}, "
                         f"found {found}")
    return found[0]


def start_worker(name: str, command: list[str], *, broker: str, media: Path, log: Path,
                 concurrency: int | None = None) -> subprocess.Popen:
    """The compose command, here: the same options (``concurrency`` may lower the
    process count, for the smoke test), base settings, this run's database."""
    words = [str(Path(sys.executable).parent / "celery"), *command[1:]]
    if concurrency is not None:
        words = [w for w in words if not w.startswith("--concurrency")]
        words.append(f"--concurrency={concurrency}")
    words += ["--without-gossip", "--without-mingle", "--without-heartbeat",
              "--hostname", f"{name}-{os.getpid()}@%h"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker,
           "DJANGO_MEDIA_ROOT": str(media), "DJANGO_CONN_MAX_AGE": "0",
           "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with log.open("ab") as out:
        return subprocess.Popen(words, cwd=ROOT, env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm: the renders under way finish
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _wait(predicate, procs: dict, what: str, timeout: float, poll: float = 0.05) -> float:
    started = time.perf_counter()
    while not predicate():
        for name, (proc, log) in procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"worker {name} exited:\n"
                                   + log.read_text(errors="replace")[-2000:])
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)
    return time.perf_counter() - started


def small_agency(tag: str):
    """An agency of SMALL_ROUND_PEOPLE people with e-mail addresses, an HR
    officer, and a draft Service Mind round: opening it sends the invitations."""
    from django.contrib.auth import get_user_model

    from assessments.models import Agency, Employee, HrOfficer, OrgUnit
    from assessments.services import round_create
    from competency.thaidate import fiscal_half_of

    code = f"qbench-{tag[0]}{time.time_ns() % 10**12}"  # fits employee numbers (30)
    agency = Agency.objects.create(code=code, name_th=f"กรมทดสอบคิว {tag}")
    unit = OrgUnit.objects.create(agency=agency, code="D", name_th="กรมทดสอบคิว", kind="department")
    boss = Employee.objects.create(
        agency=agency, unit=unit, employee_number=f"{code}-0", first_name="หัวหน้า",
        last_name="ทดสอบ", email=f"boss@{code}.example.go.th", position_name="ผู้อำนวยการ",
        position_type="director", position_level="primary")
    Employee.objects.bulk_create(
        Employee(agency=agency, unit=unit, employee_number=f"{code}-{n}", first_name=f"คน{n}",
                 last_name="ทดสอบ", email=f"p{n}@{code}.example.go.th", supervisor=boss,
                 position_name="นักทรัพยากรบุคคล", position_type="knowledge",
                 position_level="practitioner")
        for n in range(1, SMALL_ROUND_PEOPLE))
    hr = get_user_model().objects.create_user(username=code)
    HrOfficer.objects.create(user=hr, agency=agency)
    deadline = dt.date.today() + dt.timedelta(days=14)
    fiscal_year, half = fiscal_half_of(deadline)
    rnd = round_create(agency=agency, name_th=f"รอบทดสอบคิว {tag}", slug=code,
                       fiscal_year=fiscal_year, half=half, deadline=deadline)
    return agency, hr, rnd


def units_csv(rows: int) -> bytes:
    lines = ["รหัสหน่วยงาน,ชื่อหน่วยงาน,หน่วยงานต้นสังกัด,ประเภท", "D,กรมทดสอบคิว,,กรม"]
    lines += [f"B{n:02d},สำนักทดสอบที่ {n},D,สำนัก/กอง" for n in range(1, rows)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def mail_and_import(tag: str, *, procs: dict, timeout: float) -> dict:
    """Open a small round (invitations on ``default``) and import a units file
    through the worker; seconds from each hand-off to its result."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from assessments.imports import import_job_create
    from assessments.imports.enqueue import import_job_enqueue
    from assessments.models import ImportJob, ReminderLog
    from assessments.services import round_open

    agency, hr, rnd = small_agency(tag)
    job = import_job_create(agency=agency, kind="units", by=hr, upload=SimpleUploadedFile(
        "units.csv", units_csv(IMPORT_UNITS), content_type="text/csv"))
    invited = ReminderLog.objects.filter(round=rnd, kind=ReminderLog.Kind.INVITATION)
    status = ImportJob.objects.filter(pk=job.pk).values_list("status", flat=True)
    times: dict[str, float] = {}
    started = time.perf_counter()
    round_open(rnd=rnd)  # on commit: round_invitations_send.delay
    # Any file size goes to the worker, as a file over IMPORT_SYNC_MAX_BYTES does.
    with override_settings(IMPORT_SYNC_MAX_BYTES=0):
        import_job_enqueue(job=job, action="check")

        def finished() -> bool:  # both polled together: neither waits for the other
            now = time.perf_counter()
            if "invitation" not in times and invited.count() >= SMALL_ROUND_PEOPLE:
                times["invitation"] = now
            if "check" not in times and (state := status.first()) in ("checked", "invalid"):
                if state != "checked":
                    raise RuntimeError(f"the dry run refused the file: {job.pk}")
                times["check"] = now
                import_job_enqueue(job=job, action="apply")
            if "check" in times and "apply" not in times and status.first() == "applied":
                times["apply"] = now
            return len(times) == 3

        _wait(finished, procs, f"the invitations and the import ({tag})", timeout)
    return {"invitation_s": round(times["invitation"] - started, 2),
            "import_check_s": round(times["check"] - started, 2),
            "import_apply_s": round(times["apply"] - times["check"], 2),
            "import_s": round(times["apply"] - started, 2)}


def run(*, rnd, reports: int, broker: str, reports_concurrency: int | None = None,
        default_concurrency: int | None = None, warm_reports: int = 4,
        timeout: float = 120) -> dict:
    import redis
    from django.test import override_settings

    from config.celery import app
    from reports.models import ReportSnapshot
    from reports.tasks import report_render

    queue = redis.Redis.from_url(broker)
    busy = {q: queue.llen(q) for q in QUEUES if queue.llen(q)}
    if busy:
        raise SystemExit(f"{broker} already holds tasks {busy}: use a Redis database of its own")
    workers = compose_workers()
    ids = snapshot_ids(rnd=rnd, count=reports)
    ReportSnapshot.objects.filter(pk__in=ids).update(status="queued", pdf="", pdf_hash="")
    work = Path(tempfile.mkdtemp(prefix="queue-bench-"))
    media = work / "media"
    media.mkdir()
    procs: dict = {}
    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, broker
    app._pool = None  # tasks go to this broker, not to one used before
    app.amqp._producer_pool = None
    try:
        for queue_name, concurrency in (("default", default_concurrency),
                                        ("reports", reports_concurrency)):
            name, command = _worker_for(queue_name, workers)
            log = work / f"{name}.log"
            procs[name] = (start_worker(name, command, broker=broker, media=media, log=log,
                                        concurrency=concurrency), log)
        load_start = os.getloadavg()[0]
        with override_settings(MEDIA_ROOT=media):  # the workers read the uploads here
            _wait(lambda: all("ready." in log.read_text(errors="replace")
                              for _p, log in procs.values()), procs, "the workers", timeout)
            # The default worker's first mail and import load their code: not timed.
            mail_and_import("warm-up", procs=procs, timeout=timeout)
            idle = mail_and_import("idle", procs=procs, timeout=timeout)

            def done() -> int:
                return ReportSnapshot.objects.filter(pk__in=ids, status="done").count()

            batch_started = time.perf_counter()
            for pk in ids:
                report_render.delay(pk)  # CELERY_TASK_ROUTES: the reports queue
            queued_s = time.perf_counter() - batch_started
            queued_behind = queue.llen("reports")
            warm = min(warm_reports, len(ids) - 1)
            _wait(lambda: done() >= warm, procs, "the first reports", timeout, poll=0.2)
            done_at_start = done()
            batch = mail_and_import("batch", procs=procs, timeout=timeout)
            finished = time.perf_counter()
            done_at_end = done()
            still_queued = queue.llen("reports")
            load_end = os.getloadavg()[0]
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        app._pool = None
        app.amqp._producer_pool = None
        for proc, _log in procs.values():
            stop_worker(proc)
        queue.delete(*QUEUES)  # the rest of the batch
        logs = {n: log.read_text(errors="replace")[-1500:] for n, (_p, log) in procs.items()}
        shutil.rmtree(work, ignore_errors=True)
    rendered_during = done_at_end - done_at_start
    slowest = max(batch["invitation_s"], batch["import_s"])
    report_rate = done_at_end / (finished - batch_started) if finished > batch_started else 0
    return {
        "benchmark": "queue isolation (invitation and import during a report batch)",
        "workers": {n: " ".join(worker_queues(c)) for n, c in workers.items()},
        "worker_commands": {n: " ".join(c) for n, c in workers.items()},
        "concurrency_overrides": {"default": default_concurrency, "reports": reports_concurrency},
        "reports": len(ids), "reports_queued_in_s": round(queued_s, 2),
        "reports_waiting_after_queueing": queued_behind,
        "idle": idle, "during_batch": batch,
        "ratio_invitation": round(batch["invitation_s"] / idle["invitation_s"], 2)
        if idle["invitation_s"] else None,
        "ratio_import": round(batch["import_s"] / idle["import_s"], 2)
        if idle["import_s"] else None,
        "reports_done_when_mail_and_import_started": done_at_start,
        "reports_done_when_mail_and_import_finished": done_at_end,
        "reports_rendered_meanwhile": rendered_during,
        "reports_still_queued": still_queued,
        "reports_per_s": round(report_rate, 2),
        "batch_projected_s": round(len(ids) / report_rate, 1) if report_rate else None,
        "finished_while_batch_rendering": done_at_end < len(ids) and still_queued > 0,
        "target_s": TARGET_SECONDS, "met": slowest <= TARGET_SECONDS,
        "load_avg_1m_start": load_start, "load_avg_1m_end": load_end,
        "worker_log_tails": logs if slowest > TARGET_SECONDS else {},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000, help="reports in the batch")
    parser.add_argument("--broker", default=None,
                        help=f"Redis URL (default: CELERY_BROKER_URL or {DEFAULT_BROKER})")
    args = parser.parse_args()
    broker = args.broker or os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER
    django_setup()
    migrate()
    rnd = demo_round(employees=args.reports)
    report = run(rnd=rnd, reports=args.reports, broker=broker)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
