"""``{% responsive_image item.image alt=… %}``: an ``<img>`` with WebP renditions in ``srcset``.

Also the ``attachment_label`` filter: ‘PDF, 2,3 MB’.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wijkwijzer import media

register = template.Library()

DEFAULT_SIZES = "(min-width: 52rem) 48rem, 100vw"


@register.simple_tag
def responsive_image(image, alt: str = "", sizes: str = DEFAULT_SIZES, lazy: bool = True, css_class: str = ""):
    """The image in WebP renditions, with width and height against layout shift; lazy unless ``lazy=False``.

    ``alt=""`` marks a decorative image. An image whose file cannot be read is left out rather than broken.
    """
    if not image:
        return ""
    instance = getattr(image, "instance", None)
    width = getattr(instance, "image_width", None) if instance is not None else None
    height = getattr(instance, "image_height", None) if instance is not None else None
    try:
        versions = media.renditions(image, width, height)
    except (OSError, ValueError):
        return ""
    largest = versions[-1]
    srcset = ", ".join(f"{version.url} {version.width}w" for version in versions)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}{}>',
        largest.url,
        srcset,
        sizes,
        largest.width,
        largest.height,
        alt,
        mark_safe(' loading="lazy"') if lazy else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.filter
def attachment_label(fieldfile) -> str:
    return media.attachment_label(fieldfile) if fieldfile else ""
