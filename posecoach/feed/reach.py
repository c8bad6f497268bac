"""Who can reach `posecoach serve`: what the address it listens on means, and the
addresses a phone on the same network would type.

A server on 127.0.0.1 (the default) answers this computer alone: no phone can
reach it, whatever address is printed. One on 0.0.0.0 (or `::`) answers on every
network the computer is on, so a phone on the same Wi-Fi can open the page by
the computer's own network address, which this module finds without sending
anything anywhere.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import NamedTuple

WILDCARDS = ("0.0.0.0", "::", "")
# An address on another network, only to ask the system which of this computer's
# addresses it would send from: connecting a UDP socket sends no packet.
_ELSEWHERE = ("10.254.254.254", 9)


class Reach(NamedTuple):
    """Where a server listening on `host` can be reached from."""

    listening: str  # "host:port" as bound ("[::]:8080" for IPv6)
    here: str  # "host:port" this computer opens it at
    network: list[str]  # "host:port" a phone on the same network opens it at
    this_computer_only: bool  # a loopback address: nothing else can connect


def authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: whatever it names, it is not known to be loopback


def network_addresses() -> list[str]:
    """This computer's IPv4 addresses that another device on its networks can use:
    the one it sends from by default (on a laptop, the Wi-Fi's) first, then those its
    host name has; never loopback or link-local (169.254.x.x) ones."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ELSEWHERE)
            found.append(probe.getsockname()[0])
    except OSError:
        pass  # no route anywhere: no network
    try:
        named = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        found += [str(info[4][0]) for info in named]
    except OSError:
        pass
    usable: list[str] = []
    for address in found:
        parsed = ipaddress.ip_address(address)
        if parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified:
            continue
        if address not in usable:
            usable.append(address)
    return usable


def reach(host: str, port: int, find: Callable[[], list[str]] = network_addresses) -> Reach:
    """What listening on `host`:`port` means for who can connect."""
    listening = authority(host, port)
    if is_loopback(host):
        return Reach(listening, listening, [], True)
    if host in WILDCARDS:
        here = authority("127.0.0.1", port)
        return Reach(listening, here, [authority(a, port) for a in find()], False)
    return Reach(listening, listening, [listening], False)
