"""Danish first: Danish pages, formats and translations; English available."""

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from volunteers.templatetags.formatting import kr

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_pages_are_danish_by_default(client, region):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="da">' in page
    assert "Log ind" in page and "Spring til hovedindholdet" in page


def test_english_can_be_chosen(client, region):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page and "Skip to main content" in page


def test_start_page_in_danish(client, region):
    client.force_login(region.users["coordinator"])
    page = client.get(reverse("home")).content.decode()
    assert "Mine enheder" in page and "Log ud" in page and "Frivilligkoordinator" in page


@pytest.mark.parametrize(
    "amount, expected",
    [(1000000, "1.000.000 kr."), (273000, "273.000 kr."), (Decimal("1234.5"), "1.234,50 kr."), (0, "0 kr.")],
)
def test_amounts_in_danish_format(amount, expected):
    with translation.override("da"):
        assert kr(amount) == expected


def dates(language, template, **days):
    with translation.override(language):
        return Template(template).render(Context(days))


def test_dates_in_danish_format():
    assert (
        dates("da", "{{ day|date }} · {{ day|date:'l' }}", day=date(2020, 8, 18))
        == "18. august 2020 · tirsdag"
    )
    assert (
        dates("da", "{{ day|date:'WEEKDAY_DATE_FORMAT' }}", day=date(2027, 1, 14))
        == "torsdag den 14. januar 2027"
    )
    # Short months lower case, with a period where the name is shortened ("maj" is not).
    short = "{{ start|date:'SHORT_DATE_FORMAT' }} – {{ end|date:'SHORT_DATE_FORMAT' }}"
    assert dates("da", short, start=date(2026, 12, 1), end=date(2027, 5, 31)) == "1. dec. 2026 – 31. maj 2027"
    assert dates("da", "{{ when|date:'DATETIME_FORMAT' }}", when=datetime(2027, 1, 14, 9, 30)) == (
        "14. januar 2027 kl. 09.30"
    )


def test_dates_in_english_format():
    day = date(2027, 1, 14)
    assert dates("en", "{{ day|date }}", day=day) == "14 January 2027"
    assert dates("en", "{{ day|date:'WEEKDAY_DATE_FORMAT' }}", day=day) == "Thursday 14 January 2027"
    assert dates("en", "{{ day|date:'SHORT_DATE_FORMAT' }}", day=date(2019, 5, 23)) == "23 May 2019"
    assert dates("en", "{{ when|date:'DATETIME_FORMAT' }}", when=datetime(2027, 1, 14, 9, 30)) == (
        "14 January 2027, 09:30"
    )


NAMED_FORMAT = re.compile(r"^[A-Z_]+_FORMAT$")


def project_files(*suffixes):
    skip = {".venv", "node_modules", "staticfiles", "var", ".git", "tests", "migrations"}
    for path in Path(settings.BASE_DIR).rglob("*"):
        if path.suffix in suffixes and not skip & set(path.relative_to(settings.BASE_DIR).parts):
            yield path


def test_templates_name_their_date_formats():
    """|date:"j. F Y" reads "14. January 2027" in English: a template names a format, and each language
    has its own (frivillig/formats)."""
    spelt_out = [
        f"{path.name}: {fmt}"
        for path in project_files(".html", ".txt")
        for fmt in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", path.read_text())
        if not NAMED_FORMAT.match(fmt)
    ]
    assert spelt_out == []


def test_code_names_its_date_formats():
    """Dates shown to people go through django.utils.formats, never strftime or an f-string's format; ISO
    dates in file names and keys are not shown as dates. The exports write date cells (their own module)
    and the management commands talk to operators, not users."""
    spelt_out = []
    for path in project_files(".py"):
        if path.name == "exports.py" or "management" in path.parts or "formats" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            literal = re.search(r"strftime\(|\{[\w.]+:%[^Y]|date_format\([^)]*, \"(?![A-Z_]+\")", line)
            if literal:
                spelt_out.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert spelt_out == []


def test_every_danish_message_is_translated_and_compiled():
    po = polib.pofile(LOCALE / "da" / "LC_MESSAGES" / "django.po")
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = {
        (entry.msgctxt, entry.msgid): entry
        for entry in polib.mofile(LOCALE / "da" / "LC_MESSAGES" / "django.mo")
    }
    for entry in po.translated_entries():
        compiled = mo.get((entry.msgctxt, entry.msgid))
        assert compiled is not None, f"not compiled: {entry.msgid!r} (run compilemessages)"
        assert (compiled.msgstr, compiled.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), entry.msgid
