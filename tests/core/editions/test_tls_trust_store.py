"""TLS through the operating system's trust store (truststore): a council's inspecting CA, installed
in the system store, is trusted without SSL_CERT_FILE; a CA nobody installed is refused, and said so.

On Linux the system store is OpenSSL's certificate folder (SSL_CERT_DIR, /etc/ssl/certs by
default): the test installs its CA in a temporary one, as `update-ca-certificates` would, with
SSL_CERT_FILE unset. On Windows and macOS truststore asks the platform's own verifier instead;
that path is truststore's, not exercised here.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import shutil
import ssl
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from reader.core.editions.fetcher import ProxyAwareFetcher, UntrustedCertificate, tls_context
from reader.core.editions.sync import sync
from reader.core.errors import SyncNetworkError
from tests.server import Server

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to name the CA file as the store does")


def _certificate(subject: str, key, issuer_name, issuer_key, ca: bool):
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                      content_commitment=False, key_encipherment=False,
                                                      data_encipherment=False, key_agreement=False,
                                                      encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                        critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture
def inspected(tmp_path, laptop, repo, monkeypatch):
    """(laptop, https server, the council's CA as PEM): the server's certificate issued by that CA."""
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Council TLS inspection CA")])
    ca = _certificate("Council TLS inspection CA", ca_key, ca_name, ca_key, ca=True)
    leaf = _certificate("127.0.0.1", leaf_key, ca_name, ca_key, ca=False)
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM)
                                        + ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "leaf.key").write_bytes(leaf_key.private_bytes(serialization.Encoding.PEM,
                                                               serialization.PrivateFormat.PKCS8,
                                                               serialization.NoEncryption()))
    served = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    served.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    server = Server(repo, tls=served)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    for name in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    yield laptop, server, ca.public_bytes(serialization.Encoding.PEM)
    server.stop()


def _install_in_store(store, ca_pem: bytes) -> None:
    """The CA in an OpenSSL certificate folder, under the subject-hash name OpenSSL looks it up by."""
    store.mkdir(exist_ok=True)
    (store / "council.pem").write_bytes(ca_pem)
    subject_hash = subprocess.run(["openssl", "x509", "-noout", "-subject_hash", "-in", str(store / "council.pem")],
                                  capture_output=True, text=True, check=True).stdout.strip()
    (store / f"{subject_hash}.0").write_bytes(ca_pem)


def test_the_fetcher_checks_certificates_with_the_system_trust_store():
    import truststore

    assert isinstance(tls_context(), truststore.SSLContext)
    assert isinstance(ProxyAwareFetcher()._pool(None).connection_pool_kw["ssl_context"], truststore.SSLContext)


def test_a_ca_installed_in_the_system_store_is_trusted_without_ssl_cert_file(inspected, tmp_path, monkeypatch):
    (lib, name), server, ca_pem = inspected
    _install_in_store(tmp_path / "store", ca_pem)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "store"))
    report = sync(lib, server.url)
    assert report.edition != name and lib.current_name() == report.edition


def test_a_ca_nobody_installed_is_refused_and_the_message_says_what_to_ask_it_for(inspected, tmp_path, monkeypatch):
    (lib, name), server, _ = inspected
    (tmp_path / "empty-store").mkdir()
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "empty-store"))
    with pytest.raises(UntrustedCertificate):
        list(ProxyAwareFetcher(timeout=2).fetch(f"{server.url}/metadata/timestamp.json"))
    with pytest.raises(SyncNetworkError, match="certificate is not trusted by this computer.*system's trust store"):
        sync(lib, server.url)
    assert lib.current_name() == name
