"""Optional encryption at rest (``XKIT_TOKEN_KEY``) with Fernet."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from .._errors import ConfigurationError

__all__ = ["Cipher"]

_PREFIX = "fernet:"
_SALT = b"xkit-token-store-v1"


class Cipher:
    """Encrypts token strings with a key stretched from a passphrase (scrypt)."""

    def __init__(self, passphrase: str | None) -> None:
        self._fernet: Fernet | None = None
        if passphrase:
            raw = hashlib.scrypt(
                passphrase.encode(), salt=_SALT, n=2**14, r=8, p=1, dklen=32
            )
            self._fernet = Fernet(base64.urlsafe_b64encode(raw))

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def __repr__(self) -> str:
        return f"Cipher({'on' if self.enabled else 'off'})"

    def seal(self, value: str) -> str:
        if self._fernet is None:
            return value
        return _PREFIX + self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str) -> str:
        if not value.startswith(_PREFIX):
            return value
        if self._fernet is None:
            raise ConfigurationError(
                "The token store is encrypted. Set XKIT_TOKEN_KEY to the key it "
                "was written with."
            )
        try:
            return self._fernet.decrypt(value[len(_PREFIX) :].encode()).decode()
        except InvalidToken:
            raise ConfigurationError(
                "The token store cannot be decrypted with this XKIT_TOKEN_KEY."
            ) from None
