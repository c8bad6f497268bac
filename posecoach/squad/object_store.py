"""`squad publish --to s3://bucket/prefix`: each athlete's calendar feed as an object in
S3-compatible storage (AWS S3, MinIO, SeaweedFS, Cloudflare R2, Backblaze B2, ...).

s3fs (the optional extra `posecoach[s3]`) is imported here, and only when an s3://
target is asked for: the folder target and every other command start without it.
s3fs has no type information, so everything it returns stays inside this module and
leaves it as the typed values below.

Only the objects whose bytes changed are written, so an object's Last-Modified (and
a CDN's cached copy) keeps meaning "when the calendar changed":
1. One listing of the prefix (a request per 1,000 objects) gives every object's
   size and ETag.
2. Same size and an ETag equal to the MD5 of the local bytes: unchanged, no request.
   That holds for every object written in one PUT, as these are, on AWS and the
   S3-compatible hosts, unless the bucket encrypts with KMS keys.
3. Same size but another ETag: the bytes changed, or the ETag is no MD5 at all
   (buckets encrypted with KMS keys, an object some other tool uploaded in parts).
   The SHA-256 that every write stores in the object's own metadata decides, at
   the cost of one HEAD; so no host's way with ETags causes a rewrite every time.
4. Anything else (new, another size, another hash) is written, with Content-MD5 so
   the host refuses a body damaged on the way.
Like the folder target, nothing is deleted (an athlete who left keeps a stale feed
until it is removed by hand); and headers are not compared: an object with the
right bytes but other headers, written by another tool, is left as it is.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from posecoach.errors import UsageError

SCHEME = "s3"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Calendar apps poll a subscribed feed every few hours at most, so a short max-age
# costs them nothing, while it lets a CDN in front of the bucket answer a squad's
# thousands of polls from its cache and still shows a coach's change within five
# minutes (a longer one would keep a moved session stale for that long).
CACHE_CONTROL = "public, max-age=300"
HASH_METADATA = "sha256"  # sent as x-amz-meta-sha256
INSTALL_HINT = 'install posecoach with its object-storage extra: pip install "posecoach[s3]"'
# Writes in flight at once: a first publish of a thousand athletes to a distant host
# is bound by round trips, not bandwidth; a handful hides them without bursting
# past the request rates hosts allow.
PARALLEL = 8
# Connection refused or a host gone quiet should say so within seconds, not after
# botocore's and s3fs's retries multiply (about 12 s with their defaults).
CONFIG = {"connect_timeout": 5, "read_timeout": 30, "retries": {"max_attempts": 2}}
RETRIES = 2
# S3-compatible hosts mostly ignore the region, but signing (SigV4) needs one.
FALLBACK_REGION = "us-east-1"


class Location(NamedTuple):
    """Where the feeds go: a bucket, and a prefix in it ("" for the bucket's top)."""

    bucket: str
    prefix: str

    @classmethod
    def parse(cls, url: str) -> Location:
        parts = urlsplit(url)
        if parts.scheme != SCHEME:
            raise UsageError(
                f"{url}: cannot publish to {parts.scheme}:// addresses",
                "give a folder, or s3://BUCKET/PREFIX for S3-compatible object storage",
                field="to",
            )
        if not parts.netloc or parts.query or parts.fragment:
            raise UsageError(
                f"{url}: not a bucket address", "write it as s3://BUCKET/PREFIX", field="to"
            )
        return cls(parts.netloc, parts.path.strip("/"))

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def url(self, name: str = "") -> str:
        return f"{SCHEME}://{self.bucket}/{self.key(name)}".rstrip("/")


class Upload(NamedTuple):
    name: str  # under the prefix, e.g. <token>/plan.ics
    data: bytes


class Stored(NamedTuple):
    name: str
    url: str
    written: bool  # its bytes changed (or it is new)
    problem: str | None = None  # why it was not written


class Settings(NamedTuple):
    """The host to talk to; the credentials stay with botocore, which reads them
    the way every AWS tool does (environment, ~/.aws, AWS_PROFILE, instance roles)."""

    endpoint: str | None
    region: str | None

    @classmethod
    def read(cls, endpoint_url: str | None, environ: Mapping[str, str]) -> Settings:
        endpoint = (
            endpoint_url or environ.get("AWS_ENDPOINT_URL_S3") or environ.get("AWS_ENDPOINT_URL")
        )
        if endpoint:
            parts = urlsplit(endpoint)
            try:
                parts.port  # noqa: B018 -- raises on a port that is not a number
            except ValueError:
                parts = parts._replace(scheme="")
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise UsageError(
                    f"{_shown(endpoint)}: not a host address",
                    "write it as https://HOST[:PORT]",
                    field="endpoint_url",
                )
        region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
        if endpoint and not region:
            region = FALLBACK_REGION
        return cls(endpoint or None, region or None)

    @property
    def host(self) -> str:
        """How messages name the host: never with what may be a secret in it."""
        return f"the object storage at {_shown(self.endpoint)}" if self.endpoint else "Amazon S3"


def is_address(target: str) -> bool:
    """Whether `--to` names storage (scheme://...) rather than a folder."""
    # A scheme as RFC 3986 has it, of two letters or more: C://x is a Windows folder.
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]+://", target) is not None


class Target(NamedTuple):
    """A checked s3:// target, with s3fs at hand: made before any plan is rebuilt, so
    a wrong address or a missing extra is told at once."""

    location: Location
    settings: Settings
    filesystem: Any  # s3fs.S3FileSystem (untyped)

    @classmethod
    def open(
        cls, url: str, endpoint_url: str | None = None, environ: Mapping[str, str] | None = None
    ) -> Target:
        location = Location.parse(url)
        settings = Settings.read(endpoint_url, os.environ if environ is None else environ)
        try:
            import s3fs
        except ImportError:
            raise UsageError(
                f"publishing to {SCHEME}:// needs posecoach's object-storage support",
                INSTALL_HINT,
            ) from None
        return cls(location, settings, s3fs.S3FileSystem)

    def publish(self, uploads: Sequence[Upload]) -> list[Stored]:
        """Write each upload under the prefix if its bytes changed.

        An object the host refuses is reported in its Stored and the others are
        written; no way in (credentials, bucket, network) stops the run with a
        UsageError.
        """
        return asyncio.run(_publish(self.filesystem, self.location, self.settings, uploads))


class _Listed(NamedTuple):
    etag: str
    size: int


async def _publish(
    filesystem: Any, location: Location, settings: Settings, uploads: Sequence[Upload]
) -> list[Stored]:
    client_kwargs = {"region_name": settings.region} if settings.region else {}
    fs = filesystem(
        asynchronous=True,
        skip_instance_cache=True,  # a cached instance would bring a stale listing along
        endpoint_url=settings.endpoint,
        client_kwargs=client_kwargs,
        config_kwargs=CONFIG,
    )
    fs.retries = RETRIES  # a class attribute, not an argument
    session: Any = None
    try:
        session = await fs.set_session()
        listed = await _listing(fs, location)
        gate = asyncio.Semaphore(PARALLEL)

        async def one(upload: Upload) -> Stored:
            async with gate:
                return await _store(fs, location, upload, listed.get(location.key(upload.name)))

        # A task group: the first failure that every write would meet (credentials,
        # network) cancels the writes still waiting, instead of each retrying it.
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(one(upload)) for upload in uploads]
    except ExceptionGroup as failures:
        raise _worded(failures.exceptions[0], settings, location) from None
    except Exception as error:
        raise _worded(error, settings, location) from None
    finally:
        if session is not None:
            await session.close()
    return [task.result() for task in tasks]


async def _listing(fs: Any, location: Location) -> dict[str, _Listed]:
    """Every object under the prefix, with its ETag and size."""
    found: dict[str, _Listed] = {}
    continuation: dict[str, str] = {}
    while True:
        page = await fs._call_s3(
            "list_objects_v2", Bucket=location.bucket, Prefix=location.key(""), **continuation
        )
        for item in page.get("Contents", []):
            found[str(item["Key"])] = _Listed(str(item.get("ETag", "")), int(item.get("Size", -1)))
        token = page.get("NextContinuationToken")
        if not page.get("IsTruncated") or not token:
            return found
        continuation = {"ContinuationToken": str(token)}


async def _store(fs: Any, location: Location, upload: Upload, listed: _Listed | None) -> Stored:
    key = location.key(upload.name)
    md5 = hashlib.md5(upload.data, usedforsecurity=False)
    sha256 = hashlib.sha256(upload.data).hexdigest()
    try:
        if listed is not None and await _same(
            fs, location, key, listed, upload.data, md5.hexdigest(), sha256
        ):
            return Stored(upload.name, location.url(upload.name), False)
        await fs._call_s3(
            "put_object",
            Bucket=location.bucket,
            Key=key,
            Body=upload.data,
            ContentType=CONTENT_TYPE,
            CacheControl=CACHE_CONTROL,
            ContentMD5=base64.b64encode(md5.digest()).decode("ascii"),
            Metadata={HASH_METADATA: sha256},
        )
    except Exception as error:
        code = _code(error)
        if isinstance(error, PermissionError) or code is None:
            raise  # no access, no network: no other object would fare better
        problem = f"{location.url(upload.name)}: the storage did not take it ({code})"
        return Stored(upload.name, location.url(upload.name), False, problem)
    return Stored(upload.name, location.url(upload.name), True)


async def _same(
    fs: Any, location: Location, key: str, listed: _Listed, data: bytes, md5: str, sha256: str
) -> bool:
    """Whether the stored object already holds these bytes (see the module's doc)."""
    if listed.size != len(data):
        return False
    if listed.etag.strip('"').lower() == md5:
        return True
    # Not our MD5: the bytes changed, or this host's ETags are not MD5s (KMS
    # encryption, an upload in parts by another tool); the hash each write stores
    # in the object's metadata decides.
    try:
        head = await fs._call_s3("head_object", Bucket=location.bucket, Key=key)
    except FileNotFoundError:  # removed since the listing
        return False
    metadata = head.get("Metadata") or {}
    return bool(metadata.get(HASH_METADATA) == sha256)


def _code(error: BaseException) -> str | None:
    """The host's error code (e.g. SignatureDoesNotMatch): s3fs keeps botocore's
    ClientError as the cause. Its message is not shown: hosts echo request details."""
    cause = error.__cause__ if error.__cause__ is not None else error
    response = getattr(cause, "response", None)
    if not isinstance(response, dict):
        return None
    code = response.get("Error", {}).get("Code")
    return str(code) if code else None


def _worded(error: BaseException, settings: Settings, location: Location) -> UsageError:
    """A failure to get in, in the coach's words, with what to check."""
    from botocore import exceptions as boto

    host = settings.host
    bucket = location.bucket
    code = _code(error)
    if isinstance(error, boto.NoCredentialsError | boto.PartialCredentialsError):
        return UsageError(
            f"no credentials for {host}",
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE for a profile"
            " in ~/.aws/credentials)",
        )
    if isinstance(error, boto.ParamValidationError):  # botocore checks bucket names
        return UsageError(
            f"{location.url()}: {bucket!r} is not a bucket name",
            "bucket names are 3 to 63 lower-case letters, digits, dots and hyphens",
            field="to",
        )
    if isinstance(error, boto.ProfileNotFound):
        return UsageError(f"{error}", "check AWS_PROFILE and ~/.aws/config")
    if isinstance(error, PermissionError):
        return UsageError(
            f"{host} refused access to the bucket {bucket!r} ({code or 'access denied'})",
            "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), and that"
            " this key may list and write the bucket",
        )
    if isinstance(error, FileNotFoundError):
        return UsageError(
            f"there is no bucket {bucket!r} at {host}",
            "create it first, or check the bucket's name in {to} and the host in {endpoint_url}",
        )
    if isinstance(error, boto.BotoCoreError | ConnectionError | TimeoutError):
        return UsageError(
            f"cannot reach {host}",
            "check the address in {endpoint_url} (or AWS_ENDPOINT_URL) and the network",
        )
    if isinstance(error, OSError) and code is not None:
        return UsageError(f"{host} answered {code} for the bucket {bucket!r}")
    if isinstance(error, OSError):
        return UsageError(f"cannot publish to {location.url()} ({error.strerror or error})")
    raise error


def _shown(endpoint: str | None) -> str:
    """The endpoint without user, password or query (which may carry secrets)."""
    if not endpoint:
        return ""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path.rstrip('/')}"
