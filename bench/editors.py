"""Benchmark: the editors' pipeline that runs on save and on page views, without a database.

Run:  .venv/bin/python bench/editors.py [--runs 5]

Prints the median time of: sanitising a long body (on every save and every detail page view), cleaning an
uploaded 12-megapixel camera JPEG (once per upload), making its four WebP renditions (once per image), and
looking up existing renditions (every page view with an image). Nothing is asserted: it prints figures.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    media_root = tempfile.mkdtemp(prefix="ww-bench-media-")
    os.environ["MEDIA_ROOT"] = media_root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwijzer.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from articles.models import Article
    from wijkwijzer import media, richtext

    paragraph = (
        "<p>Bewoners en <strong>professionals</strong> werken samen aan een <a href='https://x.nl'>wijk</a>.</p>"
    )
    body = ("<h2>Kop</h2>" + paragraph * 10 + "<ul><li>een</li><li>twee</li></ul>") * 10
    seconds = timed(lambda: richtext.sanitize_html(body), runs * 20)
    print(f"sanitise a {len(body) // 1024} kB body: {seconds * 1000:.2f} ms")

    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    size = (4000, 3000)
    gradient = Image.linear_gradient("L").resize(size)
    across = Image.linear_gradient("L").rotate(90).resize(size)
    picture = Image.merge("RGB", [gradient, Image.effect_noise(size, 30), across])
    picture.save(photo, format="JPEG", quality=90, exif=exif.tobytes())
    data = photo.getvalue()
    upload = lambda: SimpleUploadedFile("camera.jpg", data, content_type="image/jpeg")  # noqa: E731
    seconds = timed(lambda: media.clean_image(upload()), runs)
    print(f"clean a 12 MP camera JPEG of {len(data) / 1e6:.1f} MB (rotate, strip metadata): {seconds * 1000:.0f} ms")

    cleaned = media.clean_image(upload())
    name = default_storage.save("images/bench.jpg", ContentFile(cleaned.read()))
    article = Article(image=name, image_width=3000, image_height=4000)

    def make_renditions():
        for width in media.rendition_widths(3000):
            default_storage.delete(media.rendition_name(name, width))
        media.renditions(article.image, 3000, 4000)

    seconds = timed(make_renditions, runs)
    print(f"make {len(media.rendition_widths(3000))} WebP renditions of it: {seconds * 1000:.0f} ms")
    seconds = timed(lambda: media.renditions(article.image, 3000, 4000), runs * 20)
    print(f"find existing renditions (every page view): {seconds * 1000:.2f} ms")


if __name__ == "__main__":
    main()
