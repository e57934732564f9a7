"""Self-made certificates for the production profile's tests and a one-box pilot: a private CA
and leaf certificates (server and client use) signed by it, as PEM files.

``python -m onewindow_kit certs DIR NAME [NAME ...] [--host H ...]`` writes ``DIR/ca.pem``
(+ ``ca.key``, kept) and ``DIR/<name>.pem`` / ``DIR/<name>.key`` per name, each valid for the
hosts given (default 127.0.0.1 and localhost). A city runs its own PKI (or cert-manager on
Kubernetes); these files are for tests and pilots. Keys are written readable by the owner only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEFAULT_HOSTS = ("127.0.0.1", "localhost")
VALID_DAYS = 365


@dataclass(frozen=True)
class Issued:
    """Where a certificate and its key were written."""

    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "OneWindow"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,  # the form Kafka's PEM key store reads
        serialization.NoEncryption(),
    )
    path.write_bytes(b"")
    os.chmod(path, 0o600)
    path.write_bytes(data)


def _subject_names(hosts: Sequence[str]) -> x509.SubjectAlternativeName:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return x509.SubjectAlternativeName(names)


def make_ca(directory: Path, common_name: str = "OneWindow test CA") -> Issued:
    """A new CA in ``directory`` (ca.pem, ca.key)."""
    directory.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(_name(common_name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    issued = Issued(directory / "ca.pem", directory / "ca.key")
    issued.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(issued.key, key)
    return issued


def make_leaf(ca: Issued, name: str, hosts: Sequence[str] = DEFAULT_HOSTS) -> Issued:
    """A certificate for ``name`` (its common name; server and client use) valid for
    ``hosts``, signed by ``ca``, written beside it as <name>.pem (chain) and <name>.key."""
    ca_cert = x509.load_pem_x509_certificate(ca.cert.read_bytes())
    ca_key = serialization.load_pem_private_key(ca.key.read_bytes(), password=None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_subject_names(hosts), critical=False)
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    issued = Issued(ca.cert.parent / f"{name}.pem", ca.cert.parent / f"{name}.key")
    issued.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(issued.key, key)
    return issued


def main(argv: Sequence[str] | None = None) -> int:
    """The ``certs`` command line."""
    parser = argparse.ArgumentParser(prog="python -m onewindow_kit certs")
    parser.add_argument("directory", type=Path)
    parser.add_argument("names", nargs="+", help="one certificate per name (e.g. cases, gateway)")
    parser.add_argument("--host", action="append", default=[], help="a DNS name or IP (repeat)")
    args = parser.parse_args(argv)
    ca = make_ca(args.directory)
    for name in args.names:
        issued = make_leaf(ca, name, args.host or DEFAULT_HOSTS)
        print(f"{issued.cert} {issued.key}")
    print(f"{ca.cert}")
    return 0
