"""The secretariat's journey from the commission of a revision to the approved strategy and its published
PDFs, in a real browser (issue 5).

On the demo data, as Region Midtjylland's secretariat: its 2027 revision is in consultation, with a
commission, a chosen process and an open public consultation. The secretariat adds a more inclusive
process with a milestone and chooses it, adds a focus area with an effect target, a citizen responds on
the public page without logging in, the secretariat moderates the response and gets the consultation
memo, approves the strategy, builds the implementation plan with a part, an action and a budget line, and
publishes the strategy and the plan as PDFs (made by the Celery task, run at once here). Every page
visited is checked with axe-core.

Texts are located by structure (input names, hrefs, ids) or by the data's own Danish words, not by
interface strings, so the test holds while the translation is being finished.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document
from meetings.models import Body
from strategies.models import (
    Action,
    BudgetLine,
    Commission,
    Consultation,
    ConsultationResponse,
    EffectTarget,
    FocusArea,
    ImplementationPlan,
    Milestone,
    PlanPart,
    ProcessVariant,
    Strategy,
)
from tests.browser.demo_login import log_in
from tests.browser.navigation import address, follow, submit
from tests.browser.pdf_download import fetch_pdf
from volunteers.models import Unit, User

pytestmark = pytest.mark.browser

REVISION = "Strategi for frivillighed og samskabelse"
COMMITTEE = "Midlertidigt udvalg vedrørende samarbejde med civilsamfundet"
NEW_PROCESS = "Mere inddragende proces"
NEW_MILESTONE = "Workshop med patientforeninger"
FOCUS_AREA = "Flere borgere løftes ind i lokale fællesskaber"
INDICATOR = "Antal frivillige i sektorovergange"
RESPONSE = "Vi bakker op om samskabelsen, men savner fokus på de pårørende og på frivillige i psykiatrien."
HOSPITAL = "Regionshospital Horsens"


@pytest.fixture
def eager_tasks():
    """Celery runs the queued tasks at once, in the live server's request (documents queue the PDF with
    transaction.on_commit + .delay), so the waiting page finds the document made."""
    from frivillig.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def fill(page, **fields):
    for name, value in fields.items():
        page.locator(f'main [name="{name}"]').fill(value)


def published_pdf(page, live_server, assert_accessible, href, kind, obj):
    """Follow the PDF link: the waiting page, then the download link when the document is ready."""
    # The documents app's page for a document, whichever its number.
    waiting = re.escape(f"{live_server.url}{reverse('documents:document_status', args=[0])}")
    page.locator(f'main a[href="{href}"]').first.click()
    expect(page).to_have_url(re.compile("^" + waiting.replace("/0/", r"/\d+/") + "$"))
    document = Document.objects.get(kind=kind, object_id=obj.pk)
    assert page.url == f"{live_server.url}{document.get_absolute_url()}"
    download = page.locator(f'main a[href="{document.get_download_url()}"]')
    # Made at once here; a real worker would take a moment, and the page reloads itself until then.
    expect(download).to_be_visible(timeout=60_000)
    assert_accessible(page)
    text = fetch_pdf(page, live_server, document.get_download_url())
    # Reused until the content changes: asking again answers with the same file at once.
    again = page.request.get(f"{live_server.url}{href}", max_redirects=0)
    assert again.status == 200 and again.headers["content-type"] == "application/pdf"
    assert again.body() == page.request.get(f"{live_server.url}{document.get_download_url()}").body()
    return text


def watch_for_errors(page):
    """As the `page` fixture does: the browser's CSP violations and JavaScript errors, collected."""
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_the_secretariat_takes_a_revision_from_commission_to_published_pdfs(
    page, browser, live_server, demo_data, eager_tasks, mailoutbox, assert_accessible, screenshot_dir
):
    today = timezone.localdate()
    strategy = Strategy.objects.get(organisation__name="Region Midtjylland", title=REVISION)
    replaced = strategy.replaces
    commission = Commission.objects.get(strategy=strategy)
    consultation = Consultation.objects.get(strategy=strategy)
    committee = Body.objects.get(name=COMMITTEE)
    horsens = Unit.objects.get(organisation=strategy.organisation, name=HOSPITAL)
    coordinator = User.objects.get(username="koordinator.midt")
    assert strategy.status == Strategy.Status.CONSULTATION

    # The strategy list, and the revision.
    strategy_list = reverse("strategies:strategy_list")
    log_in(page, live_server, "sekretariat.midt", next_page=strategy_list)
    expect(page.locator("main table")).to_contain_text(REVISION)
    assert_accessible(page)
    follow(page, strategy.get_absolute_url())
    expect(page.locator("main h1")).to_contain_text(REVISION)
    assert_accessible(page)

    # The commission, with the chosen process drawn as a timeline on the server.
    follow(page, commission.get_absolute_url())
    expect(page.locator("main h1")).to_have_text(commission.title)
    expect(page.locator("#plan svg[role=img]")).to_have_count(1)
    expect(page.locator("#plan svg[role=img] title")).to_contain_text("Samskabende proces")
    assert_accessible(page)

    # A second, more inclusive process, with a milestone.
    follow(page, reverse("strategies:variant_create", args=[commission.pk]))
    assert_accessible(page)
    fill(
        page,
        name=NEW_PROCESS,
        description="Som den samskabende proces, men med en ekstra workshop for patientforeninger.",
        ready_by=(today + timedelta(days=120)).isoformat(),
    )
    submit(page)
    variant = ProcessVariant.objects.get(commission=commission, name=NEW_PROCESS)
    expect(page).to_have_url(address(commission.get_absolute_url()))
    expect(page.locator(f"#variant-{variant.pk}")).to_contain_text(NEW_PROCESS)
    assert_accessible(page)

    follow(page, reverse("strategies:milestone_create", args=[variant.pk]))
    assert_accessible(page)
    page.locator("main select[name=kind]").select_option(Milestone.Kind.WORKSHOP)
    fill(page, title=NEW_MILESTONE, date=(today + timedelta(days=21)).isoformat())
    page.locator("main select[name=body]").select_option(label=COMMITTEE)
    submit(page)
    milestone = Milestone.objects.get(variant=variant, title=NEW_MILESTONE)
    assert milestone.body == committee and milestone.kind == Milestone.Kind.WORKSHOP
    expect(page).to_have_url(address(commission.get_absolute_url()))
    expect(page.locator(f"#variant-{variant.pk} ol")).to_contain_text(NEW_MILESTONE)

    # Choosing it makes it the plan: the timeline and the milestone table show it.
    choose = reverse("strategies:variant_choose", args=[commission.pk, variant.pk])
    submit(page, f'main form[action="{choose}"] button[type=submit]')
    commission.refresh_from_db()
    assert commission.chosen_variant_id == variant.pk
    expect(page.locator("#plan svg[role=img] title")).to_contain_text(NEW_PROCESS)
    expect(page.locator("#plan svg[role=img] .timeline-item").first).to_contain_text(NEW_MILESTONE)
    expect(page.locator("#plan table.plan-milestones tbody")).to_contain_text(NEW_MILESTONE)
    expect(page.locator(f'main form[action="{choose}"]')).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "strategy_commission.png"), full_page=True)

    # Back to the strategy: a focus area with an effect target (a row of the formset, Danish numbers).
    follow(page, strategy.get_absolute_url())
    follow(page, reverse("strategies:focus_area_create", args=[strategy.pk]))
    assert_accessible(page)
    fill(
        page,
        title=FOCUS_AREA,
        goals="Flere frivillige i sektorovergange\nFlere borgere deltager i samskabende initiativer",
        **{
            "targets-0-indicator": INDICATOR,
            "targets-0-baseline": "150",
            "targets-0-target": "1.000",
            "targets-0-unit": "personer",
            "targets-0-target_date": "2029-12-31",
        },
    )
    submit(page)
    area = FocusArea.objects.get(strategy=strategy, title=FOCUS_AREA)
    target = EffectTarget.objects.get(focus_area=area)
    assert (target.indicator, target.baseline, target.target) == (INDICATOR, 150, 1000)
    expect(page).to_have_url(address(strategy.get_absolute_url()))
    expect(page.locator(f"#focus-area-{area.pk}")).to_contain_text(FOCUS_AREA)
    targets = page.locator(f'main article[aria-labelledby="focus-area-{area.pk}"] table')
    expect(targets).to_contain_text(INDICATOR)
    expect(targets).to_contain_text("1.000")
    assert_accessible(page)

    # The consultation, for the secretariat.
    follow(page, consultation.get_absolute_url())
    expect(page.locator("main h1")).to_have_text(consultation.title)
    assert_accessible(page)

    # The public page, in a browser without a login: the draft with the new focus area, and a response.
    public = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    public.set_default_timeout(10_000)
    try:
        citizen = public.new_page()
        problems = watch_for_errors(citizen)
        citizen.goto(f"{live_server.url}{consultation.get_public_url()}")
        expect(citizen.locator("main h1")).to_have_text(consultation.title)
        expect(citizen.locator("main .consultation-draft")).to_contain_text(FOCUS_AREA)
        expect(citizen.locator("header")).not_to_contain_text("Log ud")  # nobody logged in
        assert_accessible(citizen)
        citizen.locator("main input[name=name]").fill("Jens Kristensen")
        citizen.locator("main input[name=organisation_name]").fill("Ældre Sagen Horsens")
        citizen.locator("main select[name=party]").select_option(label="Frivillige organisationer")
        citizen.locator("main input[name=email]").fill("jens.kristensen@example.org")
        citizen.locator("main textarea[name=text]").fill(RESPONSE)
        citizen.wait_for_timeout(3500)  # a person takes a few seconds; a faster form is refused as a robot's
        citizen.locator("main form button[type=submit]").click()
        expect(citizen).to_have_url(
            f"{live_server.url}{reverse('strategies:consultation_thanks', args=[consultation.public_token])}"
        )
        assert_accessible(citizen)
        blocking = [text for text in problems if "Content Security Policy" in text or "Error" in text]
        assert not blocking, f"The browser reported: {blocking}"
    finally:
        public.close()
    response = ConsultationResponse.objects.get(consultation=consultation, name="Jens Kristensen")
    assert response.text == RESPONSE and response.party.name == "Frivillige organisationer"
    # The receipt to the respondent, and the secretariat told of a response to moderate.
    assert sorted(message.to for message in mailoutbox) == sorted(
        [["jens.kristensen@example.org"], ["sekretariat.midt@example.org"]]
    )

    # The secretariat sees the response, moderates it and gets the consultation memo.
    page.reload()
    row = page.locator(f"#response-{response.pk}")
    expect(row).to_contain_text("Jens Kristensen")
    assert_accessible(page)
    follow(page, reverse("strategies:response_moderate", args=[response.pk]))
    expect(page.locator("main .response-text")).to_contain_text(RESPONSE)
    assert_accessible(page)
    page.locator(f"main input[name=status][value={ConsultationResponse.Status.ACCEPTED}]").check()
    fill(page, comment="Indarbejdet: pårørende og psykiatrien nævnes i fokusområde 14.")
    submit(page)
    expect(page).to_have_url(address(consultation.get_absolute_url()))
    expect(row.locator(f".response-status-{ConsultationResponse.Status.ACCEPTED}")).to_have_count(1)
    assert_accessible(page)
    response.refresh_from_db()
    assert response.status == ConsultationResponse.Status.ACCEPTED
    memo = reverse("strategies:consultation_memo_pdf", args=[consultation.pk])
    expect(page.locator(f'main a[href="{memo}"]')).to_have_count(1)
    assert "Jens Kristensen" in fetch_pdf(page, live_server, memo)

    # Approval, with the date and the approving body.
    follow(page, strategy.get_absolute_url())
    approve = reverse("strategies:strategy_approve", args=[strategy.pk])
    page.locator("main input[name=approval-approved_on]").fill(today.isoformat())
    page.locator("main select[name=approval-approved_by]").select_option(label=COMMITTEE)
    submit(page, f'main form[action="{approve}"] button[type=submit]')
    # The approval asks first, on a page of its own, saying what it locks.
    expect(page.locator("main .consequences")).to_contain_text(replaced.title)
    assert_accessible(page)
    submit(page)
    expect(page).to_have_url(f"{live_server.url}{strategy.get_absolute_url()}")
    expect(page.locator(f'main form[action="{approve}"]')).to_have_count(0)
    expect(
        page.locator(f'main a[href="{reverse("strategies:strategy_edit", args=[strategy.pk])}"]')
    ).to_have_count(0)  # the text is locked
    assert_accessible(page)
    strategy.refresh_from_db()
    replaced.refresh_from_db()
    assert (strategy.status, strategy.approved_on, strategy.approved_by) == (
        Strategy.Status.APPROVED,
        today,
        committee,
    )
    assert replaced.status == Strategy.Status.REPLACED

    # The implementation plan: a part of the organisation, an action and a budget line.
    follow(page, reverse("strategies:plan_create", args=[strategy.pk]))
    assert_accessible(page)
    fill(
        page,
        introduction="Planen er handlingsanvisende: hver del af organisationen har sine egne handlinger.",
    )
    submit(page)
    plan = ImplementationPlan.objects.get(strategy=strategy)
    expect(page).to_have_url(f"{live_server.url}{plan.get_absolute_url()}")
    assert_accessible(page)

    follow(page, reverse("strategies:part_create", args=[plan.pk]))
    assert_accessible(page)
    fill(page, name="Hospitalerne", guidance="Start med én afdeling og byg videre på erfaringerne.")
    page.locator(f"main input[name=units][value='{horsens.pk}']").check()
    submit(page)
    part = PlanPart.objects.get(plan=plan, name="Hospitalerne")
    assert list(part.units.all()) == [horsens]
    expect(page).to_have_url(address(plan.get_absolute_url()))
    expect(page.locator(f"#part-{part.pk}")).to_contain_text("Hospitalerne")

    follow(page, reverse("strategies:action_create", args=[part.pk]))
    assert_accessible(page)
    fill(
        page,
        title="Frivilligkoordinator på hvert hospital",
        start=today.isoformat(),
        deadline=(today + timedelta(days=365)).isoformat(),
    )
    page.locator("main select[name=focus_area]").select_option(str(area.pk))
    page.locator("main select[name=owner_unit]").select_option(str(horsens.pk))
    page.locator("main select[name=responsible]").select_option(str(coordinator.pk))
    submit(page)
    action = Action.objects.get(part=part)
    assert (action.focus_area, action.owner_unit, action.responsible) == (area, horsens, coordinator)
    expect(page).to_have_url(address(plan.get_absolute_url()))
    expect(page.locator(f"#part-{part.pk}")).to_contain_text("Frivilligkoordinator på hvert hospital")

    follow(page, reverse("strategies:budget_line_create", args=[plan.pk]))
    assert_accessible(page)
    fill(page, title="Cafeudvikling", funding_source="MSO's fælles opsparing")
    year = page.locator("main input[name=amounts-0-year]")
    expect(year).to_have_value(str(today.year))  # a row per year, so only the amounts are typed
    fill(page, **{"amounts-0-amount": "273.000", "amounts-1-amount": "1.000.000"})
    submit(page)
    line = BudgetLine.objects.get(plan=plan, title="Cafeudvikling")
    assert {amount.year: amount.amount for amount in line.amounts.all()} == {
        today.year: 273_000,
        today.year + 1: 1_000_000,
    }
    expect(page).to_have_url(address(plan.get_absolute_url()))
    expect(page.locator("#budget")).to_contain_text("Cafeudvikling")
    expect(page.locator("#budget table.budget tbody td.total")).to_contain_text(
        "1.273.000"
    )  # the line's total
    assert_accessible(page)
    page.screenshot(path=str(screenshot_dir / "implementation_plan.png"), full_page=True)

    # The PDFs a region puts on its website: the plan's, then the strategy's.
    plan_text = published_pdf(
        page, live_server, assert_accessible, reverse("strategies:plan_pdf", args=[plan.pk]), "plan_pdf", plan
    )
    assert "Hospitalerne" in plan_text and "Cafeudvikling" in plan_text
    page.goto(f"{live_server.url}{strategy.get_absolute_url()}")
    strategy_text = published_pdf(
        page,
        live_server,
        assert_accessible,
        reverse("strategies:strategy_pdf", args=[strategy.pk]),
        "strategy_pdf",
        strategy,
    )
    assert REVISION in strategy_text and FOCUS_AREA in strategy_text
