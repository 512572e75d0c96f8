"""Links: ``{% url %}`` and ``get_absolute_url`` go through a remembered ``reverse`` (wijkwijzer/reversing.py)."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils.safestring import mark_safe

from wijkwijzer.reversing import _remembered, cached_reverse


def test_url_tag_writes_what_reverse_writes():
    template = Template(
        "{% url 'articles:detail' slug='een-artikel' %}|{% url 'partners:detail' 'lsa' as partner %}{{ partner }}"
        "|{% url 'articles:list' %}|{% url 'bestaat-niet' as missing %}[{{ missing }}]"
    )
    assert template.render(Context()) == (
        f"{reverse('articles:detail', kwargs={'slug': 'een-artikel'})}|{reverse('partners:detail', args=['lsa'])}"
        f"|{reverse('articles:list')}|[]"
    )


def test_url_tag_still_fails_loudly_on_a_wrong_name():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'bestaat-niet' %}").render(Context())


def test_remembered_urls_follow_the_script_prefix():
    """A site served under a sub-path (``FORCE_SCRIPT_NAME``) gets its links with that path, remembered or not."""
    original = get_script_prefix()
    try:
        assert cached_reverse("articles:list") == "/verdiepen/"
        set_script_prefix("/wijkwijzer/")
        assert cached_reverse("articles:list") == "/wijkwijzer/verdiepen/"
        assert cached_reverse("articles:detail", kwargs={"slug": "x"}) == "/wijkwijzer/verdiepen/x/"
    finally:
        set_script_prefix(original)
    assert cached_reverse("articles:list") == "/verdiepen/"


def test_arguments_that_are_not_plain_are_reversed_as_usual():
    assert cached_reverse("partners:detail", args=[mark_safe("lsa")]) == reverse("partners:detail", args=["lsa"])
    assert cached_reverse("partners:detail", kwargs={"slug": "lsa"}) == reverse("partners:detail", args=["lsa"])


def test_url_tags_in_templates_are_remembered():
    """Template literals are ``SafeString``s: the tag must still find the remembered URL, not reverse anew."""
    template = Template(
        "{% url 'articles:list' %} {% url 'partners:detail' slug %} {% url 'articles:detail' slug=slug %}"
    )
    context = {"slug": mark_safe("lsa")}
    first = template.render(Context(context))
    hits = _remembered.cache_info().hits
    assert (
        template.render(Context(context))
        == first
        == (
            f"{reverse('articles:list')} {reverse('partners:detail', args=['lsa'])} "
            f"{reverse('articles:detail', kwargs={'slug': 'lsa'})}"
        )
    )
    assert _remembered.cache_info().hits == hits + 3
