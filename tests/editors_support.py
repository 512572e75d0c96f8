"""Builders for the editors' tests: users in a role, images and attachments as uploads."""

from __future__ import annotations

import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from editors.models import Membership
from editors.roles import HOOFDREDACTIE, REDACTEUR, setup_editor_groups

PASSWORD = "een-lang-genoeg-wachtwoord-2024"


def make_user(username: str, *, role: str | None = None, organisations=(), **fields):
    groups = setup_editor_groups()
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, is_staff=True, **fields)
    if role:
        user.groups.add(groups[role])
    for partner in organisations:
        Membership.objects.create(user=user, partner=partner)
    return user


def make_redacteur(*organisations, username: str = "redacteur"):
    return make_user(username, role=REDACTEUR, organisations=organisations)


def make_hoofdredactie(username: str = "hoofdredactie"):
    return make_user(username, role=HOOFDREDACTIE)


def image_bytes(fmt: str = "JPEG", size=(1200, 800), color=(200, 60, 40), **save_options) -> bytes:
    output = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(output, format=fmt, **save_options)
    return output.getvalue()


def image_upload(name: str = "foto.jpg", fmt: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_type)


def pdf_bytes(size: int = 2048) -> bytes:
    head = b"%PDF-1.7\n"
    return head + b"0" * max(0, size - len(head))


def office_bytes(main_part: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return output.getvalue()


def admin_form_data(item, **changes) -> dict:
    """What the admin's change form of ``item`` posts as it stands (its publication fields and relations), with
    ``changes`` on top."""
    from articles.models import Article

    data = {
        "title": item.title,
        "slug": item.slug,
        "summary": item.summary,
        "body": item.body,
        "status": item.status,
        "publish_from_0": "01-01-2020",
        "publish_from_1": "09:00:00",
        "partners": [partner.pk for partner in item.partners.all()],
        "themes": [theme.pk for theme in item.themes.all()],
        "audiences": [audience.pk for audience in item.audiences.all()],
        "image_alt": "",
        "tags": "",
    }
    if isinstance(item, Article):
        data["kind"] = item.kind
    if hasattr(item, "action_label"):
        data["action_label"] = item.action_label
    if hasattr(item, "start_date"):
        data.update(start_date=item.start_date.strftime("%d-%m-%Y"), state=item.state, attendance=item.attendance)
    return data | changes
