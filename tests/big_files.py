"""Large activity files made on the spot for the resource tests: a GPX file of
tens of megabytes, and small .gz files that inflate to far more."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

GPX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="posecoach tests"'
    b' xmlns="http://www.topografix.com/GPX/1/1"'
    b' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
    b"<trk><name>Long run</name><type>running</type><trkseg>\n"
)
GPX_TAIL = b"</trkseg></trk></gpx>\n"
START = datetime(2027, 1, 6, 7, tzinfo=UTC)


def point(second: int) -> bytes:
    """A Garmin-style track point, one second after the last, about 230 bytes."""
    stamp = (START + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f'<trkpt lat="{48 + second * 3 / 111_195:.7f}" lon="11.0000000"><ele>520.4</ele>'
        f"<time>{stamp}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150"
        "</gpxtpx:hr><gpxtpx:cad>86</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>"
        "</trkpt>\n"
    ).encode()


def big_gpx(path: Path, megabytes: float = 0, points: int = 0) -> int:
    """A GPX file of one track of about `megabytes` MB (some 4,500 points a MB, a second
    apart: 60 MB is 73 hours), or of `points` points; returns its number of points."""
    written = 0
    with open(path, "wb") as out:
        out.write(GPX_HEAD)
        size = len(GPX_HEAD)
        while (size < megabytes * 2**20) if megabytes else (written < points):
            count = 1000 if megabytes else min(1000, points - written)
            block = b"".join(point(written + n) for n in range(count))
            out.write(block)
            size += len(block)
            written += count
        out.write(GPX_TAIL)
    return written


def inflating_gz(path: Path, head: bytes, block: bytes, count: int, lie: bool = False) -> None:
    """A .gz file of `head` and `block` repeated `count` times, made without deflating
    all of it: after a full flush the compressor starts afresh, so each further
    block compresses to the same bytes, written again. `lie`: its trailer says it
    inflates to 1 kB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = packer.compress(head + block) + packer.flush(zlib.Z_FULL_FLUSH)  # gzip header too
    again = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    last_block = packer.flush()[:-8]  # the empty final block, without this stream's trailer
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    size = 1024 if lie else (len(head) + count * len(block)) % 2**32
    with open(path, "wb") as out:
        out.write(first)
        for _ in range(count - 1):
            out.write(again)
        out.write(last_block + crc.to_bytes(4, "little") + size.to_bytes(4, "little"))


# XML that every limit but the inflated size lets through: elements passed over, of
# 64 kB each (one attribute), so few that their count and their time are nothing.
WIDE_ELEMENT = b'<x a="' + b"a" * (2**16 - 9) + b'"/>'
WIDE_MIB = WIDE_ELEMENT * 16


def gzipped_gpx(source: Path, path: Path) -> None:
    """`source` gzipped, a piece at a time."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with open(source, "rb") as data, open(path, "wb") as out:
        while piece := data.read(2**20):
            out.write(packer.compress(piece))
        out.write(packer.flush())
