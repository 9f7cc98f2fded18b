"""Script payloads in every text field (issue 7).

For the roles that change data (the secretariat and a coordinator; an administrator's pages are the
secretariat's), every page of the permission matrix the role may open is read; every
`<form method="post">` on it that has a text input or a textarea is sent back with its own values (as a
browser would send them) except that every text field carries a script payload. Where the form refuses
some field (a CVR number, an amount, a name that must be unique, a select left empty), that field gets a
plain valid value and the form is sent again, up to four times, so that the payload is stored through
every form that can store it. Each answer -- the re-rendered form, or the page the redirect leads to --
and, at the end, every page of the matrix and every page a save led to must show the payload escaped
and never raw. Search (GET) forms get the payload in their query as well.
"""

import itertools
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.db.models import Model
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse

from tests.test_consultation import open_consultation, public_url, response_data, responses_of
from tests.test_permissions import MATRIX

PAYLOAD = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'
SHORT_PAYLOAD = '"><img src=x onerror=alert(1)>'
#: What must never appear in a page: the payload's tags, unescaped.
RAW = ['<script>alert("x")', "<img src=x onerror=alert(1)>"]
ESCAPED = ["&lt;script&gt;alert(", "&lt;img src=x onerror=alert(1)&gt;"]
#: Forms that are not data: the language switch and logging out.
SKIP_ACTIONS = {reverse("set_language"), reverse("logout")}
#: Values for fields of other kinds that a form needs filled.
FILL = {
    "date": "2026-10-01",
    "time": "10:00",
    "number": "1",
    "email": "payload@example.org",
    "url": "https://example.org/",
    "tel": "12345678",
}
TEXT_KINDS = {"text", "search", "textarea"}
ATTEMPTS = 4
# The public consultation response (a form with a timing token) has a test of its own below.
#: Forms that cannot store the payload, and why; their answers are checked all the same.
NOT_SAVED = {
    "login": "a login, not data (the payload is the username tried)",
    "meetings:attachment_add": "needs a file",
    "strategies:strategy_revise": "the fixture's approved strategy is already under revision (its state)",
}
#: The forms the payload must be stored through (the issue's list): the page they are on.
MUST_SAVE = {
    "secretariat": {
        "volunteers:volunteer_create",
        "volunteers:volunteer_edit",
        "volunteers:volunteer_organisation_create",
        "volunteers:volunteer_organisation_edit",
        "agreements:agreement_create",
        "agreements:agreement_edit",
        "meetings:body_create",
        "meetings:body_edit",
        "meetings:membership_create",
        "meetings:membership_edit",
        "meetings:meeting_create",
        "meetings:meeting_edit",
        "meetings:plan_create",
        "meetings:item_create",
        "meetings:item_edit",
        "strategies:strategy_create",
        "strategies:strategy_edit",
        "strategies:focus_area_create",
        "strategies:focus_area_edit",
        "strategies:commission_create",
        "strategies:commission_edit",
        "strategies:milestone_create",
        "strategies:milestone_edit",
        "strategies:consultation_create",
        "strategies:consultation_edit",
        "strategies:action_create",
        "strategies:action_edit",
        "strategies:budget_line_create",
        "strategies:budget_line_edit",
        "evaluation:report_edit",
    },
    "coordinator": {
        "volunteers:volunteer_create",
        "volunteers:volunteer_edit",
        "agreements:agreement_create",
        "agreements:agreement_edit",
        "evaluation:report_edit",
    },
}


@pytest.fixture
def region(module_regions):
    """Built once for this module's tests (tests/conftest.py's module_regions)."""
    return module_regions.region


class Forms(HTMLParser):
    """The page's forms: method, action and their fields with the values a browser would send."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._field, self._option = [], None, None, None
        self.feed(html)

    def _add(self, name, kind, attrs, value=""):
        field = {"name": name, "kind": kind, "attrs": attrs, "value": value, "options": [], "checked": []}
        self._form["fields"].append(field)
        return field

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
            }
            self._form["fields"] = []
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name") and tag != "option" or "disabled" in attrs:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                group = next((f for f in self._form["fields"] if f["name"] == attrs["name"]), None)
                group = group or self._add(attrs["name"], kind, attrs)
                group["options"].append(attrs.get("value") or "on")
                if "checked" in attrs:
                    group["checked"].append(attrs.get("value") or "on")
                return
            if attrs.get("inputmode") in {"numeric", "decimal"}:
                kind = "number"
            self._add(attrs["name"], kind, attrs, attrs.get("value") or "")
        elif tag == "textarea":
            self._field = self._add(attrs["name"], "textarea", attrs)
        elif tag == "select":
            self._field = self._add(attrs["name"], "select", attrs)
        elif tag == "option" and self._field is not None and self._field["kind"] == "select":
            self._option = [attrs.get("value"), "selected" in attrs, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._field is not None and self._field["kind"] == "textarea":
            self._field["value"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, text = self._option
            value = value if value is not None else text.strip()
            self._field["options"].append(value)
            if selected:
                self._field["checked"].append(value)
            self._option = None
        elif tag in {"textarea", "select"}:
            self._field = None
        elif tag == "form":
            self._form = None


def initial(field):
    """What a browser sends for the field untouched."""
    if field["kind"] == "select":
        if field["checked"] or "multiple" in field["attrs"]:
            return field["checked"]
        return field["options"][:1]
    if field["kind"] in {"checkbox", "radio"}:
        return field["checked"]
    return [field["value"]]


def carries_payload(field):
    maxlength = int(field["attrs"].get("maxlength") or 10_000)
    return (
        field["kind"] in TEXT_KINDS and "readonly" not in field["attrs"] and maxlength >= len(SHORT_PAYLOAD)
    )


def valid_value(field):
    """A plain value a form will take, for a field it refused."""
    if field["kind"] in {"select", "radio", "checkbox"}:
        real = [option for option in field["options"] if option]
        return real[:1] or initial(field)
    if field["kind"] == "date":
        # Rows of a formset each get a day of their own (a body cannot meet twice at one time).
        row = next((int(part) for part in field["name"].split("-") if part.isdigit()), None)
        return [field["value"] or (FILL["date"] if row is None else f"2026-08-{row % 28 + 1:02d}")]
    if field["kind"] == "time":
        return ["12:00" if "end" in field["name"] else "10:00"]
    if field["kind"] in TEXT_KINDS:
        return [field["value"] or "1"]
    return [field["value"] or FILL.get(field["kind"], "1")]


def form_data(form, fixed, counter):
    """The values to send: the payload in every text field, except those the form refused before."""
    data = {}
    for field in form["fields"]:
        name = field["name"]
        if name in fixed:
            values = fixed[name]
        elif carries_payload(field):
            values = [
                f"{PAYLOAD} {next(counter)}"
                if len(PAYLOAD) + 6 <= int(field["attrs"].get("maxlength") or 10_000)
                else SHORT_PAYLOAD
            ]
        else:
            values = initial(field)
            if "required" in field["attrs"] and not any(values):
                values = valid_value(field)
        data.setdefault(name, []).extend(values)
    return data


def refused_fields(response):
    """The prefixed names of the fields the forms in the response's context have errors for."""
    names = set()
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for context in contexts:
        for value in context.flatten().values() if context is not None else []:
            forms = (
                value.forms
                if isinstance(value, BaseFormSet)
                else [value]
                if isinstance(value, BaseForm)
                else []
            )
            for form in forms:
                names |= {form.add_prefix(name) for name in form.errors if name != "__all__"}
    return names


def assert_escaped(response, where):
    """No raw payload in the page; True if it shows the payload escaped."""
    if "html" not in response.get("Content-Type", ""):
        return False
    content = response.content.decode()
    for raw in RAW:
        assert raw not in content, f"raw payload {raw!r} in {where}"
    return any(escaped in content for escaped in ESCAPED)


def matrix_pages(role):
    """The pages the role may open. Some of the matrix's kwargs make objects (a questionnaire, an
    approved strategy) that close other pages: the URLs are made inside the savepoint of each pass."""
    return [
        name
        for name, (_kwargs, expected) in sorted(MATRIX.items())
        if expected[role] == 200 and name != "admin:*"
    ]


def refresh(region):
    """After a rollback: the fixture's objects as the database has them again."""
    for value in vars(region).values():
        for obj in value.values() if isinstance(value, dict) else [value]:
            if isinstance(obj, Model):
                obj.refresh_from_db()


def url_of(name, region):
    return reverse(name, kwargs=MATRIX[name][0](region))


def send(client, form, url, counter, where):
    """POST the form with payloads, fixing the fields it refuses: (saved, redirect target, escapes seen)."""
    action = urlsplit(urljoin(url, form["action"]) if form["action"] else url).path
    fixed, refusals, escaped = {}, {}, 0
    by_name = {field["name"]: field for field in form["fields"]}
    for _attempt in range(ATTEMPTS):
        answer = client.post(action, form_data(form, fixed, counter))
        assert answer.status_code in {200, 302, 403, 404, 409}, (
            f"POST {action} ({where}): {answer.status_code}"
        )
        if answer.status_code == 302:
            return True, urljoin(action, answer["Location"]), escaped
        escaped += assert_escaped(answer, f"the answer to the POST to {action} ({where})")
        refused = {name for name in refused_fields(answer) if name in by_name}
        if answer.status_code != 200 or not refused:
            break
        for name in refused:
            refusals[name] = refusals.get(name, 0) + 1
            field = by_name[name]
            fixed[name] = (
                initial(field) if refusals[name] == 1 and carries_payload(field) else valid_value(field)
            )
    return False, None, escaped


class Crawl:
    """What one role's crawl did: forms posted and saved, pages a save led to, answers showing escapes."""

    def __init__(self, client):
        self.client, self.counter = client, itertools.count(1)
        self.posted, self.saved, self.shown_pages, self.blocked, self.escaped = [], set(), set(), [], 0

    def page(self, name, url):
        response = self.client.get(url)
        if response.status_code != 200:
            self.blocked.append((name, url))  # an earlier form changed the object's state
            return
        if "html" not in response.get("Content-Type", ""):
            return
        for form in Forms(response.content.decode()).forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            if urlsplit(action).path in SKIP_ACTIONS or not any(map(carries_payload, form["fields"])):
                continue
            if form["method"] == "get":
                answer = self.client.get(urlsplit(action).path, form_data(form, {}, self.counter))
                self.escaped += assert_escaped(answer, f"GET {action} (search form on {name})")
                continue
            self.posted.append(name)
            ok, target, escaped = send(self.client, form, url, self.counter, f"form on {name}")
            self.escaped += escaped
            if ok:
                self.saved.add(name)
                self.shown_pages.add(urlsplit(target).path)
                answer = self.client.get(target)
                self.escaped += assert_escaped(answer, f"{target}, after the POST of the form on {name}")

    def sweep(self, urls):
        """Every page given and every page a save led to: escaped payloads only. The count showing one."""
        shown = 0
        for where in sorted(set(urls) | self.shown_pages):
            response = self.client.get(where)
            if response.status_code == 200:
                shown += assert_escaped(response, where)
        return shown


@pytest.mark.parametrize("role", ["secretariat", "coordinator"])
def test_script_payloads_in_every_text_field_come_out_escaped(client, region, role):
    client.force_login(region.users[role])
    names = matrix_pages(role)
    crawl = Crawl(client)
    with transaction.atomic():
        pages = [(name, url_of(name, region)) for name in names]
        for name, url in pages:
            crawl.page(name, url)
        # Everything stored now: every page the role can open, and each page a save led to.
        escaped_pages = crawl.sweep(url for _name, url in pages)
        transaction.set_rollback(True)
    # Pages that another page's objects or an earlier form had closed (an approved strategy cannot be
    # edited) get their turn each from the fixture's state.
    blocked = crawl.blocked + [
        (name, None) for name in sorted(set(crawl.posted) - crawl.saved - set(NOT_SAVED))
    ]
    for name, _url in blocked:
        crawl.blocked = []
        refresh(region)
        with transaction.atomic():
            url = url_of(name, region)
            crawl.page(name, url)
            assert not crawl.blocked, f"{role} cannot open {name} even from the fixture's state"
            escaped_pages += crawl.sweep([url])
            transaction.set_rollback(True)
    not_saved = set(crawl.posted) - crawl.saved
    print(
        f"\n{role}: {len(pages)} pages ({len(blocked)} of them again on their own), "
        f"{len(crawl.posted)} forms posted, {len(crawl.saved)} saved, {crawl.escaped} answers and "
        f"{escaped_pages} pages showing the payload escaped; not saved: {sorted(not_saved)}"
    )
    assert not_saved <= set(NOT_SAVED), {name: NOT_SAVED.get(name) for name in not_saved}
    assert crawl.saved >= MUST_SAVE[role], sorted(MUST_SAVE[role] - crawl.saved)
    assert escaped_pages >= len(crawl.saved)


def test_a_public_consultation_response_with_payloads_comes_out_escaped(client, region):
    """The public form (no login): the payload in every text field of a response, then every page of the
    secretariat's that shows the consultation and the response."""
    consultation = open_consultation(region)
    texts = {name: f"{PAYLOAD} {name}" for name in ["name", "organisation_name", "text"]}
    response = client.post(public_url(consultation), response_data(consultation, **texts))
    assert response.status_code == 302
    answer = responses_of(consultation).get()
    assert answer.text == texts["text"]
    assert_escaped(client.get(response["Location"]), "the public page after the response")
    client.force_login(region.users["secretariat"])
    shown = SimpleNamespace(**{**vars(region), "consultation": consultation, "response": answer})
    escaped = 0
    for name in matrix_pages("secretariat"):
        if name.startswith("strategies:consultation") or name.startswith("strategies:response"):
            page = client.get(url_of(name, shown))
            if page.status_code == 200:
                escaped += assert_escaped(page, name)
    assert escaped >= 2  # the consultation's page and the response's moderation page at least
