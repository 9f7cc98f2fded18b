"""Work done outside the request: a PDF made by the Celery worker, reminders sent by Celery beat."""

import re
import time

from django.utils import translation
from django.utils.translation import gettext

from .conftest import BEAT_EVERY_SECONDS, TIMINGS, download_link, wait_for


def test_the_worker_makes_the_strategy_pdf(system, browser):
    browser.log_in("sekretariat.syd")
    strategy = browser.get(browser.get("/strategier/").link(r"/strategier/\d+/"))
    requested = time.monotonic()

    waiting = browser.get(strategy.link(r"/strategier/\d+/pdf/"))

    # The request is queued; the browser lands on the document's waiting page, which reloads itself.
    assert waiting.status == 200
    match = re.fullmatch(r"/dokumenter/(\d+)/", waiting.path)
    assert match, f"not a waiting page: {waiting.url}"
    document_id = int(match.group(1))
    assert waiting.headers["Refresh"], "the waiting page does not reload itself"

    download = download_link(browser, waiting)
    ready_after = time.monotonic() - requested
    pdf = browser.get(download)

    assert pdf.status == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.body.startswith(b"%PDF-")
    [(status, file, finished_at, error)] = system.query(
        "SELECT status, file, finished_at, error FROM documents_document WHERE id = %s", document_id
    )
    assert (status, error) == ("ready", "")
    assert finished_at is not None
    assert (system.var_dir / "media" / file).read_bytes() == pdf.body
    TIMINGS["strategy PDF: request to download link (worker)"] = ready_after


def _subject(msgid, **values):
    with translation.override("da"):
        return gettext(msgid) % values


def _subject_of(message):
    # Python's parser keeps the blank that starts a folded encoded header ("Subject:\n =?utf-8?q?...").
    return str(message["Subject"]).strip()


def _messages_to(system, address):
    return [message for message in system.mails() if address in message["To"]]


#: The status report and evaluation step reminders' subjects, each up to its first placeholder.
REMINDER_SUBJECTS = [
    "Status report due on %(deadline)s: %(unit)s, %(period)s",
    "Status report due today: %(unit)s, %(period)s",
    "Status report overdue: %(unit)s, %(period)s",
    "Evaluation step due on %(due)s: %(step)s",
    "Evaluation step due today: %(step)s",
    "Evaluation step overdue: %(step)s",
]


def _reminders_to(system, address):
    """The deadline reminders among the e-mails to the address (the demo's hand-offs reach it too)."""
    values = {"deadline": "\0", "unit": "\0", "period": "\0", "due": "\0", "step": "\0"}
    prefixes = tuple(_subject(msgid, **values).split("\0")[0] for msgid in REMINDER_SUBJECTS)
    return [message for message in _messages_to(system, address) if _subject_of(message).startswith(prefixes)]


def test_beat_sends_the_review_reminder_once(system):
    address = "koordinator.syd@example.org"

    def sent():
        return system.query(
            "SELECT a.title, r.kind FROM agreements_reviewreminder r"
            " JOIN agreements_agreement a ON a.id = r.agreement_id"
            " JOIN volunteers_user u ON u.id = r.recipient_id"
            " WHERE u.email = %s AND r.sent_at IS NOT NULL",
            address,
        )

    [(title, kind)] = wait_for(sent, timeout=90, message="beat's sweep to send the review reminder")
    msgid = "Review overdue: %(title)s" if kind == "overdue" else "Review coming up: %(title)s"
    expected = _subject(msgid, title=title)

    # The demo's hand-offs (reports returned and accepted) reach the coordinator too; the reminder once.
    def reminders_sent():
        return [message for message in _messages_to(system, address) if _subject_of(message) == expected]

    reminders = wait_for(reminders_sent, timeout=30, message=f"the reminder e-mail to {address}")
    assert len(reminders) == 1
    body = reminders[0].get_body(preferencelist=("plain",)).get_content()
    assert title in body
    assert system.base_url in body  # the link back to the agreement, on SITE_URL

    # Later sweeps (beat keeps sending them every few seconds) send nothing twice.
    time.sleep(3 * BEAT_EVERY_SECONDS)
    assert len(reminders_sent()) == 1
    assert len(sent()) == 1


def test_beat_sends_the_status_report_reminders(system):
    address = "sekretariat.syd@example.org"

    def sent():
        return system.query(
            "SELECT r.kind, u.name FROM evaluation_reminder r"
            " LEFT JOIN evaluation_statusreport s ON s.id = r.report_id"
            " LEFT JOIN volunteers_unit u ON u.id = s.unit_id"
            " JOIN volunteers_user p ON p.id = r.recipient_id"
            " WHERE p.email = %s AND r.sent_at IS NOT NULL",
            address,
        )

    # The demo's current half year runs to its deadline; one of its reports is made late, as a unit's
    # would be once the deadline passes, for beat's sweep to find.
    assert system.query(
        "UPDATE evaluation_reportingperiod SET deadline = CURRENT_DATE - 1 WHERE id IN"
        " (SELECT period_id FROM evaluation_statusreport WHERE status = 'draft') AND deadline >= CURRENT_DATE"
        " RETURNING id"
    )
    wait_for(sent, timeout=90, message="beat's sweep to send the status report reminders")

    # A sweep records and sends its reminders one by one: wait until the e-mails and the records agree.
    def settled():
        reminders, messages = sent(), _reminders_to(system, address)
        return len(messages) == len(reminders) and (reminders, messages)

    reminders, messages = wait_for(settled, timeout=30, message=f"the e-mails to {address}")
    overdue = _subject("Status report overdue: %(unit)s, %(period)s", unit="UNIT", period="PERIOD")
    prefix = overdue.split("UNIT")[0]
    subjects = [_subject_of(message) for message in messages]
    for kind, unit in reminders:
        if unit is not None:  # about a status report (else about an evaluation milestone)
            assert any(
                unit in subject and (kind != "overdue" or subject.startswith(prefix)) for subject in subjects
            ), (unit, subjects)
    # Later sweeps send nothing twice.
    time.sleep(3 * BEAT_EVERY_SECONDS)
    assert len(_reminders_to(system, address)) == len(sent())
