"""The error summary ({% error_summary %}, core/templatetags/error_summary.py): on a form error the page
opens at a box that says how many errors there are and links each to its field. The browser side (focus,
scrolling, following a link) is in tests/browser/test_error_summary.py."""

import re
import time

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from strategies.forms.consultation import form_started_token
from tests.test_consultation import PDF, open_consultation, public_url, response_data
from tests.test_register import volunteer_data
from volunteers.forms.organisations import ContactPersonFormSet


def summary_of(html):
    """The summary's links and plain entries, as (href or "", text)."""
    match = re.search(r'<div class="alert alert-danger error-summary"(.*?)</div>', html, re.S)
    assert match, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S)
    found = []
    for item in items:
        link = re.match(r'<a href="([^"]+)">(.*)</a>$', item.strip(), re.S)
        found.append((link.group(1), link.group(2)) if link else ("", item.strip()))
    return match.group(0), found


def render_summary(*sources):
    names = [f"s{index}" for index in range(len(sources))]
    template = Template("{% load error_summary %}{% error_summary " + " ".join(names) + " %}")
    with translation.override("da"):
        return template.render(Context(dict(zip(names, sources, strict=True))))


class Choices(forms.Form):
    name = forms.CharField(label="Navn")
    answer = forms.ChoiceField(label="Svar", choices=[("1", "Ja"), ("2", "Nej")], widget=forms.RadioSelect)
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Formularen som helhed er forkert.")


def test_a_staff_form_opens_at_the_summary_with_a_link_to_each_field(client, region):
    client.force_login(region.users["coordinator"])
    response = client.post(
        reverse("volunteers:volunteer_create"), volunteer_data(region, first_name="", email="ikke-en-adresse")
    )
    assert response.status_code == 200
    html = response.content.decode()
    box, entries = summary_of(html)
    assert 'tabindex="-1"' in box and "autofocus" in box and 'role="alert"' in box
    assert "Der er 2 fejl i formularen" in box
    assert entries == [
        ("#id_first_name", "Fornavn: Dette felt er påkrævet."),
        ("#id_email", "E-mail: Indtast en gyldig e-mail-adresse."),
    ]
    # Each field keeps its own message beside it, which it points to, and what was typed.
    assert re.search(r'<input[^>]*aria-describedby="id_first_name_error"[^>]*id="id_first_name"', html)
    assert 'id="id_first_name_error"' in html
    assert 'value="ikke-en-adresse"' in html and 'value="Vestergade 1, 7100 Vejle"' in html
    # The summary comes before the form, which posts to the page without a fragment (#id_…), and only
    # one element asks for the focus.
    form = re.search(r'<form method="post" action="([^"]*)" novalidate', html)
    assert html.index('id="error-summary"') < form.start() and form.group(1) == reverse(
        "volunteers:volunteer_create"
    )
    assert html.count("autofocus") == 1


def test_no_summary_without_errors(client, region):
    client.force_login(region.users["coordinator"])
    html = client.get(reverse("volunteers:volunteer_create")).content.decode()
    assert "error-summary" not in html


def test_a_login_error_is_shown_once_and_links_to_the_user_name(client, region):
    response = client.post(reverse("login"), {"username": "coordinator.syd", "password": "forkert"})
    html = response.content.decode()
    box, entries = summary_of(html)
    assert "Der er 1 fejl i formularen" in box
    [(href, message)] = entries
    assert href == "#id_username"
    # Not a second copy inside the form (crispy's box of non-field errors is left out).
    assert html.count(message) == 1
    # The summary, before the user name field, is the page's first autofocus: it gets the focus.
    assert html.index("autofocus") == html.index('id="error-summary"') + len('id="error-summary" ')


def test_the_consultation_sent_too_fast_opens_at_its_error_above_the_draft(client, region):
    consultation = open_consultation(region)
    data = response_data(consultation, text="Mit svar, som ikke må forsvinde.")
    data["started"] = form_started_token(consultation, now=time.time())
    html = client.post(public_url(consultation), data).content.decode()
    box, entries = summary_of(html)
    assert entries == [
        ("#id_name", "Formularen blev sendt for hurtigt. Vent et par sekunder, og send den igen.")
    ]
    # At the top, under the heading, not by the form below the whole draft.
    assert html.index('id="error-summary"') < html.index('id="draft-title"')
    assert "Mit svar, som ikke må forsvinde.</textarea>" in html and 'value="Mette Sørensen"' in html


def test_the_consultation_with_a_missing_field_links_to_it(client, region):
    consultation = open_consultation(region)
    html = client.post(public_url(consultation), response_data(consultation, text="")).content.decode()
    _box, entries = summary_of(html)
    assert entries == [("#id_text", "Dit høringssvar: Dette felt er påkrævet.")]


def test_a_group_of_radio_buttons_links_to_its_first_option_and_the_form_error_to_the_first_field():
    form = Choices(data={"name": "", "secret": ""})
    html = render_summary(form)
    _box, entries = summary_of(html)
    assert entries == [
        ("#id_name", "Formularen som helhed er forkert."),
        ("#id_name", "Navn: Dette felt er påkrævet."),
        ("#id_answer_0", "Svar: Dette felt er påkrævet."),
        ("#id_name", "Dette felt er påkrævet."),  # the hidden field: no label of its own, to the form
    ]


def test_a_formset_names_its_rows(region):
    data = {
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
        "contacts-0-name": "Lone Kjær",
        "contacts-1-name": "Per Holm",
        "contacts-1-email": "ikke-en-adresse",
    }
    formset = ContactPersonFormSet(data, instance=region.volunteer_organisation, prefix="contacts")
    assert not formset.is_valid()
    _box, entries = summary_of(render_summary(formset))
    assert entries == [("#id_contacts-1-email", "Kontaktperson 2, e-mail: Indtast en gyldig e-mail-adresse.")]


def test_a_message_without_a_form_and_nothing_when_all_is_well():
    _box, entries = summary_of(render_summary("", "Mødet er begyndt.", None))
    assert entries == [("", "Mødet er begyndt.")]
    assert render_summary(Choices(), "").strip() == ""


@pytest.mark.parametrize(
    "language,heading", [("da", "Der er 3 fejl i formularen"), ("en", "There are 3 errors in the form")]
)
def test_the_heading_counts_the_errors_in_each_language(language, heading):
    template = Template("{% load error_summary %}{% error_summary a b c %}")
    with translation.override(language):
        html = template.render(Context({"a": "A", "b": "B", "c": "C"}))
    assert heading in html


def test_a_response_sent_back_asks_for_its_attachment_again(client, region):
    consultation = open_consultation(region)
    upload = SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf")
    data = response_data(consultation, text="", attachment=upload)
    _box, entries = summary_of(client.post(public_url(consultation), data).content.decode())
    assert entries == [
        ("#id_text", "Dit høringssvar: Dette felt er påkrævet."),
        (
            "#id_attachment",
            "Bilag: Vælg filen igen (en fil gemmes ikke, når formularen sendes tilbage).",
        ),
    ]
