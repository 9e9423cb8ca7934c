"""A real S3 API server on loopback for the tests: moto in server mode (PyPI).

Started once per test session on a free port, in its own process; each test
gets a fresh bucket. The portal talks to it with boto3 over HTTP exactly as it
would to MinIO or a cloud bucket (no protocol mock).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests

from config.storage import default_storage_config

KEY, SECRET, REGION = "portal-test", "portal-test-secret", "us-east-1"


@dataclass
class S3:
    endpoint: str
    bucket: str

    @property
    def url(self) -> str:
        """The DJANGO_STORAGE_URL of this bucket."""
        return f"s3://{self.bucket}/portal?endpoint_url={self.endpoint}&region_name={REGION}"

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id=KEY, aws_secret_access_key=SECRET)

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [o["Key"] for o in listing.get("Contents", [])]

    def env(self) -> dict[str, str]:
        """What a worker process needs in its environment to use this bucket."""
        return {"DJANGO_STORAGE_URL": self.url, "AWS_ACCESS_KEY_ID": KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET}

    def use_in(self, settings) -> None:
        """Point this (test) process's default storage at the bucket."""
        settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = KEY, SECRET
        settings.STORAGES = {**settings.STORAGES, "default": default_storage_config(self.url)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    port = _free_port()
    binary = Path(sys.executable).parent / "moto_server"
    proc = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)],  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # two loaded CI cores: moto imports slowly
    while True:
        try:
            requests.get(endpoint, timeout=5)
            break
        except requests.RequestException:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.1)
    yield endpoint
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint) -> S3:
    bucket = S3(endpoint=s3_endpoint, bucket=f"portal-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.bucket)
    return bucket
