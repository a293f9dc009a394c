# -*- coding: utf-8 -*-
# Copyright (c) 2026, privatelink.endpoints contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""TLS and proxies: the ClickHouse emulator over HTTPS with a private CA made at test time.

Verification is on by default and refuses the private CA; the CA is trusted through
``ca_path`` or the environment (``REQUESTS_CA_BUNDLE``, ``SSL_CERT_FILE``);
``validate_certs: false`` skips it; ``HTTPS_PROXY`` is followed (through a small
CONNECT proxy) unless ``NO_PROXY`` names the host.
"""

from __future__ import annotations

import datetime
import ipaddress
import select
import socket
import socketserver
import ssl
import threading

import pytest

from ansible_collections.privatelink.endpoints.plugins.modules import clickhouse_service_info
from ansible_collections.privatelink.endpoints.tests.emulators.clickhouse import ClickHouseEmulator
from ansible_collections.privatelink.endpoints.tests.reliability.flows import AWS_SERVICE, clickhouse_connection
from ansible_collections.privatelink.endpoints.tests.reliability.harness import run_module

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

# Every variable that could change where trust or proxies come from, cleared for each run.
CLEAN = dict.fromkeys(("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY",
                       "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"))


def _certificate(subject, issuer, key, issuer_key, ca):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A private CA and a server certificate for 127.0.0.1 it signed: paths of the PEM files."""
    where = tmp_path_factory.mktemp("pki")
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "privatelink test CA")])
    ca = _certificate(ca_name, ca_name, ca_key, ca_key, True)
    server = _certificate(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), ca_name,
                          server_key, ca_key, False)
    paths = dict(ca=where / "ca.pem", cert=where / "server.pem", key=where / "server.key")
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption()))
    return paths


@pytest.fixture(scope="module")
def https_clickhouse(pki):
    emulator = ClickHouseEmulator()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(pki["cert"]), str(pki["key"]))
    emulator.ssl_context = context
    with emulator:
        yield emulator


class ConnectProxy(socketserver.ThreadingTCPServer):
    """An HTTP proxy that only tunnels (CONNECT), recording where to."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.tunnels = []
        super().__init__(("127.0.0.1", 0), ConnectHandler)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class ConnectHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request_line = self.rfile.readline().decode("latin-1").split()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        if len(request_line) < 2 or request_line[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, port = request_line[1].rsplit(":", 1)
        self.server.tunnels.append(request_line[1])
        upstream = socket.create_connection((host, int(port)))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable = select.select(sockets, [], [], 10)[0]
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()


@pytest.fixture
def proxy():
    server = ConnectProxy()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def lookup(emulator, env=None, **options):
    args = dict(clickhouse_connection(emulator), id=AWS_SERVICE, **options)
    return run_module(clickhouse_service_info, args, env=dict(CLEAN, **(env or {})))


def found(result):
    return not result.get("failed") and [s["id"] for s in result["services"]] == [AWS_SERVICE]


def test_verification_is_on_by_default_and_fails_cleanly(https_clickhouse):
    https_clickhouse.fresh()
    result = lookup(https_clickhouse)
    assert result.get("failed") and "traceback" not in result
    assert "TLS failed (see validate_certs)" in result["msg"] and "CERTIFICATE_VERIFY_FAILED" in result["msg"]
    assert https_clickhouse.requests == []


def test_a_private_ca_through_ca_path(https_clickhouse, pki):
    https_clickhouse.fresh()
    assert found(lookup(https_clickhouse, ca_path=str(pki["ca"])))


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"])
def test_a_private_ca_through_the_environment(https_clickhouse, pki, variable):
    https_clickhouse.fresh()
    assert found(lookup(https_clickhouse, env={variable: str(pki["ca"])}))


def test_ca_path_wins_over_the_environment(https_clickhouse, pki, tmp_path):
    https_clickhouse.fresh()
    empty = tmp_path / "other.pem"
    empty.write_text(pki["cert"].read_text())  # a bundle without the CA: verification would fail with it
    assert found(lookup(https_clickhouse, env={"REQUESTS_CA_BUNDLE": str(empty)}, ca_path=str(pki["ca"])))


def test_validate_certs_false_skips_verification(https_clickhouse):
    https_clickhouse.fresh()
    assert found(lookup(https_clickhouse, validate_certs=False))


def test_https_proxy_is_followed_and_no_proxy_bypasses_it(https_clickhouse, pki, proxy):
    https_clickhouse.fresh()
    through = dict(HTTPS_PROXY=proxy.url, REQUESTS_CA_BUNDLE=str(pki["ca"]))
    assert found(lookup(https_clickhouse, env=through))
    assert proxy.tunnels == ["127.0.0.1:%d" % https_clickhouse.port]
    assert found(lookup(https_clickhouse, env=dict(through, NO_PROXY="127.0.0.1")))
    assert len(proxy.tunnels) == 1, "NO_PROXY names the host: no tunnel"
