"""Admin login lockout (django-axes): after repeated failed logins for one username from one IP address."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render


class LoginLockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login that comes with a request (the admin login form).

    A login without a request (Django's test client, the shell) has no IP address to count against; Axes would
    refuse it with an error, so it is passed on to the next backend, as if Axes were not there.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out user sees, in Dutch, with status 429 (Too Many Requests)."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    response = render(request, "editors/lockout.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
