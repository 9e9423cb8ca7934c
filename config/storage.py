"""Where the portal keeps its files: the local disk (embedded default) or S3-compatible storage.

Report PDFs, the files HR uploads for an import and the dictionary uploads all
go through Django's storage API, so a web node or a worker needs no shared
disk once ``DJANGO_STORAGE_URL`` names a bucket:

    s3://BUCKET[/PREFIX]?endpoint_url=https://minio.example:9000&region_name=ap-southeast-1

Credentials come from ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (read by
boto3 itself, so they never appear in a URL that may be logged). Every object
is private: downloads go through the portal's permission check and are then
streamed, or redirected to a signed URL that expires within a minute when
``DJANGO_STORAGE_REDIRECT`` is on and the users' browsers can reach the bucket.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Query parameters of DJANGO_STORAGE_URL passed on to django-storages' S3Storage.
S3_OPTIONS = {"endpoint_url", "region_name", "addressing_style", "signature_version",
              "custom_domain"}


def default_storage_config(url: str, *, signed_url_seconds: int = 60) -> dict:
    """The ``STORAGES["default"]`` entry for a storage URL ('' means the local disk)."""
    if not url:
        return FILESYSTEM
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ImproperlyConfigured(
            f"DJANGO_STORAGE_URL must look like s3://bucket/prefix?endpoint_url=...; got {url!r}")
    query = dict(parse_qsl(parts.query))
    unknown = set(query) - S3_OPTIONS
    if unknown:
        raise ImproperlyConfigured(f"DJANGO_STORAGE_URL: unknown option(s) {sorted(unknown)}")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            **query,
            # Personal data: nothing public, every URL signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            # Report file names carry the data hash; the same name is the same content.
            "file_overwrite": True,
        },
    }
