"""The strategy and its implementation plan as published PDFs, read back with tests/pdfs.py."""

import re
import subprocess
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from strategies import pdf
from strategies.models import Action, EffectTarget, FocusArea, Strategy
from tests.pdfs import Pdf
from tests.test_plan import seed_004_budget


def danish(text, context=None):
    """The text as the PDF prints it (Danish), whether or not it is translated yet."""
    with translation.override("da"):
        return pgettext(context, text) if context else translation.gettext(text)


def flat(text):
    return " ".join(text.split())


def pages_of(data):
    return [flat(page) for page in Pdf(data).text().split("\f")]


@pytest.fixture
def strategy(region):
    """The 2019 draft with three focus areas, enough to fill a few pages."""
    strategy = region.strategy
    strategy.purpose = "Et stærkere samarbejde med de frivillige, især i overgangene mellem sektorer."
    strategy.save()
    for position, title in enumerate(["Rekruttering og anerkendelse", "Mangfoldighed blandt frivillige"], 2):
        area = FocusArea.objects.create(
            strategy=strategy, position=position, title=title, goals="Flere frivillige\nBedre introduktion"
        )
        EffectTarget.objects.create(
            focus_area=area, indicator=f"Antal frivillige ({position})", baseline=1000, target=1500
        )
    return strategy


def assert_contents_give_the_pages(pages, titles):
    """Each title in the table of contents (page 2) is followed by the page on which it starts: the
    first page with the title, or with its marker (text that only its own section has)."""
    for title in titles:
        title, marker = title if isinstance(title, tuple) else (title, title)
        listed = re.search(re.escape(title) + r" +(\d+)", pages[1])
        assert listed, title
        starts_on = next(number for number, page in enumerate(pages[2:], start=3) if marker in page)
        assert int(listed.group(1)) == starts_on, title


def assert_tagged(data, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    return info


def test_the_strategy_pdf(region, strategy, tmp_path):
    data = pdf.strategy_pdf(strategy)
    pages = pages_of(data)
    text = " ".join(pages)

    # The cover: organisation, title, version, status and approval; a draft says so.
    cover = pages[0]
    for expected in ["Region Syddanmark", "Frivillighedsstrategi", "2019", danish("Draft")]:
        assert expected in cover
    assert danish("Not yet approved") in cover
    assert f"Side 1 af {len(pages)}" in cover
    assert all(f"Side {n} af {len(pages)}" in page for n, page in enumerate(pages, start=1))
    # "Udkast" on every page of a draft.
    assert all(danish("Draft").upper() in page.upper() for page in pages)

    # The headings in order, with æ, ø and å as they are.
    headings = [
        danish("Vision"),
        danish("Purpose"),
        danish("Principles and good advice"),
        danish("Focus areas"),
        "1. Frivillighed i sektorovergange",
        "2. Rekruttering og anerkendelse",
        "3. Mangfoldighed blandt frivillige",
        danish("Attention points"),
    ]
    body = " ".join(pages[2:])
    positions = [body.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Forudgående dialog mellem ledelse og TR" in text and "Stærkere partnerskaber" in text
    assert "Antal frivillige i sektorovergange" in text and "1.500" in text
    assert_contents_give_the_pages(
        pages, [danish("Vision"), "2. Rekruttering og anerkendelse", danish("Attention points")]
    )
    info = assert_tagged(data, tmp_path)
    assert "Frivillighedsstrategi (2019)" in info  # the document's title


def test_an_approved_strategy_has_no_draft_mark(region, tmp_path):
    approved = region.approved_strategy
    pages = pages_of(pdf.strategy_pdf(approved))
    assert not any(danish("Draft").upper() in page.upper() for page in pages)
    assert "20. juni 2016" in pages[0]
    assert danish(Strategy.Status.IMPLEMENTATION.label) in pages[0]


def test_the_implementation_plan_pdf(region, strategy, tmp_path):
    plan = region.implementation_plan
    seed_004_budget(plan)
    Action.objects.create(
        part=region.part,
        focus_area=strategy.focus_areas.get(position=2),
        title="Årlig anerkendelsesdag for frivillige",
        description="Med frokost og tale af sygehusledelsen i Sønderborg.",
        start=date(2019, 9, 1),
        deadline=date(2020, 3, 31),
        status=Action.Status.IN_PROGRESS,
    )
    data = pdf.plan_pdf(plan)
    pages = pages_of(data)
    text = " ".join(pages)

    assert "Region Syddanmark" in pages[0] and danish("Implementation plan") in pages[0]
    assert re.search(r"»\s*Frivillighedsstrategi\s*«", pages[0])  # Danish quotation marks
    assert f"Side 1 af {len(pages)}" in pages[0]
    headings = [danish("Introduction"), danish("Overview of the actions"), "Sygehusene", danish("Budget")]
    body = " ".join(pages[2:])
    assert [body.index(h) for h in headings] == sorted(body.index(h) for h in headings)
    assert_contents_give_the_pages(
        pages, [("Sygehusene", "Start med én afdeling."), (danish("Budget"), "Drift af Klyngen")]
    )

    # The part's guidance and its actions table.
    part_page = next(page for page in pages[2:] if "Start med én afdeling." in page)
    for expected in [
        "Frivilligkoordinator på hvert sygehus",
        "Årlig anerkendelsesdag for frivillige",
        "Frivillighed i sektorovergange",
        "1. april 2019",
        "31. dec. 2019",
        danish(Action.Status.IN_PROGRESS.label),
    ]:
        assert expected in part_page, expected

    # The budget with seed 004's totals.
    budget = next(page for page in pages[2:] if "Drift af Klyngen" in page)
    for amount in [
        "1.000.000 kr.",
        "3.000.000 kr.",
        "1.092.000 kr.",
        "1.273.000 kr.",
        "273.000 kr.",
        "4.092.000 kr.",
    ]:
        assert amount in budget
    assert "MSO's fælles opsparing" in budget and "2018" in budget
    assert all(letter in text.lower() for letter in "æøå")
    assert_tagged(data, tmp_path)


def test_the_organisation_s_logo_heads_the_first_page(region, strategy, tmp_path, settings):
    """With a logo uploaded, the PDF's first page shows it beside the name, as a tagged figure with its
    alternative text; without one, the name alone."""
    from django.core.files.base import ContentFile

    from tests.test_administration import png

    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "document.pdf"

    def images(data):
        path.write_bytes(data)
        command = ["pdfimages", "-list", str(path)]
        listing = subprocess.run(command, capture_output=True, text=True, check=True)
        return listing.stdout.splitlines()[2:]  # after the two heading lines

    assert images(pdf.strategy_pdf(strategy)) == []
    organisation = strategy.organisation
    organisation.logo.save("logo.png", ContentFile(png()), save=True)
    strategy.refresh_from_db()
    data = pdf.strategy_pdf(strategy)
    pages = pages_of(data)
    [image] = images(data)
    assert image.split()[0] == "1"  # on page 1
    assert "Region Syddanmark" in pages[0]
    assert "Logo for Region Syddanmark" in Pdf(data).source.decode("latin-1")
    assert_tagged(data, tmp_path)
