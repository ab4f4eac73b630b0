"""A local certificate authority and the broker's TLS certificate, made on this machine, never committed.

The CA's PEM is what clients trust (PASSERELLE_KAFKA_CA_FILE); the broker gets a PKCS#12 keystore
(its key and certificate chain) that the JVM reads, with a password of its own.
"""

from __future__ import annotations

import datetime
import ipaddress
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOSTS = ("127.0.0.1", "localhost", "kafka")  # local runs, and the broker's name in compose


@dataclass(frozen=True)
class BrokerTls:
    ca: Path  # the CA certificate (PEM): clients trust it
    keystore: Path  # the broker's key and certificate chain (PKCS#12)
    keystore_password: str


def broker_tls(folder: Path, hosts: tuple[str, ...] = HOSTS) -> BrokerTls:
    """The CA and the broker's keystore in `folder`, made on the first call and kept."""
    ca_pem, keystore, password = folder / "ca.pem", folder / "broker.p12", folder / "broker.p12.password"
    if not (ca_pem.exists() and keystore.exists() and password.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        ca_key, ca_cert = _certificate_authority()
        key, cert = _broker_certificate(ca_key, ca_cert, hosts)
        secret = secrets.token_urlsafe(24)
        encryption = (  # the legacy algorithms every JVM reads
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
            .hmac_hash(hashes.SHA1())
            .build(secret.encode())
        )
        keystore.write_bytes(pkcs12.serialize_key_and_certificates(b"broker", key, cert, [ca_cert], encryption))
        password.write_text(secret)
        ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return BrokerTls(ca=ca_pem, keystore=keystore, keystore_password=password.read_text())


def _now() -> datetime.datetime:
    """The machine's real time (a certificate is checked against it), not Passerelle's clock."""
    return datetime.datetime.fromtimestamp(time.time(), datetime.UTC)


def _certificate_authority() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Passerelle local Kafka CA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )  # digital signature, certificate and CRL signing
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _broker_certificate(
    ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, hosts: tuple[str, ...]
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kafka")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(minutes=5))
        .not_valid_after(_now() + datetime.timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert
