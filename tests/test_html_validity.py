"""Every page type is valid HTML by the W3C Nu HTML Checker (vnu), and the stylesheets are valid CSS.

vnu (npm package ``vnu-jar``, run with the system Java) starts once for the module: the HTML of every page
type is written to a temporary folder and checked in one invocation together with the site's CSS.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from tests.site_pages import PAGE_NAMES, page_type, site_page

# The demo content is committed once per module by ``demo_site``; each test only reads it.
pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))


def run_vnu(files: list[Path]) -> dict[str, list[dict]]:
    """vnu's error messages per checked file name."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make install` (npm ci)"
    java = shutil.which("java")
    assert java, "vnu needs Java: install a JRE (Debian: default-jre-headless)"
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--exit-zero-always"]
    command += ["--also-check-css", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stderr or '{"messages": []}')
    errors: dict[str, list[dict]] = {file.name: [] for file in files}
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            errors.setdefault(Path(message.get("url", "?")).name, []).append(message)
    return errors


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"  line {m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]" for m in messages
    )


@pytest.fixture(scope="module")
def vnu_errors(demo_site, tmp_path_factory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("vnu")
    client = Client()
    files = []
    for name in PAGE_NAMES:
        response = client.get(site_page(name))
        assert response.status_code == page_type(name).status, name
        file = folder / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    # A form that comes back with errors (the newsletter sign-up with an invalid address).
    invalid = client.post(reverse("newsletter:subscribe"), {"email": "naam@"})
    assert invalid.status_code == 400
    (folder / "form-errors.html").write_bytes(invalid.content)
    files.append(folder / "form-errors.html")
    # The server-error page cannot be asked for by URL; check the template the 500 handler renders.
    server_error = folder / "server-error.html"
    server_error.write_text(render_to_string("500.html"))
    return run_vnu([*files, server_error, *STYLESHEETS])


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_is_valid_html(vnu_errors, name):
    errors = vnu_errors[f"{name}.html"]
    assert not errors, f"{name} ({site_page(name)}) has HTML errors:\n{describe(errors)}"


def test_form_with_errors_is_valid_html(vnu_errors):
    errors = vnu_errors["form-errors.html"]
    assert not errors, f"the sign-up form with errors has HTML errors:\n{describe(errors)}"


def test_server_error_page_is_valid_html(vnu_errors):
    errors = vnu_errors["server-error.html"]
    assert not errors, f"500.html has HTML errors:\n{describe(errors)}"


@pytest.mark.parametrize("stylesheet", [path.name for path in STYLESHEETS])
def test_stylesheet_is_valid_css(vnu_errors, stylesheet):
    errors = vnu_errors[stylesheet]
    assert not errors, f"{stylesheet} has CSS errors:\n{describe(errors)}"


def test_checker_reports_invalid_html(tmp_path):
    """The gate itself works: a page with a stray end tag and a duplicate id fails it."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>x</title></head>'
        '<body><p id="a">a</p><p id="a">b</div></body></html>'
    )
    assert len(run_vnu([broken])["broken.html"]) >= 2
