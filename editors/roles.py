"""The two editor roles and the organisations a user may edit for.

* **Redacteur** edits the items of his own partner organisation(s) (his ``Membership`` rows) and nothing else.
* **Hoofdredactie** edits everything: the group holds the permission ``editors.edit_all_organisations``.

Superusers have every permission, so they count as Hoofdredactie.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

REDACTEUR = "Redacteur"
HOOFDREDACTIE = "Hoofdredactie"
EDIT_ALL = "editors.edit_all_organisations"


#: (app label, model, actions) per role; a model or app that is not installed has no permissions and is skipped.
ROLE_PERMISSIONS: dict[str, list[tuple[str, list[str], list[str]]]] = {
    REDACTEUR: [
        ("articles", ["article", "historicalarticle"], ["add", "change", "delete", "view"]),
        ("calls", ["call", "historicalcall"], ["add", "change", "delete", "view"]),
        ("events", ["event", "historicalevent"], ["add", "change", "delete", "view"]),
        ("partners", ["partner"], ["view"]),
        ("themes", ["theme"], ["add", "view"]),
        ("themes", ["audience"], ["view"]),
        ("taggit", ["tag"], ["add", "view"]),
        ("editors", ["previewlink"], ["add", "change", "view"]),
    ],
    HOOFDREDACTIE: [
        ("articles", ["article", "historicalarticle"], ["add", "change", "delete", "view"]),
        ("calls", ["call", "historicalcall"], ["add", "change", "delete", "view"]),
        ("events", ["event", "historicalevent"], ["add", "change", "delete", "view"]),
        ("partners", ["partner"], ["add", "change", "view"]),
        ("themes", ["theme", "audience"], ["add", "change", "delete", "view"]),
        ("taggit", ["tag", "taggeditem"], ["add", "change", "delete", "view"]),
        ("editors", ["previewlink", "slugredirect"], ["add", "change", "delete", "view"]),
        ("editors", ["membership"], ["edit_all_organisations"]),
        ("newsletter", [], ["add", "change", "delete", "view"]),
    ],
}


def role_permissions(role: str) -> QuerySet[Permission]:
    condition = Q(pk__in=[])
    for app_label, models, actions in ROLE_PERMISSIONS[role]:
        in_app = Q(content_type__app_label=app_label)
        if models:
            in_app &= Q(content_type__model__in=models)
        codenames = Q()
        for action in actions:
            codenames |= (
                Q(codename__startswith=f"{action}_")
                if action in {"add", "change", "delete", "view"}
                else Q(codename=action)
            )
        condition |= in_app & codenames
    return Permission.objects.filter(condition)


def setup_editor_groups() -> dict[str, Group]:
    """Create (or bring up to date) the groups ‘Redacteur’ and ‘Hoofdredactie’ with their permissions."""
    groups = {}
    for role in (REDACTEUR, HOOFDREDACTIE):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
        groups[role] = group
    return groups


def edits_all_organisations(user) -> bool:
    return bool(user.is_active and user.has_perm(EDIT_ALL))


def organisation_ids(user) -> frozenset[int]:
    """The partner organisations ``user`` is a Redacteur of (cached on the user object for one request)."""
    cached = getattr(user, "_editor_organisation_ids", None)
    if cached is None:
        if not user.is_authenticated:
            cached = frozenset()
        else:
            cached = frozenset(user.editor_memberships.values_list("partner_id", flat=True))
        user._editor_organisation_ids = cached
    return cached


def scope_to_organisations(user, queryset: QuerySet, lookup: str = "partners") -> QuerySet:
    """``queryset`` limited to what ``user`` may edit; ``lookup`` leads from the model to its partner(s).

    Written as ``pk IN (subquery)`` so that the result has no duplicate rows and keeps its ordering.
    """
    if edits_all_organisations(user):
        return queryset
    ids = organisation_ids(user)
    if not ids:
        return queryset.none()
    if lookup == "pk":
        return queryset.filter(pk__in=ids)
    owned = queryset.model._default_manager.filter(**{f"{lookup}__in": ids}).values("pk")
    return queryset.filter(pk__in=owned)
