"""Images and attachments: checked before use, images cleaned and served in responsive renditions.

* Images: JPEG, PNG or WebP only (never SVG), at most ``MAX_IMAGE_BYTES`` and ``MAX_IMAGE_PIXELS`` (the pixel
  count is read from the header, before decoding, so a decompression bomb is refused), turned upright by their
  EXIF orientation and re-encoded without EXIF, XMP or comments (camera, GPS, author).
* Renditions: WebP copies at ``RENDITION_WIDTHS`` (never wider than the original), made with Pillow on first
  use and kept in the default storage under ``renditions/``; the ``responsive_image`` tag writes the ``<img>``.
* Attachments: PDF, DOCX, XLSX or PPTX, checked on extension and content, at most ``MAX_ATTACHMENT_BYTES``,
  labelled like ‘PDF, 2,3 MB’ and served as downloads.
"""

from __future__ import annotations

import io
import posixpath
import secrets
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_QUALITY = 80

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
#: Extension → (label, the part an Office Open XML package must contain; None for PDF).
ATTACHMENT_TYPES = {
    "pdf": ("PDF", None),
    "docx": ("DOCX", "word/document.xml"),
    "xlsx": ("XLSX", "xl/workbook.xml"),
    "pptx": ("PPTX", "ppt/presentation.xml"),
}


#: The longest file name kept, in bytes: the file systems' limit is 255, and the storage may add a suffix.
MAX_FILE_NAME_BYTES = 120


def _unguessable_path(folder: str, filename: str) -> str:
    """``folder/2026/11/<random>/filename``: the file keeps its own name (a download is offered under it), in a
    folder nobody can guess. The media folder is served as it is (docs/deployment.md), also for the files of drafts
    and scheduled items: with the plain ``folder/2026/11/rapport.pdf`` an embargoed report could be found before
    its item was published."""
    stem, extension = posixpath.splitext(filename)
    # File systems allow 255 bytes a name: a long name in accented letters (two bytes each) is cut, at a character.
    room = MAX_FILE_NAME_BYTES - len(extension.encode())
    stem = stem.encode()[:room].decode("utf-8", "ignore") or "bestand"
    return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(9)}/{stem}{extension}"


def image_path(instance, filename: str) -> str:
    """Where an item's uploaded image goes (``upload_to``)."""
    return _unguessable_path("images", filename)


def download_path(instance, filename: str) -> str:
    """Where an item's attachment goes (``upload_to``)."""
    return _unguessable_path("downloads", filename)


def _megabytes(size: int) -> str:
    return number_format(round(size / (1024 * 1024), 1), 1)


# --- Images ---


def _open_checked(upload) -> Image.Image:
    """Open ``upload`` as an image and check its format and pixel count without decoding the pixels."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(_("Deze afbeelding heeft te veel pixels."), code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(
            _("Dit bestand is geen afbeelding die we kunnen lezen. Gebruik een JPEG, PNG of WebP."), code="invalid"
        ) from error
    if image.format not in IMAGE_FORMATS:
        raise ValidationError(
            _("Alleen JPEG-, PNG- en WebP-afbeeldingen zijn toegestaan (dit is %(format)s).")
            % {"format": image.format or _("een onbekend formaat")},
            code="format",
        )
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("Deze afbeelding is %(width)s × %(height)s pixels; maak haar kleiner dan %(max)s megapixel.")
            % {"width": width, "height": height, "max": MAX_IMAGE_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    return image


def clean_image(upload) -> ContentFile:
    """Check an uploaded image and return a clean copy: upright, without metadata, in its own format.

    Raises ``ValidationError`` with a Dutch message that says what to do.
    """
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("Deze afbeelding is %(size)s MB; het maximum is %(max)s MB. Verklein haar en probeer opnieuw.")
            % {"size": _megabytes(upload.size), "max": MAX_IMAGE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    image = _open_checked(upload)
    image_format = image.format
    try:
        image.load()
    except (OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Deze afbeelding is beschadigd of onvolledig."), code="invalid") from error
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)  # a fresh image carries no metadata of the original
    clean.paste(image)
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette())
        if "transparency" in image.info:
            clean.info["transparency"] = image.info["transparency"]
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    else:
        options.update(optimize=True)
        if "transparency" in clean.info:
            options["transparency"] = clean.info["transparency"]
    output = io.BytesIO()
    clean.save(output, format=image_format, **options)
    stem = posixpath.splitext(posixpath.basename(upload.name or "afbeelding"))[0] or "afbeelding"
    return ContentFile(output.getvalue(), name=stem + IMAGE_FORMATS[image_format])


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def rendition_name(name: str, width: int) -> str:
    """Where the rendition of the original ``name`` at ``width`` is kept: named after the whole original name,
    whose storage makes it unique. (Without the extension, ‘zomerfoto.jpg’ and another editor's ‘zomerfoto.png’ of
    the same month shared their renditions, and one item showed the other's picture.)"""
    return f"renditions/{name}-{width}w.webp"


def rendition_widths(original_width: int) -> list[int]:
    """The widths to make: the standard ones narrower than the original, and the original's (at most the largest)."""
    largest = min(original_width, RENDITION_WIDTHS[-1])
    return [*(width for width in RENDITION_WIDTHS if width < largest), largest]


def _plan(fieldfile, width, height, storage) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    """Every rendition of the image as (name, width, height), and those of them not in the storage yet."""
    if not width or not height:
        width, height = fieldfile.width, fieldfile.height
    result = [
        (rendition_name(fieldfile.name, target), target, max(1, round(height * target / width)))
        for target in rendition_widths(width)
    ]
    return result, [rendition for rendition in result if not storage.exists(rendition[0])]


#: Modes with an alpha channel (or a transparent colour, ``info["transparency"]``): their renditions keep it.
_ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
_SRGB = ImageCms.createProfile("sRGB")


def for_screen(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit RGB or RGBA in sRGB, as browsers show a rendition without a colour profile: 16-bit grey
    scaled down (converted as it is, its values above 255 became white), transparency kept (a grey logo's
    transparent background became black), and the colours of an embedded profile (Display P3 of a phone, a CMYK
    print profile) converted to sRGB instead of read as if they were sRGB."""
    profile = image.info.get("icc_profile")
    alpha = image.mode in _ALPHA_MODES or "transparency" in image.info
    if image.mode in {"I;16", "I;16L", "I;16B", "I;16N", "I"}:
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if profile and image.mode in {"RGB", "RGBA", "CMYK", "L"}:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken or unusable profile: the colours as they are
    target = "RGBA" if alpha else "RGB"
    return image if image.mode == target else image.convert(target)


def _make(fieldfile, missing: list[tuple[str, int, int]], storage) -> None:
    with fieldfile.open("rb") as file, Image.open(file) as original:
        source = for_screen(ImageOps.exif_transpose(original))
        # Largest first, each made from the one before it: far less work than every one from the original.
        for name, target, target_height in sorted(missing, key=lambda rendition: -rendition[1]):
            source = source.resize((target, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            output = io.BytesIO()
            source.save(output, format="WEBP", quality=RENDITION_QUALITY, method=4)
            storage.save(name, ContentFile(output.getvalue()))


def renditions(fieldfile, width: int | None = None, height: int | None = None, storage=None) -> list[Rendition]:
    """The WebP renditions of an image field's file, made now when they do not exist yet."""
    storage = storage or fieldfile.storage or default_storage
    result, missing = _plan(fieldfile, width, height, storage)
    if missing:
        _make(fieldfile, missing, storage)
    return [Rendition(storage.url(name), target, target_height) for name, target, target_height in result]


def make_missing_renditions(fieldfile, width: int | None = None, height: int | None = None) -> int:
    """Make the renditions of an image field's file that do not exist yet; how many were made."""
    storage = fieldfile.storage or default_storage
    _result, missing = _plan(fieldfile, width, height, storage)
    if missing:
        _make(fieldfile, missing, storage)
    return len(missing)


# --- Attachments ---


def validate_attachment(upload) -> None:
    """Refuse anything but a PDF, DOCX, XLSX or PPTX file of at most ``MAX_ATTACHMENT_BYTES``."""
    extension = posixpath.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(_("Alleen PDF-, DOCX-, XLSX- en PPTX-bestanden zijn toegestaan."), code="extension")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Dit bestand is %(size)s MB; het maximum is %(max)s MB.")
            % {"size": _megabytes(upload.size), "max": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    label, main_part = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    if main_part is None:
        valid = upload.read(5) == b"%PDF-"
    else:
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
            valid = "[Content_Types].xml" in names and main_part in names
        except (zipfile.BadZipFile, OSError):
            valid = False
    upload.seek(0)
    if not valid:
        raise ValidationError(
            _("Dit bestand is geen echt %(label)s-bestand. Sla het opnieuw op als %(label)s en probeer het nog eens.")
            % {"label": label},
            code="content",
        )


def attachment_label(fieldfile) -> str:
    """‘PDF, 2,3 MB’: the kind and size of an attachment, for next to its download link."""
    extension = posixpath.splitext(fieldfile.name)[1].lower().lstrip(".")
    label = ATTACHMENT_TYPES.get(extension, (extension.upper(), None))[0]
    try:
        size = fieldfile.size
    except OSError:
        return label
    if size < 1024 * 1024:
        return f"{label}, {max(1, round(size / 1024))} kB"
    return f"{label}, {_megabytes(size)} MB"


def attachment_response(fieldfile) -> FileResponse:
    """Serve an attachment as a download with its own file name."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except OSError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=posixpath.basename(fieldfile.name))
