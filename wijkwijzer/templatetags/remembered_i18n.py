"""Django's ``i18n`` template library, with ``{% translate %}`` and ``{% blocktranslate %}`` that remember their
messages per language.

Registered as ``i18n`` in the engine's ``libraries`` (settings), so ``{% load i18n %}`` loads this module in every
template, the admin's included. Same syntax, same output: only the work that gives the same answer every time is
done once per process and language.

- ``{% translate "literal" %}`` (no filters, no ``noop``, no ``context``): the translated, safe string is looked up
  once per language. Django resolves the literal, makes a lazy translation, forces it, escapes and restores the
  percent signs on every render; a page has about a hundred of these.
- ``{% blocktranslate %}``: the message id, built from the block's tokens (and whitespace-trimmed with
  ``trimmed``), is built once per tag instead of on every render; a plain message's translation (no plural, no
  context) is looked up once per language. Variables are filled in on every render, as before.

The remembered translations are forgotten when a setting that changes them changes (tests), as Django's own
translation caches are.
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable, render_value_in_context
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

#: (language, message id) -> translation, for messages that are constants in templates.
_translations: dict[tuple[str | None, str], str] = {}


def remembered_gettext(message: str) -> str:
    """``gettext(message)`` remembered per active language (``message`` must be a constant)."""
    key = (translation.get_language(), message)
    try:
        return _translations[key]
    except KeyError:
        result = _translations[key] = translation.gettext(message)
        return result


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _translations.clear()


class RememberedTranslateNode(django_i18n.TranslateNode):
    def __init__(self, filter_expression, noop, asvar=None, message_context=None):
        super().__init__(filter_expression, noop, asvar, message_context)
        var = self.filter_expression.var
        self.constant = None
        if (
            not noop
            and message_context is None
            and not self.filter_expression.filters
            and isinstance(var, Variable)
            and var.lookups is None
            and isinstance(var.literal, str)
        ):
            # What Django's rendering gives: the literal's percent signs doubled for gettext, the translation's
            # restored; the literal is safe (template text), and so is its translation.
            self.constant = var.literal.replace("%", "%%")

    def render(self, context):
        if self.constant is None:
            return super().render(context)
        value = mark_safe(remembered_gettext(self.constant).replace("%%", "%"))
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


class RememberedBlockTranslateNode(django_i18n.BlockTranslateNode):
    def render_token_list(self, tokens):
        # The tokens are the tag's own (``self.singular``, ``self.plural``), the same list on every render.
        memo = self.__dict__.setdefault("_token_lists", {})
        if id(tokens) not in memo:
            memo[id(tokens)] = super().render_token_list(tokens)
        message, variables = memo[id(tokens)]
        return message, list(variables)

    def render(self, context, nested=False):
        if self.message_context or self.plural or nested:
            return super().render(context, nested=nested)
        # Django's rendering of a plain message (no plural, no context), with the translation remembered.
        context.update({var: val.resolve(context) for var, val in self.extra_context.items()})
        singular, variables = self.render_token_list(self.singular)
        result = remembered_gettext(singular)
        default_value = context.template.engine.string_if_invalid

        def render_value(key):
            if key in context:
                return render_value_in_context(context[key], context)
            return render_value_in_context(default_value % key if "%s" in default_value else default_value, context)

        data = {v: render_value(v) for v in variables}
        context.pop()
        try:
            result %= data
        except (KeyError, ValueError):
            # A malformed translation: Django's own path falls back to the untranslated message.
            return super().render(context, nested=False)
        if self.asvar:
            context[self.asvar] = SafeString(result)
            return ""
        return result


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    return RememberedTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@register.tag("blocktranslate")
@register.tag("blocktrans")
def do_block_translate(parser, token):
    node = django_i18n.do_block_translate(parser, token)
    remembered = RememberedBlockTranslateNode.__new__(RememberedBlockTranslateNode)
    remembered.__dict__.update(node.__dict__)
    return remembered
