"""Mail delivery configured by one ``EMAIL_URL``, turned into Django 6.1's ``MAILERS`` setting.

- unset or ``console:``        mails are printed (development)
- ``file:///path/to/folder``   each mail is written to a file in that folder
- ``smtp://user:pass@host:587`` SMTP with STARTTLS; ``smtps://`` for implicit TLS;
  ``smtp+plain://`` for an unencrypted relay on localhost
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def mailers_from_url(url: str) -> dict:
    url = url.strip()
    if not url or url.startswith("console:"):
        return {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": unquote(parts.path)},
            }
        }
    if parts.scheme in {"smtp", "smtps", "smtp+plain"}:
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or {"smtps": 465, "smtp": 587}.get(parts.scheme, 25),
            "use_tls": parts.scheme == "smtp",
            "use_ssl": parts.scheme == "smtps",
            "timeout": 20,
        }
        if parts.username:
            options["username"] = unquote(parts.username)
            options["password"] = unquote(parts.password or "")
        return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}
    raise ValueError(f"EMAIL_URL has an unknown scheme: {parts.scheme!r}")
