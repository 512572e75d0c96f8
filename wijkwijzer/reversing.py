"""``reverse()`` with a memory, for the URLs every page writes again and again.

Django works a URL out anew on every ``reverse()`` and every ``{% url %}``: a detail page writes some thirty, a
list page fifty, and that was an eighth of the time of rendering a page. A URL only depends on its arguments and
on what the URL configuration, script prefix, language and current app are at that moment, so the answer is kept
per combination of those. Only plain strings and integers are remembered as arguments (slugs, ids); anything
else (a model instance, a lazy string) is reversed as usual.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString

#: Template string literals and values marked safe are ``SafeString``: plain text all the same (as ``str``).
_PLAIN = frozenset({str, int, SafeString})


def _plain(value):
    return str(value) if type(value) is SafeString else value


@functools.lru_cache(maxsize=50_000)
def _remembered(viewname, args, kwargs, current_app, urlconf, _root_urlconf, _prefix, _language) -> str:
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    """``reverse(viewname, args=…, kwargs=…, current_app=…)``, remembered for plain arguments."""
    args = tuple(args or ())
    kwargs = kwargs or {}
    if type(viewname) not in (str, SafeString) or any(type(value) not in _PLAIN for value in (*args, *kwargs.values())):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        str(viewname),
        tuple(_plain(value) for value in args),
        tuple(sorted((key, _plain(value)) for key, value in kwargs.items())),
        current_app,
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_script_prefix(),
        translation.get_language(),
    )


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    """Tests that swap the URL configuration get fresh answers, as from Django's own caches."""
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _remembered.cache_clear()
