"""The search page, ``/zoeken/?q=…``: results, facets and spelling suggestions; see ``search.engine``."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search.engine import PAGE, SearchRequest, Vocabulary, search


def _redirect(request: HttpRequest, search_request: SearchRequest) -> HttpResponseRedirect:
    query = search_request.query_string()
    page = request.GET.get(PAGE, "").strip()
    if query and page.isdigit() and page != "1":
        query += f"&{PAGE}={page}"
    return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    search_request, dropped = SearchRequest.from_query(request.GET)
    context: dict = {"search_request": search_request, "outcome": None, "active_filters": [], "query_prefix": ""}
    if search_request.is_empty:
        if dropped:
            return _redirect(request, search_request)
        return render(request, "search/search.html", context)
    vocabulary = Vocabulary.load()
    if dropped or vocabulary.unknown(search_request):
        # A value that makes no sense (an unknown theme, year "abc", …) is dropped: the corrected address.
        known = replace(
            search_request,
            themes=tuple(s for s in search_request.themes if s in vocabulary.themes),
            partners=tuple(s for s in search_request.partners if s in vocabulary.partners),
            audiences=tuple(s for s in search_request.audiences if s in vocabulary.audiences),
        )
        return _redirect(request, known)
    outcome = search(search_request, page_number=request.GET.get(PAGE), vocabulary=vocabulary)
    context.update(
        outcome=outcome,
        page_obj=outcome.page,
        query_prefix=search_request.query_string(),
        active_filters=[
            {"option": option, "query": search_request.without(option.param, option.value).query_string()}
            for group in outcome.facets.groups
            for option in group.options
            if option.selected
        ],
    )
    return render(request, "search/search.html", context)
