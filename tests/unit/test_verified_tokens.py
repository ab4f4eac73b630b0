"""A service checks a token's signature once, then knows it until it expires: the same token sent with each
request is not verified again; an expired one is verified again, and refused; a forged one never matches."""

from __future__ import annotations

import asyncio
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from passerelle.auth import DEV_ISSUER, Role, TokenVerifier, mint_token
from passerelle.signing_keys import InvalidToken, StaticKey


class CountingKey(StaticKey):
    checked = 0

    async def key(self, kid):
        CountingKey.checked += 1
        return await super().key(kid)


def keys() -> tuple[bytes, bytes]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, public


def test_a_token_is_verified_once_until_it_expires():
    private, public = keys()
    verifier = TokenVerifier([CountingKey(DEV_ISSUER, public)], audience="passerelle")
    token = mint_token(private, subject="m@t", tenant="t", roles=[Role.MEDIATOR])
    first = asyncio.run(verifier.verify(token))
    again = asyncio.run(verifier.verify(token))
    assert first == again and CountingKey.checked == 1

    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(InvalidToken):
        asyncio.run(verifier.verify(forged))

    # whole seconds: a ttl of 2 leaves at least one to verify it in, whatever the fraction it was minted at
    short = mint_token(private, subject="m@t", tenant="t", roles=[Role.MEDIATOR], ttl_seconds=2)
    asyncio.run(verifier.verify(short))
    time.sleep(2.5)
    with pytest.raises(InvalidToken, match="expired"):
        asyncio.run(verifier.verify(short))
