"""``make backup`` / ``make restore``: a backup restored into an empty database gives the same site.

The backup is taken of a copy of the demo site on a throwaway PostgreSQL with an uploaded image, restored into a
new, empty database and media folder, and both are served by gunicorn side by side.
"""

from __future__ import annotations

import difflib
import re
import tempfile
from pathlib import Path

import psycopg

from tests.throwaway_servers import manage, production_env

#: A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
IMAGE = "images/2026/11/buurtfeest.png"


def without_moment_of_rendering(body: str) -> str:
    """What may differ between two servers of the same site: the subscribe form's signed time token, a calendar's
    DTSTAMP, the server's own address, and the order of the agenda's filter options (which come in the order of
    the database's GROUP BY, not sorted)."""
    body = re.sub(r'name="token" value="[^"]*"', 'name="token" value=""', body)
    body = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1", body)
    body = re.sub(r"^DTSTAMP:.*$", "DTSTAMP:", body, flags=re.MULTILINE)
    options = re.compile(r"^\s*(<option .*</option>)\s*$", re.MULTILINE)
    return options.sub(lambda match: "".join(sorted(match[1].split("</option>"))), body)


def test_a_backup_restored_into_an_empty_database_gives_the_same_site(
    throwaway_postgres, site_database, collected_static, app_servers
):
    work = Path(tempfile.mkdtemp(prefix="ww-backup-test-"))
    media, restored_media = work / "media", work / "restored-media"
    (media / IMAGE).parent.mkdir(parents=True)
    (media / IMAGE).write_bytes(PNG)
    with psycopg.connect(site_database, autocommit=True) as conn:
        slug = conn.execute(
            "UPDATE articles_article SET image = %s, image_width = 1, image_height = 1, image_alt = 'Een buurtfeest' "
            "WHERE id = (SELECT id FROM articles_article WHERE status = 'published' "
            "ORDER BY publish_from DESC LIMIT 1) "
            "RETURNING slug",
            [IMAGE],
        ).fetchone()[0]
        partner, theme = (
            conn.execute("SELECT slug FROM partners_partner ORDER BY slug LIMIT 1").fetchone()[0],
            conn.execute("SELECT slug FROM themes_theme ORDER BY slug LIMIT 1").fetchone()[0],
        )

    original_env = production_env(DATABASE_URL=site_database, MEDIA_ROOT=str(media), STATIC_ROOT=str(collected_static))
    output = manage("backup_site", "--directory", str(work / "backups"), env=original_env).stdout
    dump = Path(re.search(r"Database: (\S+)", output).group(1))
    assert dump.stat().st_size > 0

    restored_url = throwaway_postgres.create_database(f"ww_restored_{work.name[-8:].lower()}")
    restored_env = production_env(
        DATABASE_URL=restored_url, MEDIA_ROOT=str(restored_media), STATIC_ROOT=str(collected_static)
    )
    manage("restore_site", "--noinput", str(dump), env=restored_env)

    assert (restored_media / IMAGE).read_bytes() == PNG
    original, restored = app_servers(original_env), app_servers(restored_env)
    paths = [
        "/",
        "/verdiepen/",
        f"/verdiepen/{slug}/",
        "/meedoen/",
        "/agenda/",
        f"/partners/{partner}/",
        f"/themas/{theme}/",
        "/zoeken/?q=wijk",
        "/nieuwsbrief/",
        "/agenda/abonneren/wijkwijzer-agenda.ics",
    ]
    for path in paths:
        before, after = original.get(path), restored.get(path)
        assert before[0] == after[0] == 200, path
        expected, got = without_moment_of_rendering(before[2]), without_moment_of_rendering(after[2])
        difference = "\n".join(difflib.unified_diff(expected.splitlines(), got.splitlines(), lineterm="", n=0))
        assert not difference, f"{path}:\n{difference}"
    assert f"/media/{IMAGE}" in restored.get(f"/verdiepen/{slug}/")[2]


def test_restore_refuses_without_a_backup(site_database, tmp_path):
    env = production_env(DATABASE_URL=site_database, BACKUP_DIR=str(tmp_path))
    try:
        manage("restore_site", "--noinput", env=env)
    except Exception as error:
        assert "No backup found" in error.stderr
    else:
        raise AssertionError("restore_site succeeded without a backup")
