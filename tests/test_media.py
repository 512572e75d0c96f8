"""Images and attachments: checked before use, cleaned, shown in responsive renditions, served as downloads."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article
from partners.models import Partner
from tests.builders import make_article
from tests.editors_support import image_bytes, image_upload, make_hoofdredactie, office_bytes, pdf_bytes
from wijkwijzer import media


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def exif_jpeg(orientation: int, size=(300, 200)) -> bytes:
    """A JPEG that a camera took sideways: pixels 300×200, EXIF saying ‘rotate’, with GPS and camera data."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Camera Maker"  # Make
    exif[0x013B] = "Fotograaf"  # Artist
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue()


# --- Images ---


def test_exif_orientation_is_applied_and_metadata_stripped():
    upload = SimpleUploadedFile("scheef.jpg", exif_jpeg(orientation=6), content_type="image/jpeg")
    cleaned = media.clean_image(upload)
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.size == (200, 300)  # turned upright
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_jpeg_png_and_webp_are_accepted(fmt, extension):
    cleaned = media.clean_image(image_upload(f"foto{extension}", fmt=fmt))
    assert cleaned.name == f"foto{extension}"
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == fmt


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    with pytest.raises(ValidationError, match="JPEG, PNG of WebP"):
        media.clean_image(SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"))


def test_gif_is_refused():
    with pytest.raises(ValidationError, match="Alleen JPEG-, PNG- en WebP"):
        media.clean_image(image_upload("animatie.gif", fmt="GIF"))


def test_too_many_bytes_is_refused(monkeypatch):
    monkeypatch.setattr(media, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(ValidationError, match="het maximum is"):
        media.clean_image(image_upload(size=(400, 400)))


def test_decompression_bomb_is_refused_before_decoding():
    """A small file that would unpack to 49 megapixels."""
    output = io.BytesIO()
    Image.new("1", (7000, 7000)).save(output, format="PNG")
    assert len(output.getvalue()) < 200_000
    with pytest.raises(ValidationError, match="7000 × 7000 pixels"):
        media.clean_image(SimpleUploadedFile("bom.png", output.getvalue(), content_type="image/png"))


def test_truncated_image_is_refused():
    data = image_bytes("JPEG", size=(800, 600))
    with pytest.raises(ValidationError):
        media.clean_image(SimpleUploadedFile("half.jpg", data[: len(data) // 3], content_type="image/jpeg"))


def test_renditions_are_webp_in_several_widths_never_wider_than_the_original(media_root):
    from django.core.files.storage import default_storage

    name = default_storage.save("images/foto.jpg", ContentFile(image_bytes("JPEG", size=(1000, 500))))
    article = Article(image=name)
    versions = media.renditions(article.image)
    assert [(v.width, v.height) for v in versions] == [(480, 240), (800, 400), (1000, 500)]
    for version in versions:
        with Image.open(media_root / version.url.removeprefix("/media/")) as image:
            assert image.format == "WEBP" and image.width == version.width


def test_two_images_of_the_same_name_in_other_formats_have_renditions_of_their_own(media_root):
    """‘zomerfoto.jpg’ (red) and another editor's ‘zomerfoto.png’ (blue) of the same month shared their renditions:
    the second item showed the first one's picture."""
    from django.core.files.storage import default_storage

    red = default_storage.save("images/zomerfoto.jpg", ContentFile(image_bytes("JPEG", (900, 600), (220, 0, 0))))
    blue = default_storage.save("images/zomerfoto.png", ContentFile(image_bytes("PNG", (900, 600), (0, 0, 220))))
    for name, channel in ((red, 0), (blue, 2)):
        versions = media.renditions(Article(image=name).image)
        for version in versions:
            with Image.open(media_root / version.url.removeprefix("/media/")) as image:
                assert image.convert("RGB").getpixel((5, 5))[channel] > 180, (name, version.url)
    assert not {v.url for v in media.renditions(Article(image=red).image)} & {
        v.url for v in media.renditions(Article(image=blue).image)
    }


def rendition_pixels(media_root, name: str, *points) -> list:
    versions = media.renditions(Article(image=name).image)
    with Image.open(media_root / versions[0].url.removeprefix("/media/")) as image:
        return [image.getpixel(point) for point in points], image.mode


def test_renditions_keep_transparency_grey_levels_and_colours(media_root):
    """A grey logo with a transparent background (LA) got a black background, a 16-bit grey PNG turned white."""
    from django.core.files.storage import default_storage

    logo = Image.new("LA", (600, 300), (0, 0))
    logo.paste((90, 255), (0, 0, 300, 300))  # the left half grey, the right half transparent
    output = io.BytesIO()
    logo.save(output, format="PNG")
    name = default_storage.save("images/logo.png", ContentFile(output.getvalue()))
    (left, right), mode = rendition_pixels(media_root, name, (10, 10), (470, 10))
    assert mode == "RGBA"
    assert left[3] == 255 and abs(left[0] - 90) <= 3
    assert right[3] == 0  # still transparent, not black

    row = (20000).to_bytes(2, "little") * 300 + (40000).to_bytes(2, "little") * 300
    gradient = Image.frombytes("I;16", (600, 300), row * 300)
    output = io.BytesIO()
    gradient.save(output, format="PNG")
    name = default_storage.save("images/verloop.png", ContentFile(output.getvalue()))
    (dark, light), _mode = rendition_pixels(media_root, name, (10, 10), (470, 10))
    assert abs(dark[0] - 78) <= 3 and abs(light[0] - 156) <= 3  # 20000 and 40000 of 65535, not white

    # A colour profile that is broken: the colours as they are, not a failed rendition. (Conversion from a real
    # profile such as Display P3 is not tested: no such profile is on these machines, nor made by Pillow.)
    photo = Image.new("RGB", (600, 300), (30, 120, 200))
    output = io.BytesIO()
    photo.save(output, format="JPEG", quality=95, icc_profile=b"geen echt kleurprofiel" * 8)
    name = default_storage.save("images/foto-met-kapot-profiel.jpg", ContentFile(output.getvalue()))
    (pixel,), mode = rendition_pixels(media_root, name, (10, 10))
    assert mode == "RGB" and all(abs(a - b) <= 6 for a, b in zip(pixel, (30, 120, 200), strict=True))


@pytest.mark.django_db
def test_responsive_image_tag_writes_srcset_width_height_and_lazy_loading():
    article = make_article(
        image=ContentFile(image_bytes("JPEG", size=(1600, 900)), name="wijk.jpg"), image_alt="Een plein"
    )
    html = Template("{% load responsive_images %}{% responsive_image item.image alt=item.image_alt %}").render(
        Context({"item": article})
    )
    assert 'srcset="/media/renditions/images/' in html
    assert "-480w.webp 480w" in html and "-1600w.webp 1600w" in html
    assert 'width="1600" height="900"' in html
    assert 'alt="Een plein"' in html
    assert 'loading="lazy"' in html


@pytest.mark.django_db
def test_detail_page_shows_the_image_eagerly_with_renditions_and_alt_text(client):
    article = make_article(
        image=ContentFile(image_bytes("PNG", size=(900, 600)), name="wijk.png"), image_alt="Een plein"
    )
    html = client.get(article.get_absolute_url()).text
    assert 'alt="Een plein"' in html
    assert "-480w.webp 480w" in html
    assert 'width="900" height="600"' in html
    assert 'loading="lazy"' not in html  # above the fold


@pytest.mark.django_db
def test_decorative_image_has_an_empty_alt(client):
    article = make_article(image=ContentFile(image_bytes(), name="sfeer.jpg"), image_decorative=True)
    assert 'alt=""' in client.get(article.get_absolute_url()).text


# --- The admin form ---


def admin_data(**fields) -> dict:
    return {
        "title": "Met afbeelding",
        "slug": "met-afbeelding",
        "summary": "Samenvatting.",
        "kind": "artikel",
        "status": "draft",
        "publish_from_0": "01-01-2026",
        "publish_from_1": "09:00:00",
        "image_alt": "",
        "tags": "",
        **fields,
    }


@pytest.fixture
def chief_client(client, db):
    client.force_login(make_hoofdredactie())
    return client


def test_alt_text_is_required_unless_the_image_is_decorative(chief_client):
    url = reverse("admin:articles_article_add")
    response = chief_client.post(url, admin_data(image=image_upload()))
    assert response.status_code == 200
    assert "Beschrijf wat er op de afbeelding staat" in str(response.context["adminform"].form.errors["image_alt"])
    response = chief_client.post(url, admin_data(image=image_upload(), image_decorative="on"))
    assert response.status_code == 302


def test_uploaded_image_is_stored_clean_with_its_size(chief_client):
    response = chief_client.post(
        reverse("admin:articles_article_add"),
        admin_data(
            image=SimpleUploadedFile("scheef.jpg", exif_jpeg(6), content_type="image/jpeg"), image_alt="Een plein"
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.image_width, article.image_height) == (200, 300)
    with article.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_admin_refuses_an_svg_in_dutch(chief_client):
    svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml")
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(image=svg, image_alt="Logo"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == [
        "Dit bestand is geen afbeelding die we kunnen lezen. Gebruik een JPEG, PNG of WebP."
    ]
    assert not Article.objects.exists()


def test_admin_says_an_image_has_too_many_pixels(chief_client):
    """Not that it is "geen of een beschadigde afbeelding", as Django's own check said first."""
    output = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(output, format="PNG")
    huge = SimpleUploadedFile("poster.png", output.getvalue(), content_type="image/png")
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(image=huge, image_alt="Poster"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"] == ["Deze afbeelding heeft te veel pixels."]
    assert not Article.objects.exists()


# --- Attachments ---


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", pdf_bytes()),
        ("notitie.docx", office_bytes("word/document.xml")),
        ("cijfers.xlsx", office_bytes("xl/workbook.xml")),
        ("presentatie.pptx", office_bytes("ppt/presentation.xml")),
    ],
)
def test_pdf_and_office_attachments_are_accepted(name, content):
    media.validate_attachment(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Alleen PDF-"),
        ("rapport.pdf", b"MZ\x90\x00 not a pdf", "geen echt PDF-bestand"),
        ("notitie.docx", pdf_bytes(), "geen echt DOCX-bestand"),
        ("cijfers.xlsx", office_bytes("word/document.xml"), "geen echt XLSX-bestand"),
        ("pagina.html", b"<script>alert(1)</script>", "Alleen PDF-"),
    ],
)
def test_other_or_disguised_attachments_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        media.validate_attachment(SimpleUploadedFile(name, content))


def test_too_large_attachment_is_refused(monkeypatch):
    monkeypatch.setattr(media, "MAX_ATTACHMENT_BYTES", 1000)
    with pytest.raises(ValidationError, match="het maximum is"):
        media.validate_attachment(SimpleUploadedFile("rapport.pdf", pdf_bytes(2000)))


@pytest.mark.django_db
def test_attachment_is_labelled_with_kind_and_size_and_served_as_a_download(client):
    size = int(2.3 * 1024 * 1024)
    article = make_article(download=ContentFile(pdf_bytes(size), name="rapport.pdf"))
    assert media.attachment_label(article.download) == "PDF, 2,3 MB"
    html = client.get(article.get_absolute_url()).text
    assert "(PDF, 2,3 MB)" in html
    download_url = reverse("articles:download", args=[article.slug])
    assert f'href="{download_url}"' in html
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_small_attachment_is_labelled_in_kilobytes():
    article = make_article(download=ContentFile(office_bytes("word/document.xml"), name="notitie.docx"))
    assert media.attachment_label(article.download) == "DOCX, 1 kB"


@pytest.mark.django_db
def test_admin_refuses_a_disguised_attachment(chief_client):
    fake = SimpleUploadedFile("rapport.pdf", b"<html>phishing</html>", content_type="application/pdf")
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(download=fake))
    assert response.status_code == 200
    assert "geen echt PDF-bestand" in str(response.context["adminform"].form.errors["download"])


@pytest.mark.django_db
def test_a_failed_save_says_that_the_chosen_files_must_be_chosen_again(chief_client, media_root):
    """Browsers empty file fields on the returned form: without a word, the next save goes without them."""
    response = chief_client.post(
        reverse("admin:articles_article_add"),
        admin_data(
            title="",
            image=image_upload("plein.jpg"),
            image_alt="Een plein",
            download=SimpleUploadedFile("rapport.pdf", pdf_bytes(), content_type="application/pdf"),
        ),
    )
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert (
        "De gekozen bestanden ‘plein.jpg’ en ‘rapport.pdf’ zijn niet opgeslagen, omdat het formulier nog fouten "
        "heeft. Kies ze opnieuw voordat je opslaat." in response.text
    )
    # A file refused for itself has its own error; choosing it again would not help.
    fake = SimpleUploadedFile("nep.pdf", b"<html>phishing</html>", content_type="application/pdf")
    response = chief_client.post(
        reverse("admin:articles_article_add"), admin_data(image=image_upload("plein.jpg"), download=fake)
    )
    assert "geen echt PDF-bestand" in str(response.context["adminform"].form.errors["download"])
    assert "Het gekozen bestand ‘plein.jpg’ is niet opgeslagen" in response.text
    assert "nep.pdf" not in response.text
    # The partners' logos too.
    response = chief_client.post(
        reverse("admin:partners_partner_add"), {"name": "", "logo": image_upload("logo.png", "PNG")}
    )
    assert response.status_code == 200
    assert "Het gekozen bestand ‘logo.png’ is niet opgeslagen" in response.text
    # A failed save without files says nothing of them.
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(title=""))
    assert response.status_code == 200
    assert "niet opgeslagen" not in response.text


def test_a_wide_original_gets_each_rendition_width_once():
    assert media.rendition_widths(3000) == [480, 800, 1200, 1600]
    assert media.rendition_widths(1600) == [480, 800, 1200, 1600]
    assert media.rendition_widths(300) == [300]


def test_renditions_are_made_when_the_editor_saves_not_when_a_visitor_comes(chief_client, media_root):
    response = chief_client.post(
        reverse("admin:articles_article_add"), admin_data(image=image_upload(size=(1000, 600)), image_alt="Een plein")
    )
    assert response.status_code == 302
    made = sorted(path.name for path in (media_root / "renditions").rglob("*.webp"))
    assert made == ["foto.jpg-1000w.webp", "foto.jpg-480w.webp", "foto.jpg-800w.webp"]


# --- Partner logos ---


def partner_data(logo) -> dict:
    return {"name": "Wijkfonds", "short_name": "WF", "slug": "wijkfonds", "order": 0, "logo": logo}


def test_a_partner_logo_is_checked_like_every_image(chief_client):
    """A logo went through Django's image field only: an SVG was "geen of een beschadigde afbeelding"."""
    svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml")
    response = chief_client.post(reverse("admin:partners_partner_add"), partner_data(svg))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [
        "Dit bestand is geen afbeelding die we kunnen lezen. Gebruik een JPEG, PNG of WebP."
    ]
    assert not Partner.objects.filter(slug="wijkfonds").exists()


def test_a_partner_logo_is_stored_upright_without_the_camera_data(chief_client):
    logo = SimpleUploadedFile("logo.jpg", exif_jpeg(orientation=6), content_type="image/jpeg")
    response = chief_client.post(reverse("admin:partners_partner_add"), partner_data(logo))
    assert response.status_code == 302
    partner = Partner.objects.get(slug="wijkfonds")
    with partner.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (200, 300)
        assert not image.getexif()


@pytest.mark.django_db
def test_make_renditions_makes_the_missing_ones_before_a_visitor_comes(media_root):
    """After an upgrade that renamed the renditions (or a restore without them) the first visitor of each page
    waited for them to be made, half a second per image."""
    import shutil

    from django.core.management import call_command

    from tests.builders import make_article

    article = make_article(title="Met foto")
    article.image.save("foto.jpg", ContentFile(image_bytes("JPEG", size=(1000, 500))), save=True)
    shutil.rmtree(media_root / "renditions", ignore_errors=True)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 afbeeldingen bekeken, 3 WebP-versies gemaakt." in out.getvalue()
    made = sorted(path.name for path in (media_root / "renditions").rglob("*.webp"))
    assert made == ["foto.jpg-1000w.webp", "foto.jpg-480w.webp", "foto.jpg-800w.webp"]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "0 WebP-versies gemaakt." in out.getvalue()


def test_a_keyword_too_long_for_its_column_is_a_form_error_not_a_server_error(chief_client):
    """A pasted sentence without commas is one keyword of 120 characters: it gave a server error, the form lost."""
    sentence = "Bewoners en professionals werken samen aan een veilige en leefbare wijk " * 2
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(tags=sentence + ", wonen"))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["tags"])
    assert "Een trefwoord mag hooguit 100 tekens lang zijn" in errors
    assert "Scheid trefwoorden met komma’s" in errors
    assert "Met afbeelding" in response.text  # the form comes back as typed
    response = chief_client.post(reverse("admin:articles_article_add"), admin_data(tags="veiligheid, wonen"))
    assert response.status_code == 302


def test_files_of_a_draft_are_stored_where_nobody_can_guess_them(chief_client):
    """The media folder is served as it is: at images/2026/11/embargo.jpg an embargoed file could be found."""
    response = chief_client.post(
        reverse("admin:articles_article_add"),
        admin_data(
            image=image_upload("embargo-grafiek.jpg"),
            image_alt="Grafiek",
            download=SimpleUploadedFile("Rapport vertrouwelijk.pdf", pdf_bytes(), content_type="application/pdf"),
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="met-afbeelding")
    month = timezone.now().strftime("%Y/%m")
    assert re.fullmatch(rf"images/{month}/[\w-]{{12}}/embargo-grafiek\.jpg", article.image.name), article.image.name
    assert re.fullmatch(rf"downloads/{month}/[\w-]{{12}}/Rapport_vertrouwelijk\.pdf", article.download.name)
    assert article.image.name.split("/")[3] != article.download.name.split("/")[3]
    # Visitors still get the file under its own name, once the item is published.
    Article.objects.filter(pk=article.pk).update(status="published")
    download = chief_client.get(reverse("articles:download", args=[article.slug]))
    assert 'filename="Rapport_vertrouwelijk.pdf"' in download["Content-Disposition"]


@pytest.mark.django_db
def test_a_partner_logo_is_shown_on_its_page_and_in_the_list(client, media_root, django_assert_max_num_queries):
    from tests.builders import make_partner

    make_partner(
        name="Landelijk Samenwerkingsverband Actieve bewoners",
        short_name="LSA",
        slug="lsa",
        logo=ContentFile(image_bytes("PNG", size=(400, 160)), name="lsa.png"),
    )
    make_partner(name="Zonder logo", slug="zonder-logo")
    for path in ("/partners/lsa/", "/partners/"):
        with django_assert_max_num_queries(10):
            html = client.get(path).content.decode()
        assert re.search(
            r'<img class="partner-logo[^"]*" src="/media/partners/lsa[^"]*\.png" alt="" '
            r'width="400" height="160"',
            html,
        ), path
    assert "partner-logo" not in client.get("/partners/zonder-logo/").content.decode()


@pytest.mark.django_db
def test_the_migration_measures_logos_and_takes_away_one_whose_file_is_gone(client):
    """With its size unknown, loading the partner read the missing file: every page with that partner was a 500."""
    import importlib

    from django.apps import apps
    from django.core.files.storage import default_storage

    from tests.builders import make_partner

    migration = importlib.import_module("partners.migrations.0002_logo_dimensions")
    kept = make_partner(name="Met logo", slug="met-logo")
    gone = make_partner(name="Logo weg", slug="logo-weg")
    name = default_storage.save("partners/met-logo.png", ContentFile(image_bytes("PNG", size=(300, 100))))
    Partner.objects.filter(pk=kept.pk).update(logo=name, logo_width=None, logo_height=None)
    Partner.objects.filter(pk=gone.pk).update(logo="partners/bestaat-niet.png", logo_width=None, logo_height=None)
    migration.measure_logos(apps, None)
    assert Partner.objects.filter(pk=kept.pk).values_list("logo_width", "logo_height").get() == (300, 100)
    assert Partner.objects.get(pk=gone.pk).logo.name == ""
    for path in ("/partners/", "/partners/logo-weg/", "/partners/met-logo/"):
        assert client.get(path).status_code == 200, path


def test_a_long_file_name_in_accented_letters_is_cut_not_a_server_error(chief_client):
    """200 × ‘ë’ is 400 bytes: the file system refused it ("File name too long") and the form was lost."""
    name = "ë" * 200 + ".pdf"
    response = chief_client.post(
        reverse("admin:articles_article_add"),
        admin_data(download=SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")),
    )
    assert response.status_code == 302
    stored = Article.objects.get(slug="met-afbeelding").download.name
    basename = stored.rsplit("/", 1)[1]
    assert basename.endswith(".pdf") and basename.startswith("ëëë") and len(basename.encode()) <= 130
