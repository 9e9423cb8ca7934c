"""Tiny runs of the benchmark scripts so they keep working (the real runs are by hand)."""

import pytest

from bench import score_round_bench, seed_demo_bench
from bench._setup import machine

pytestmark = pytest.mark.django_db


def test_seed_benchmark_runs(service_mind):
    report = seed_demo_bench.run(employees=20)
    assert report["employees"] == 20
    assert report["forms"] > 0 and report["ratings"] > 0
    # 20 people's forms and ratings cannot be written in no time at all.
    assert report["seconds"] > 0


def test_scoring_benchmark_agrees_with_per_person_version(service_mind):
    from assessments import demo
    from assessments.models import Round

    demo.seed_demo(employees=20, hand_offs=False)
    rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.RELEASED)
    report = score_round_bench.run(rnd=rnd)
    assert report["participants"] == 20
    assert report["mismatched_levels"] == 0
    assert report["ratio"] is not None


def test_machine_description():
    # Every figure in docs/benchmarks.md is printed with this description.
    import os

    info = machine()
    assert info["cpus"] == os.cpu_count()
    assert info["memory_gb"] > 0


def test_request_cpu_benchmark_runs(service_mind):
    from bench import request_cpu_bench

    report = request_cpu_bench.run(requests=3, employees=20)
    kinds = report["kinds"]
    assert {"form page", "form save (draft)", "dashboard", request_cpu_bench.FLOOR} <= set(kinds)
    assert all(k["queries"] > 0 and k["n"] > 0 for k in kinds.values()), kinds
    # Every target kind is read against the floor measured in the same run.
    ratios = report["ratio_to_floor"]
    assert {"form page", "form save (draft)"} <= set(ratios), ratios
    assert all(r["cpu_ratio"] > 0 and isinstance(r["met"], bool) for r in ratios.values())


def test_the_floor_view_is_served_only_by_the_benchmarks_urlconf(client, django_user_model):
    # The floor writes a row for any signed-in rater: the portal must not have it.
    from django.urls import Resolver404, resolve

    from bench.floor_urls import FLOOR_PATH

    url = FLOOR_PATH.format(pk=1)
    with pytest.raises(Resolver404):
        resolve(url)
    assert resolve(url, urlconf="bench.floor_urls").url_name == "bench_floor"
    client.force_login(django_user_model.objects.create_user("nobody"))
    assert client.post(url).status_code == 404
