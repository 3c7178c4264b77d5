"""Secrets: opaque tokens (stored as SHA-256) and Argon2id password hashes."""

from __future__ import annotations

import asyncio
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.errors import ErrorCode, fail

MIN_PASSWORD_LENGTH = 10

_default_hasher = PasswordHasher()
# For tests only (Settings.fast_password_hashing): the same algorithm, far cheaper.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
_hasher = _default_hasher


def use_fast_hashing(fast: bool) -> None:
    global _hasher
    _hasher = _fast_hasher if fast else _default_hasher


def new_token() -> str:
    """An opaque bearer or invitation token: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_strength(password: str, *field: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise fail(
            ErrorCode.WEAK_PASSWORD,
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            *field,
        )


async def hash_password(password: str) -> str:
    """Argon2id, off the event loop."""
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


_dummy_hashes: dict[int, str] = {}


async def burn_password_check(password: str) -> None:
    """Verify against a throw-away hash, so an unknown email takes as long as a known one."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = await asyncio.to_thread(_hasher.hash, new_token())
    await verify_password(_dummy_hashes[key], password)
