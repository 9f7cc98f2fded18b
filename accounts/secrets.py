"""Client secrets of the organisations' identity providers, stored encrypted (Fernet: AES-128-CBC with an
HMAC-SHA256, from `cryptography`).

The key is derived from the setting SIGN_ON_SECRET_KEY (from the environment of the same name), or, when
that is empty, from SECRET_KEY. Changing that key makes the stored secrets unreadable: each organisation's
administrator then enters theirs again on the single sign-on page (nothing else is lost). A secret is
decrypted only to send it to the provider's token endpoint; no page ever shows it."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_CONTEXT = b"frivillig.accounts.sign_on.client_secret"


def _fernet() -> Fernet:
    secret = (getattr(settings, "SIGN_ON_SECRET_KEY", "") or settings.SECRET_KEY).encode()
    # A key of its own for this purpose: the site's secret itself is never used as the cipher's key.
    key = hashlib.sha256(_CONTEXT + b"\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str | None:
    """The secret, or None if there is none or it was encrypted with another key."""
    if not ciphertext:
        return None
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return None
