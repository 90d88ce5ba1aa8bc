"""The address of the person signing in, as django-axes counts its failures (``AXES_CLIENT_IP_CALLABLE``).

Behind the reverse proxy the README prescribes, every request comes from the proxy's address: counted on it, five
wrong passwords typed by anyone would lock a known account for everyone. The real address is in the
``X-Forwarded-For`` header, which each proxy extends on the right with the address that connected to it; whatever
is left of it came from the client and may be forged. So the header is read only when the connecting address is
one of ``settings.TRUSTED_PROXIES`` (addresses or networks), from right to left, skipping the trusted proxies: the
first address not among them is the client's. Without trusted proxies (the default), the header is ignored and the
connecting address counts (``REMOTE_ADDR``).

django-axes' own route (django-ipware with ``AXES_IPWARE_PROXY_COUNT`` or ``AXES_IPWARE_PROXY_TRUSTED_IPS``) would
add a package for less: ipware matches trusted proxies by text prefix, not by network, and a proxy count breaks
as soon as a request skips a hop. A few lines over the standard ``ipaddress`` do it exactly.
"""

import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: list[str]) -> tuple[Network, ...]:
    """The trusted proxies of the setting (``10.0.0.1``, ``10.0.0.0/8``, ``::1``); ValueError on a wrong one."""
    return tuple(ipaddress.ip_network(item, strict=False) for item in value)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or through the trusted proxies the right-most untrusted hop of
    X-Forwarded-For (a hop that is not an address ends the walk: the last trusted one is kept)."""
    networks = parse_networks(settings.TRUSTED_PROXIES)
    remote = request.META.get("REMOTE_ADDR", "")
    address = _address(remote)
    if not _trusted(address, networks):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop_address = _address(hop)
        if hop_address is None:
            break
        address = hop_address
        if not _trusted(address, networks):
            break
    return str(address)
