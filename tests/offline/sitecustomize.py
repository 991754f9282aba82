"""Loaded by every Python process the tests start (the book build and its kernels):
refuse network connections that leave this machine, so nothing downloads at run time."""

import socket

_LOOPBACK_PREFIXES = ("127.", "::1", "localhost", "0.0.0.0")
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _check(address):
    if isinstance(address, tuple) and not str(address[0]).startswith(_LOOPBACK_PREFIXES):
        raise ConnectionRefusedError(f"network access to {address[0]} is blocked while testing (offline guard)")


def _guarded_connect(self, address):
    _check(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    _check(address)
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
