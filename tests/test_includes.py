"""``{% include %}`` compiled in place (wijkwijzer/templatetags/inlined_includes.py): the same output as Django's own
tag, for every form of the tag."""

import pytest
from django.template import Context, Engine, TemplateDoesNotExist, engines

from wijkwijzer.templatetags.inlined_includes import InlinedIncludeNode

TEMPLATES = {
    "card.html": "<p>{{ item }}|{{ level|default:'-' }}|{{ outer|default:'geen' }}</p>",
    "nested.html": '[{% include "card.html" with item=item|upper %}]',
    "loop.html": "{% for item in items %}{% include 'card.html' with level=forloop.counter %}{% endfor %}",
    "only.html": '{% include "card.html" with item="x" only %}',
    "variable.html": "{% include name %}",
    "missing.html": '{% if show %}{% include "bestaat-niet.html" %}{% endif %}ok',
    "self.html": (
        '{{ depth }}{% if depth %}{% with depth=depth|add:"-1" %}{% include "self.html" %}{% endwith %}{% endif %}'
    ),
    "ping.html": "ping{% if depth %}{% with depth=depth|add:'-1' %}{% include 'pong.html' %}{% endwith %}{% endif %}",
    "pong.html": "pong{% include 'ping.html' %}",
    "cycling.html": "{% cycle 'a' 'b' %}",
    "cycle_loop.html": "{% for i in items %}{% include 'cycling.html' %}{% endfor %}",
    "relative/outer.html": '{% include "./inner.html" %}',
    "relative/inner.html": "binnen {{ outer }}",
    "leaves_context.html": '{% include "sets.html" %}{{ set_here|default:"weg" }}',
    "sets.html": "{% with set_here='binnen' %}{{ set_here }}{% endwith %}",
}
CASES = [
    ("nested.html", {"item": "kaart", "outer": "buiten"}),
    ("loop.html", {"items": ["a", "b", "c"], "outer": "buiten"}),
    ("only.html", {"outer": "buiten", "level": 3}),
    ("variable.html", {"name": "card.html", "item": "via variabele"}),
    ("missing.html", {"show": False}),
    ("self.html", {"depth": 3}),
    ("ping.html", {"depth": 2}),
    ("cycle_loop.html", {"items": [1, 2, 3]}),
    ("relative/outer.html", {"outer": "buiten"}),
    ("leaves_context.html", {}),
]


@pytest.fixture
def both(tmp_path):
    for name, source in TEMPLATES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)
    options = {"dirs": [str(tmp_path)], "string_if_invalid": "", "debug": False}
    djangos = Engine(**options)
    ours = Engine(**options, builtins=["wijkwijzer.templatetags.inlined_includes"])
    return djangos, ours


@pytest.mark.parametrize("name, values", CASES, ids=[name for name, _values in CASES])
def test_include_writes_what_djangos_include_writes(both, name, values):
    djangos, ours = both
    expected = djangos.get_template(name).render(Context(values))
    for _ in range(2):  # compiled once, rendered again from the cached loader
        assert ours.get_template(name).render(Context(values)) == expected


def test_a_missing_template_still_fails_when_rendered(both):
    for engine in both:
        with pytest.raises(TemplateDoesNotExist):
            engine.get_template("missing.html").render(Context({"show": True}))


def test_constant_includes_are_compiled_in_and_the_others_left_to_django(both):
    _djangos, ours = both

    def inlined(name):
        return bool(ours.get_template(name).nodelist.get_nodes_by_type(InlinedIncludeNode))

    assert inlined("nested.html") and inlined("loop.html") and inlined("relative/outer.html")
    assert not inlined("variable.html")  # the name is a variable
    assert not inlined("missing.html")  # cannot be loaded while compiling
    assert not inlined("cycle_loop.html")  # {% cycle %} keeps state per template


def test_site_templates_have_their_cards_compiled_in():
    home = engines["django"].engine.get_template("home.html")
    names = {node.included.name for node in home.nodelist.get_nodes_by_type(InlinedIncludeNode)}
    assert {"includes/article_card.html", "includes/call_card.html", "includes/deadline.html"} <= names
