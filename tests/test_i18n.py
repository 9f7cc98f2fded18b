"""Danish first: Danish pages, formats and translations; English available."""

from datetime import date
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


def test_dates_in_danish_format():
    with translation.override("da"):
        rendered = Template("{{ day|date }} · {{ day|date:'l' }}").render(Context({"day": date(2020, 8, 18)}))
    assert rendered == "18. august 2020 · tirsdag"


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
