"""Malformed input never answers 500 (the hardening issue's input guard).

Over every URL of the permission matrix, as every role, in one pass per role:

- the query with a NUL or bytes that are not UTF-8: 400, whoever asks
  (core.middleware.MalformedInputMiddleware); the path's own values likewise, and an id a huge number;
- every query parameter the page uses (its GET forms' fields and its links' parameters, and ``q``,
  ``page`` and ``sort``) with malformed values at once: huge numbers, invalid and far-out dates, long
  strings, odd Unicode;
- every ``<form method="post">`` on each page the role opens, sent back as a browser sends it with one
  field at a time given a malformed value chosen by the field's kind (and once with a NUL in every
  field). Every SQL statement is watched: a POST that is refused (anything but a redirect)
  changes no row, and no request stores a date outside the range forms accept (core.dates);
- afterwards, every page an accepted POST led to and the start page (what was stored must break no
  page; tests/test_dates.py reads every page with far-out dates stored).

No answer may be a 5xx or an exception. Each role's pass runs in a transaction rolled back afterwards.
The values are drawn with a fixed seed, so that a failure repeats (another SEED explores other values).
Bounded for speed: a form on many pages is sent once per role (the secretariat's and the administrator's
are the same views: the administrator sends only the administration's), the path is varied once per URL,
and a formset's form count never exceeds what the page sent (up to Django's cap of 1000 forms is Django's
own business, and slow to render). NUL is PostgreSQL's failure in particular (it refuses NUL in text):
CI runs this test on PostgreSQL too.
"""

import random
import re
import time
import traceback
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.db import connection, transaction
from django.test import Client
from django.urls import resolve, reverse

from core.dates import FIRST_DAY, LAST_DAY
from tests.matrix import ROLES
from tests.test_permissions import MATRIX
from tests.test_security_payloads import Forms, initial, valid_value

SEED = 20260601

#: Bytes that the middleware answers 400 to, wherever in the path or the query they are.
UNREADABLE = [b"\x00", b"a\x00b", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xae"]
HUGE = "9" * 40
LONG = "x" * 20_000
ODD = "\u202e\u200b\ufeff😀 Ærø 𝔘 \u0301"
#: Malformed but readable values, for query parameters and any form field.
#: "1234567²": eight characters that str.isdigit() takes and int() does not.
ANY = [HUGE, "-" + HUGE, "1e400", "NaN", "-1", "0", LONG, ODD, "1234567²", "' OR 1=1 --", "%_\\", "", " "]
DATES = [
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1899-12-31",
    "2101-01-01",
    "2024-02-30",
    "2024-13-01",
    "31-12-2024",
    "99999999",
    "-2024-01-01",
]
#: Far-out dates a form must refuse: each date field gets one, every other field as it was (or in a
#: long form, as it was or malformed too).
FAR_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]
IDS = ["-1", "0", HUGE, "abc", "1.5", "²", "2147483648", "9223372036854775808"]
BY_KIND = {
    "date": DATES,
    "time": ["24:00", "23:60", "99:99", "-1:00", "12:00:00.0000001", "middag"],
    "number": [HUGE, "-" + HUGE, "1e400", "-1e400", "Infinity", "1,5", "٣", "²", "0x1F", "1_000", "-1", "0"],
    "email": ["a@b", "@", "a" * 300 + "@example.org", "ø@ø.dk"],
    "url": ["javascript:alert(1)", "http://", "http://" + "a" * 3000 + ".dk"],
    "select": IDS,
    "radio": IDS,
    "checkbox": IDS,
    "hidden": IDS,
    "button": IDS,
}
#: A form field's malformed values include these too, whatever its kind (NUL and bytes that are not
#: UTF-8 in a form field are the form's to refuse; the middleware looks at the path and query only).
EVERY_FIELD = [*ANY, "\x00", "a\x00b", b"\xff\xfe"]
#: A form is sent at most this many times besides once with every field malformed: each field is
#: malformed in one of them, a long form's fields a few at a time.
GROUPS_PER_FORM = 4
#: A formset's management form: no count above what the page sent.
MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
MANAGEMENT_VALUES = ["-1", "abc", "", "1.5", "\x00", "٣"]
QUERY_VALUES = [*ANY, *DATES, "2147483648", "9223372036854775808", "-0", "abc"]
#: Logging out is not data (and would end the pass's session).
SKIP_ACTIONS = {reverse("logout")}
#: Tables a refused POST may write to: the session, and a failed login's records (lockout and log).
MAY_WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(django_session|axes_|audit_loginevent)')
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class PostForms(Forms):
    """The page's forms with their named buttons too: a browser sends the one clicked (an id, an action,
    the confirmation of a step); the first of them untouched."""

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag != "button" or self._form is None or not named.get("name") or "disabled" in named:
            super().handle_starttag(tag, attrs)
            return
        fields = self._form["fields"]
        group = next((field for field in fields if field["name"] == named["name"]), None)
        group = group or self._add(named["name"], "button", named)
        group["options"].append(named.get("value") or "")


class Links(HTMLParser):
    """The names of the query parameters in the page's links (sorting, pagination, filters)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.names = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.names |= {name for name, _value in parse_qsl(urlsplit(href).query, keep_blank_values=True)}


class Fuzz:
    """One role's pass: its requests' statuses, what went wrong, and where accepted POSTs led."""

    def __init__(self, client, role, forms_seen):
        self.client, self.role, self.forms_seen = client, role, forms_seen
        self.rng = random.Random(f"{SEED}-{role}")
        self.statuses = Counter()
        self.failures, self.writes, self.posts = [], [], 0
        self.led_to = set()

    def request(self, method, path, query="", body=b"", label=""):
        """One request in a savepoint of its own (an exception rolls back what it did): the response,
        or None after an exception or a 5xx, which are recorded; and the statements that changed rows."""
        where = f"{method} {path}{'?' + query[:200] if query else ''} {label}".strip()
        changed = []

        def watch(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if WRITES.match(sql) and context["cursor"].rowcount:
                if not MAY_WRITE.match(sql):
                    changed.append(sql[:100])
                rows = params if many else [params]
                far = [value for row in rows for value in row or () if out_of_range(value)]
                if far:
                    self.failures.append(f"{where}: stored the dates {far} ({sql[:60]})")
            return result

        try:
            with transaction.atomic(), connection.execute_wrapper(watch):
                if method == "GET":
                    response = self.client.generic("GET", path, QUERY_STRING=query)
                else:
                    response = self.client.generic(
                        "POST", path, body, content_type="application/x-www-form-urlencoded"
                    )
        except Exception as exception:  # noqa: BLE001 -- every exception is a failure to report
            frames = traceback.extract_tb(exception.__traceback__)
            own = [
                f"{f.filename.rsplit('/', 2)[-2]}/{f.name}:{f.lineno}"
                for f in frames
                if ".venv" not in f.filename
            ]
            self.failures.append(f"{where}: {type(exception).__name__}: {str(exception)[:300]} at {own[-4:]}")
            self.statuses["exception"] += 1
            return None, changed
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{where}: {response.status_code}")
            return None, changed
        return response, changed

    def get(self, path, params=()):
        return self.request("GET", path, urlencode(list(params), doseq=True))[0]

    def get_raw(self, path, query, expected):
        """A GET whose query is given percent-encoded as it is; a status other than `expected` fails."""
        response, _changed = self.request("GET", path, query)
        if response is not None and response.status_code != expected:
            self.failures.append(f"GET {path!r}?{query}: {response.status_code}, not {expected}")

    def post(self, path, data, label):
        body = urlencode([(name, value) for name, values in data.items() for value in values]).encode()
        response, changed = self.request("POST", path, body=body, label=label)
        self.posts += 1
        if response is None:
            return None
        if response.status_code != 302 and changed:
            self.writes.append(f"POST {path} {label}: {response.status_code} after {changed[:3]}")
        if response.status_code == 302:
            target = urlsplit(urljoin(path, response["Location"]))
            if not target.netloc:
                self.led_to.add(target.path)
        return response


def out_of_range(value):
    """Whether a value written to the database is a date outside the range forms accept (SQLite is
    given dates as text)."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return False
    return type(value) is date and not FIRST_DAY <= value <= LAST_DAY  # PostgreSQL is given dates


def percent(raw):
    return "".join(f"%{byte:02X}" for byte in raw)


def fuzz_path(fuzz, name, path):
    """The path's own values: unreadable ones (400) and, for an id, a huge number."""
    match = resolve(path)
    for key, value in match.kwargs.items():
        if isinstance(value, int):
            fuzz.get(reverse(name, kwargs={**match.kwargs, key: int(HUGE)}))
        elif str(value) in path:  # not a value the URL pattern adds itself
            fuzz.get_raw(path.replace(str(value), percent(fuzz.rng.choice(UNREADABLE)), 1), "", 400)


def baseline(form):
    """What a browser sends for the form untouched, with a plain value in each required empty field."""
    data = {}
    for field in form["fields"]:
        values = field["options"][:1] if field["kind"] == "button" else initial(field)
        if "required" in field["attrs"] and not any(values):
            values = valid_value(field) if field["kind"] not in {"text", "textarea"} else ["Fuzz"]
        data.setdefault(field["name"], []).extend(values)
    return data


def malformed(field, rng):
    if MANAGEMENT.search(field["name"]):
        return rng.choice(MANAGEMENT_VALUES)
    return rng.choice(BY_KIND.get(field["kind"], []) + EVERY_FIELD)


def fuzz_form(fuzz, form, page):
    action = urlsplit(urljoin(page, form["action"]) if form["action"] else page).path
    # A form on many pages (the header's search, the language switch), or on many objects of a page (a
    # row's delete button), is sent once: the same view with the same fields.
    key = (
        form["method"],
        resolve(action).view_name,
        tuple(sorted(field["name"] for field in form["fields"])),
    )
    if action in SKIP_ACTIONS or key in fuzz.forms_seen:
        return
    fuzz.forms_seen.add(key)
    fields = [field for field in form["fields"] if "readonly" not in field["attrs"]]
    if form["method"] == "get":
        fuzz.get(action, [(field["name"], malformed(field, fuzz.rng)) for field in fields])
        return
    base = baseline(form)
    # A NUL in every field at once (PostgreSQL refuses it in text: each field must refuse it first).
    nul = {field["name"]: [f"{value}\x00" for value in base[field["name"]] or [""]] for field in fields}
    fuzz.post(action, nul, "a NUL in every field")
    # Then each field once (in a group of a few, for a long form), every other field as it was.
    shuffled = fuzz.rng.sample(fields, len(fields))
    for group in range(min(len(fields), GROUPS_PER_FORM)):
        changed = {
            field["name"]: [
                fuzz.rng.choice(FAR_DATES) if field["kind"] == "date" else malformed(field, fuzz.rng)
            ]
            for field in shuffled[group::GROUPS_PER_FORM]
        }
        label = ", ".join(f"{name}={values[0]!r:.40}" for name, values in changed.items())
        fuzz.post(action, {**base, **changed}, label)


def html(response):
    """The page's HTML; empty for anything else (a redirect, a file, an error)."""
    if response is None or response.status_code != 200 or "html" not in response["Content-Type"]:
        return ""
    return response.content.decode()


def fuzz_role(fuzz, region, pages, names, probed):
    """One role's pass over every page; `names` (the query parameters seen on each page, by URL name) and
    `probed` (the URL names whose path was varied already) are shared with the other roles' passes."""
    role = fuzz.role
    for name, path, expected in pages:
        fuzz.get_raw(path, f"q={percent(fuzz.rng.choice(UNREADABLE))}", 400)
        if expected[role] != 200:
            fuzz.get(path, [(key, fuzz.rng.choice(QUERY_VALUES)) for key in sorted(names.get(name, ()))])
            continue
        if name not in probed:
            probed.add(name)
            fuzz_path(fuzz, name, path)
        if name not in names:  # the first to open the page: which parameters it takes
            names[name] = {"q", "page", "sort"} | Links(html(fuzz.get(path))).names
        page = html(fuzz.get(path, [(key, fuzz.rng.choice(QUERY_VALUES)) for key in sorted(names[name])]))
        for form in PostForms(page or html(fuzz.get(path))).forms:  # the page itself, if the query broke it
            if form["method"] == "get":
                names[name] |= {field["name"] for field in form["fields"]}
            fuzz_form(fuzz, form, path)
    # What the accepted POSTs stored: the pages they led to (the object's own) and the start page, which
    # sums up the role's work, must still open.
    for path in sorted(fuzz.led_to | {reverse("home")}):
        fuzz.get(path)


def test_malformed_input_never_answers_500(module_regions):
    region = module_regions.region
    started = time.monotonic()
    # Some kwargs make objects: once, before the passes (each rolls back what it did to them).
    pages = [
        (name, reverse(name, kwargs=kwargs_for(region)), expected)
        for name, (kwargs_for, expected) in sorted(MATRIX.items())
        if name != "admin:*"
    ]
    forms_seen = {role: set() for role in ROLES}
    forms_seen["administrator"] = forms_seen["secretariat"]
    names, probed, report, failures, writes = {}, set(), [], [], []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(region.users[role])
        fuzz = Fuzz(client, role, forms_seen[role])
        with transaction.atomic():
            fuzz_role(fuzz, region, pages, names, probed)
            transaction.set_rollback(True)
        failures += [f"{role}: {failure}" for failure in fuzz.failures]
        writes += [f"{role}: {write}" for write in fuzz.writes]
        report.append(
            f"{role}: {fuzz.statuses.total()} requests ({fuzz.posts} POSTs of forms): "
            f"{dict(sorted(fuzz.statuses.items(), key=str))}"
        )
    print(
        f"\n{len(pages)} URLs x {len(ROLES)} roles in {time.monotonic() - started:.1f} s\n"
        + "\n".join(report)
    )
    assert not failures, "\n".join(failures)
    assert not writes, "refused POSTs that changed rows:\n" + "\n".join(writes)
