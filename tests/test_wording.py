"""Every word a user reads goes through gettext, and every count before a noun through ngettext.

The templates are read with Django's own Lexer: the text between the template tags (outside
{% blocktranslate %} and {% comment %}) is put back together with a placeholder for each tag, parsed as
HTML, and what is left of its text and of the attributes people read (title, aria-label, placeholder,
alt) must hold no word, only punctuation, numbers and symbols.
"""

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from meetings.models import Membership
from volunteers.models.register import with_activities
from volunteers.views.volunteers import _missing_checks

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", ".git"}
TAG = " "  # stands for a template tag or variable: its text is translated (or data) already
# Words that are the same in every language, each for a reason:
ALLOWED_WORDS = {
    "frivillig",  # the product's name
}
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
WORD = re.compile(r"[^\W\d_]+")
HOST_NAME = re.compile(r"[\w-]+(?:\.[^\W\d_][\w-]*)+")  # "was.digst.dk" shown as a link's text
ATTRIBUTE_BLOCKS = ("_id", "_class", "_attrs")


def project_templates():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.suffix in {".html", ".txt"} and not SKIP_DIRS & set(path.relative_to(ROOT).parts):
            yield path


def untranslated_source(source):
    """The template with every tag and every translated or commented-out region replaced by TAG."""
    parts, skipping = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skipping is None and name in {"blocktranslate", "blocktrans", "comment", "verbatim"}:
                skipping = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}.get(
                    name, "end" + name
                )
            elif skipping is None and name == "block" and token.contents.endswith(ATTRIBUTE_BLOCKS):
                skipping = "endblock"  # a block that fills in an attribute (table_id, table_class)
            elif name == skipping:
                skipping = None
            parts.append(TAG)
        elif token.token_type == TokenType.TEXT and skipping is None:
            parts.append(token.contents)
        else:
            parts.append(TAG)
    return "".join(parts)


class ReadableText(HTMLParser):
    """Collects the text and the read attributes' values, leaving out scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def words_outside_gettext(path):
    source = untranslated_source(path.read_text())
    if path.suffix == ".txt":
        texts = [source]
    else:
        parser = ReadableText()
        parser.feed(source)
        texts = parser.texts
    found = []
    for text in texts:
        bare = HOST_NAME.sub(" ", re.sub(r'^(title|aria-label|placeholder|alt)="', "", text))
        found += [word for word in WORD.findall(bare) if word not in ALLOWED_WORDS]
    return found


def test_the_scan_finds_words_outside_gettext(tmp_path):
    template = tmp_path / "templates" / "example.html"
    template.parent.mkdir()
    template.write_text(
        '{% load i18n %}<p title="Tip">{% translate "Saved" %} · 3 – Gemt</p>'
        "{% blocktranslate %}Inside {{ x }}{% endblocktranslate %}{# Comment #}"
        '<img alt="{{ photo.caption }}" src="a.png"><script src="a.js"></script>'
        '{% block table_class %}table-sm{% endblock %}<a href="https://datatilsynet.dk/">datatilsynet.dk</a>'
    )
    assert words_outside_gettext(template) == ["Tip", "Gemt"]


@pytest.mark.parametrize("path", list(project_templates()), ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_have_no_text_outside_gettext(path):
    assert words_outside_gettext(path) == []


# --- plurals --------------------------------------------------------------------------------------------

CATALOGUE = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
# A placeholder that holds a number ("%(count)s", "{{ counter }}"), then up to two words, one of them an
# English plural ("3 open units", "2 people invited"): such a message must be an ngettext/count plural.
COUNT_BEFORE_NOUN = re.compile(r"(?:%\((\w+)\)[sd]|\{\{ ?(\w+) ?\}\})((?:\s+[a-z]+){1,2})")
PLURAL_WORD = re.compile(r"^(?:[a-z]+[^su]s|people|children)$")
VERBS = {"has", "was", "does", "is", "goes"}
# Placeholders that hold something other than a number, and fixed limits that are always more than one.
NOT_COUNTS = {
    "unit",
    "date",
    "user",
    "name",
    "day",
    "strategy",
    "organisation",
    "period",
    "body",
    "column",
    "meeting",
    "party",
    "email",
    "role",
    "when",
    "value",
    "start",
    "opens",
    "starts",
    "step",
    "by",
    "address",
    "category",
    "title",
    "who",
    "kind",
    "sender",
    "inviter",
    "parent",
    "question",
    "part",
}
FIXED_LIMITS = {"limit_value", "max", "min_group", "minimum", "megabytes"}


def counts_before_nouns(entries):
    found = []
    for entry in entries:
        if entry.obsolete or entry.msgid_plural:
            continue
        for match in COUNT_BEFORE_NOUN.finditer(entry.msgid):
            name = match.group(1) or match.group(2)
            if name in NOT_COUNTS | FIXED_LIMITS:
                continue
            words = match.group(3).split()
            if any(PLURAL_WORD.match(word) and word not in VERBS for word in words):
                found.append(entry.msgid)
    return found


def test_the_plural_scan_finds_a_count_before_a_noun():
    entries = [
        polib.POEntry(msgid="%(count)s open units"),
        polib.POEntry(msgid="%(new)s people invited"),
        polib.POEntry(msgid="%(count)s unit", msgid_plural="%(count)s units"),
        polib.POEntry(msgid="%(unit)s is closed"),
        polib.POEntry(msgid="at most %(limit_value)s days"),
    ]
    assert counts_before_nouns(entries) == ["%(count)s open units", "%(new)s people invited"]


def test_no_count_before_a_noun_without_a_plural():
    assert counts_before_nouns(polib.pofile(CATALOGUE)) == []


def test_every_danish_plural_has_all_its_forms():
    po = polib.pofile(CATALOGUE)
    plurals = [entry for entry in po if entry.msgid_plural and not entry.obsolete]
    assert plurals
    unfilled = [
        entry.msgid
        for entry in plurals
        if len(entry.msgstr_plural) < 2 or not all(entry.msgstr_plural.values())
    ]
    assert unfilled == []


# --- the wording the issue found wrong ----------------------------------------------------------------


def test_a_meeting_is_named_with_its_date_apart(region):
    region.meeting.date = date(2027, 1, 14)
    with translation.override("da"):
        assert str(region.meeting) == f"{region.body.name} · 14. jan. 2027"
    with translation.override("en"):
        assert str(region.meeting) == f"{region.body.name} · 14 Jan 2027"


@pytest.mark.parametrize(
    "represents, shown",
    [("Sygehus Lillebælt", "Lone Kjær, Sygehus Lillebælt"), ("(V)", "Lone Kjær (V)"), ("", "Lone Kjær")],
)
def test_a_member_and_what_they_represent_never_read_as_one_name(represents, shown):
    assert str(Membership(name="Lone Kjær", represents=represents)) == shown


def test_effect_targets_have_a_unit_of_measure_and_changes_a_change_column(client, region):
    client.force_login(region.users["secretariat"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get(reverse("strategies:strategy_detail", args=[region.strategy.pk])).content.decode()
    assert '<th scope="col">Måleenhed</th>' in page and '<th scope="col">Enhed</th>' not in page
    with translation.override("da"):
        assert pgettext("column header", "Change") == "Ændring"


def test_the_missing_checks_start_with_a_capital_as_everywhere(region):
    region.volunteer.confidentiality_signed_on = None
    with translation.override("da"):
        volunteer = next(with_activities([region.volunteer]))  # as the list reads its volunteers
        assert _missing_checks(volunteer).startswith("Tavshedserklæring")
