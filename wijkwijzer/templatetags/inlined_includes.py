"""``{% include %}`` of a template named by a constant, compiled into the including template.

A builtin of the template engine (settings), so it takes the place of Django's own tag in every template. Django
looks the included template up again on every render (the name, its relative path, a cache in the render
context) and renders it as a template of its own; on a page of twenty cards, each with an include or two, that was
about a twelfth of the page. Here the included template is loaded once, when the including template is compiled
(the cached template loader keeps both), and rendered in place: ``with`` values and ``only`` as in Django.

Django's own tag is used, with its usual behaviour, when the name is a variable, when the template cannot be
loaded while compiling (it may fail at render time, as always), when a template includes itself (directly or
not), and when the included template has tags that keep state per template (``{% cycle %}``, ``{% ifchanged %}``)
or blocks.
"""

from __future__ import annotations

import threading

from django import template
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import Node
from django.template.defaulttags import CycleNode, IfChangedNode
from django.template.loader_tags import BlockNode, ExtendsNode, IncludeNode, do_include

register = template.Library()

#: Names of the templates being compiled for inlining in this thread (a template that includes itself).
_compiling = threading.local()
#: Nodes that keep state in the render context of their own template: such templates render as Django does.
_PER_TEMPLATE_STATE = (CycleNode, IfChangedNode, BlockNode, ExtendsNode)


class InlinedIncludeNode(Node):
    child_nodelists = ("nodelist",)

    def __init__(self, include: IncludeNode, included):
        self.included = included
        self.nodelist = included.nodelist
        self.extra_context = include.extra_context
        self.isolated_context = include.isolated_context

    def __repr__(self):
        return f"<{self.__class__.__qualname__}: {self.included.name!r}>"

    def render(self, context):
        values = {name: var.resolve(context) for name, var in self.extra_context.items()}
        if self.isolated_context:
            return self.included.render(context.new(values))
        with context.push(**values):
            # Template._render: what Django's include ends in (and what the test runner listens to).
            return self.included._render(context)


@register.tag("include")
def include(parser, token):
    node = do_include(parser, token)
    name = node.template.var
    loader = getattr(parser.origin, "loader", None)
    if not isinstance(name, str) or node.template.filters or loader is None:
        return node
    compiling = _compiling.__dict__.setdefault("names", set())
    if name in compiling or name == parser.origin.template_name:
        return node
    compiling.add(name)
    try:
        included = loader.engine.get_template(name)
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return node
    finally:
        compiling.discard(name)
    if included.nodelist.get_nodes_by_type(_PER_TEMPLATE_STATE):
        return node
    return InlinedIncludeNode(node, included)
