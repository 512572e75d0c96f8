"""Forgiving pagination: a page number that is out of range or not a number shows the nearest page."""

from django.conf import settings
from django.core.paginator import Paginator


def page_number(value) -> int:
    """The page ``?page=`` asks for: 1 for anything but a whole number from 1 up (Django's ``get_page`` would show
    the last page for 0 or -1); a number beyond the last shows the last page."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class ForgivingPaginationMixin:
    """For ListView: ``?page=abc`` or ``?page=0`` shows page 1 and ``?page=999`` the last page, never an error."""

    def get_paginate_by(self, queryset):
        return self.paginate_by or settings.PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(page_number(self.request.GET.get(self.page_kwarg)))
        return paginator, page, page.object_list, page.has_other_pages()


def paginate(request, queryset, per_page: int | None = None):
    """The page of ``queryset`` that ``?page=`` asks for, for function views."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(page_number(request.GET.get("page")))
