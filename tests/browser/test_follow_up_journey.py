"""A coordinator hands in a half-year status report and the steering group reads it, in a real browser
(issue 6).

On the `region` fixture with its strategy approved and followed up (tests/followup.py): the hospital and
the other hospital report every half year, and the hospital's coordinator owes the reports. The
coordinator starts a report from the list of reports owed, fills in the key figures, a status for every
action and the unit's value of the effect target, saves and submits it; the secretariat returns it with
a comment, the coordinator reads the comment, corrects and submits again, and the secretariat accepts
it. The steering group then opens the list of reports, the dashboard and, from its matrix, the unit's
report; it reads but cannot change: no button to submit, edit or decide, and a POST is refused. Every page
visited is checked with axe-core.

Texts are located by structure (input names, hrefs, ids, classes) or by the data's own Danish words, not
by interface strings, so the test holds while the translation is being finished. The fixture's users
are signed in with a session, as in tests/browser/test_every_page.py.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from evaluation.models import ActionReport, StatusReport
from evaluation.reporting import key_figures
from strategies.models import Action
from tests.browser.navigation import follow, go, submit
from tests.browser.test_every_page import log_in
from tests.followup import follow_up
from volunteers.models import Notification

pytestmark = pytest.mark.browser

SECOND_ACTION = "Introduktionsforløb for nye frivillige"
RETURN_COMMENT = "Beskriv venligst, hvorfor introduktionsforløbet er i risiko, og hvad I gør ved det."


def test_a_coordinator_hands_in_a_report_and_the_steering_group_reads_it(
    page, context, live_server, transactional_db, region, assert_accessible, screenshot_dir, eager_celery
):
    followed = follow_up(region)
    strategy, hospital = followed.strategy, region.hospital
    # A second action of the part "Sygehusene", so that the unit gives more than one action a status.
    second = Action.objects.create(
        part=region.part,
        focus_area=region.focus_area,
        title=SECOND_ACTION,
        owner_unit=hospital,
        position=2,
    )
    period = followed.periods[1]  # the second half year: owed, not started
    assert not StatusReport.objects.filter(period=period, unit=hospital).exists()
    register = key_figures(hospital)

    # --- The coordinator: the start page names the reports owed; the report list starts one. ---------
    coordinator = region.users["coordinator"]
    log_in(context, live_server, coordinator)
    go(page, live_server, reverse("home"))
    owed = page.locator("main section[aria-labelledby=reports-title] li")
    expect(owed).to_have_count(len(followed.periods))  # every half year so far, for the one unit
    expect(owed.filter(has_text=hospital.name)).to_have_count(len(followed.periods))
    assert_accessible(page)

    follow(page, reverse("evaluation:report_list"))
    start = reverse("evaluation:report_start", args=[period.pk, hospital.pk])
    expect(page.locator(f'#owed-reports form[action="{start}"]')).to_have_count(1)
    assert_accessible(page)
    submit(page, f'#owed-reports form[action="{start}"] button[type=submit]')
    report = StatusReport.objects.get(period=period, unit=hospital)
    assert report.status == StatusReport.Status.DRAFT
    expect(page).to_have_url(f"{live_server.url}{reverse('evaluation:report_edit', args=[report.pk])}")

    # The report form: the key figures come from the register; a status for every action, a value for
    # the effect target.
    expect(page.locator("main input[name=active_volunteers]")).to_have_value(
        str(register["active_volunteers"])
    )
    expect(page.locator("main input[name=active_agreements]")).to_have_value(
        str(register["active_agreements"])
    )
    assert_accessible(page)
    page.locator("main input[name=active_volunteers]").fill("12")
    page.locator("main input[name=active_agreements]").fill("2")
    page.locator("main input[name=agreements_due_for_review]").fill("1")
    page.locator("main textarea[name=summary]").fill(
        "Koordinatoren er ansat; introduktionsforløbet er forsinket."
    )
    rows = page.locator("main fieldset.report-action")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator(":scope > legend")).to_have_text(region.action.title)
    expect(rows.nth(1).locator(":scope > legend")).to_have_text(SECOND_ACTION)
    statuses = [ActionReport.Status.ON_TRACK, ActionReport.Status.AT_RISK]
    for index, status in enumerate(statuses):
        rows.nth(index).locator(f"input[type=radio][name=actions-{index}-status][value={status}]").check()
        rows.nth(index).locator(f"textarea[name=actions-{index}-narrative]").fill("Arbejdet er i gang.")
        rows.nth(index).locator(f"textarea[name=actions-{index}-next_steps]").fill(
            "Opfølgning i styregruppen."
        )
    page.locator("main input[name=targets-0-actual]").fill("35")
    submit(page, "main form.report-form button[type=submit][name=save]")

    detail = reverse("evaluation:report_detail", args=[report.pk])
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("main .report-facts .report-status-draft")).to_have_count(1)
    assert_accessible(page)
    report.refresh_from_db()
    assert (report.active_volunteers, report.active_agreements, report.agreements_due_for_review) == (
        12,
        2,
        1,
    )
    assert {row.action_id: row.status for row in report.actions.all()} == {
        region.action.pk: ActionReport.Status.ON_TRACK,
        second.pk: ActionReport.Status.AT_RISK,
    }
    assert [row.actual for row in report.targets.all()] == [Decimal(35)]
    table = page.locator("main table.report-actions")
    for status in statuses:
        expect(table.locator(f".action-status-{status}")).to_have_count(1)  # symbol and text, not colour

    submit_form = f'main form[action="{reverse("evaluation:report_submit", args=[report.pk])}"]'
    submit(page, f"{submit_form} button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("main .report-facts .report-status-submitted")).to_have_count(1)
    expect(page.locator(submit_form)).to_have_count(0)  # handed in: no longer to be changed
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == StatusReport.Status.SUBMITTED and report.submitted_by == coordinator

    # --- The secretariat returns it with a comment. ---------------------------------------------------
    secretariat = region.users["secretariat"]
    decide = f'main form[action="{reverse("evaluation:report_decide", args=[report.pk])}"]'
    log_in(context, live_server, secretariat)
    go(page, live_server, detail)
    expect(page.locator(decide)).to_have_count(1)
    assert_accessible(page)
    page.locator(f"{decide} input[name=decision][value=return]").check()
    page.locator(f"{decide} textarea[name=comment]").fill(RETURN_COMMENT)
    submit(page, f"{decide} button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("main .report-facts .report-status-returned")).to_have_count(1)
    expect(page.locator("main .return-comment")).to_contain_text(RETURN_COMMENT)
    assert_accessible(page)
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (StatusReport.Status.RETURNED, RETURN_COMMENT)

    # --- The coordinator sees the comment, corrects the report and submits it again. -----------------
    # Handing in told the secretariat; the return reaches the coordinator: an e-mail each, and a new
    # notification in the coordinator's header.
    log_in(context, live_server, coordinator)
    go(page, live_server, reverse("home"))
    notifications = reverse("volunteers:notification_list")
    expect(page.locator(f'header a[href="{notifications}"]')).to_contain_text("1")
    assert [message.to for message in mail.outbox if detail in message.body] == [
        [secretariat.email],
        [coordinator.email],
    ]
    page.locator(f'header a[href="{notifications}"]').click()
    expect(page).to_have_url(f"{live_server.url}{notifications}")
    told = Notification.objects.get(user=coordinator, url=detail)
    assert_accessible(page)
    page.locator(f'main a[href="{reverse("volunteers:notification_open", args=[told.pk])}"]').click()
    expect(page).to_have_url(f"{live_server.url}{detail}")  # opening it leads to the report and reads it
    expect(page.locator(f'header a[href="{notifications}"]')).to_contain_text("0")
    go(page, live_server, reverse("home"))
    follow(page, detail)  # the start page links to the returned report
    expect(page.locator("main .return-comment")).to_contain_text(RETURN_COMMENT)
    assert_accessible(page)
    follow(page, reverse("evaluation:report_edit", args=[report.pk]))
    expect(page.locator("main .return-comment")).to_contain_text(RETURN_COMMENT)
    expect(page.locator("main input[name=active_volunteers]")).to_have_value("12")  # what was saved
    assert_accessible(page)
    page.locator("main textarea[name=actions-1-narrative]").fill(
        "Forløbet er i risiko: to af tre undervisere er stoppet. Frivilligcentret hjælper med nye."
    )
    submit(page, "main form.report-form button[type=submit][name=submit]")
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("main .report-facts .report-status-submitted")).to_have_count(1)
    assert_accessible(page)

    # --- The secretariat accepts it. ------------------------------------------------------------------
    log_in(context, live_server, secretariat)
    go(page, live_server, detail)
    page.locator(f"{decide} input[name=decision][value=accept]").check()
    submit(page, f"{decide} button[type=submit]")
    # Accepting asks first, on a page of its own that names the coordinator told.
    expect(page.locator("main .consequences .told")).to_contain_text(coordinator.get_full_name())
    assert_accessible(page)
    submit(page, "main form[method=post] button[type=submit]")
    expect(page.locator("main .report-facts .report-status-accepted")).to_have_count(1)
    assert_accessible(page)
    report.refresh_from_db()
    assert report.status == StatusReport.Status.ACCEPTED and report.decided_by == secretariat

    # --- The steering group reads: the list of reports, the dashboard, and the unit's report. ----------
    steering_group = region.users["steering_group"]
    log_in(context, live_server, steering_group)
    go(page, live_server, reverse("evaluation:report_list"))
    listed = page.locator(f'#reports a[href="{detail}"]')
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(hospital.name)
    assert_accessible(page)

    dashboard = reverse("evaluation:dashboard", args=[strategy.pk])
    go(page, live_server, dashboard)
    matrix = page.locator("main table.report-matrix")
    expect(matrix.locator("tbody tr")).to_have_count(2)  # the hospital and the other hospital
    hospital_row = matrix.locator("tbody tr").filter(has=page.locator("th", has_text=hospital.name))
    expect(hospital_row.locator(".report-status-accepted")).to_have_count(1)
    # The unit's value of the effect target, in the chart's data table (target against actual).
    expect(page.locator("main section[aria-labelledby=targets-heading] table")).to_contain_text("35")
    # Nothing for the steering group to change here: putting the status pack on a meeting is the
    # secretariat's.
    expect(page.locator("main form[method=post]")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "follow_up_dashboard.png"), full_page=True)

    hospital_row.locator(f'a[href="{detail}"]').click()  # drill down to the unit's report
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.locator("main h1")).to_contain_text(hospital.name)
    expect(page.locator("main .report-facts .report-status-accepted")).to_have_count(1)
    expect(page.locator("main table.report-actions tbody tr")).to_have_count(2)
    expect(page.locator(submit_form)).to_have_count(0)
    expect(page.locator(decide)).to_have_count(0)
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(
        page.locator(f'main a[href="{reverse("evaluation:report_edit", args=[report.pk])}"]')
    ).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "follow_up_report.png"), full_page=True)

    # A POST anyway, with a valid CSRF token, is refused and changes nothing.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    draft = StatusReport.objects.get(period=followed.periods[0], unit=hospital)  # follow_up's draft
    for path, data in [
        (reverse("evaluation:report_decide", args=[report.pk]), {"decision": "return", "comment": "Nej."}),
        (reverse("evaluation:report_submit", args=[draft.pk]), {}),
        (
            reverse("evaluation:report_edit", args=[draft.pk]),
            {"summary": "Ændret af styregruppen", "save": ""},
        ),
        (reverse("evaluation:report_start", args=[followed.periods[2].pk, hospital.pk]), {}),
    ]:
        refused = page.request.post(
            f"{live_server.url}{path}", form={"csrfmiddlewaretoken": token, **data}, max_redirects=0
        )
        assert refused.status == 403, (path, refused.status)
        assert "CSRF" not in refused.text(), path  # refused for the role, not for a missing token
    report.refresh_from_db()
    draft.refresh_from_db()
    assert report.status == StatusReport.Status.ACCEPTED and report.return_comment == ""
    assert draft.status == StatusReport.Status.DRAFT and draft.summary != "Ændret af styregruppen"
    assert not StatusReport.objects.filter(period=followed.periods[2], unit=hospital).exists()
