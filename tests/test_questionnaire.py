"""The two-year evaluation questionnaire (issue 6): the secretariat's pages, the anonymous answer pages
without login, response rates, results per question and unit with small numbers suppressed, and the
evaluation report PDF."""

import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from documents.models import Document
from evaluation import evaluation_pdf
from evaluation.forms.questionnaire import STANDARD_QUESTIONS, add_standard_questions
from evaluation.models import Answer, AnswerLink, EvaluationMilestone, Question, Questionnaire, Submission
from evaluation.results import MIN_GROUP, Rate, percent, results, suppressed_units
from evaluation.views.questionnaire import ANSWERS_PER_ADDRESS
from tests.followup import follow_up
from tests.pdfs import Pdf
from volunteers.models import Unit

STAFF, VOLUNTEERS = AnswerLink.Audience.STAFF, AnswerLink.Audience.VOLUNTEERS


def danish(text):
    """The label as the pages print it (Danish), whether or not it is translated yet."""
    with translation.override("da"):
        return translation.gettext(text)


def flat(text):
    return " ".join(text.split())


def make_questionnaire(region, opens_on=None, closes_on=None):
    """The region's 2019 strategy approved and followed up, with its questionnaire open today, the standard
    questions, and links for the hospital (staff and volunteer representatives) and the other hospital."""
    strategy = follow_up(region).strategy
    existing = Questionnaire.objects.filter(strategy=strategy).first()
    if existing:
        return existing
    today = timezone.localdate()
    questionnaire = Questionnaire.objects.create(
        strategy=strategy,
        title="Evaluering af frivillighedsstrategien",
        introduction="Vi vil gerne høre, hvordan strategien bruges.",
        opens_on=opens_on or today - timedelta(days=5),
        closes_on=closes_on or today + timedelta(days=25),
    )
    add_standard_questions(questionnaire)
    AnswerLink.objects.create(questionnaire=questionnaire, unit=region.hospital, audience=STAFF, invited=40)
    AnswerLink.objects.create(
        questionnaire=questionnaire, unit=region.hospital, audience=VOLUNTEERS, invited=8
    )
    AnswerLink.objects.create(
        questionnaire=questionnaire, unit=region.other_hospital, audience=STAFF, invited=0
    )
    return questionnaire


def submit(link, scores, texts=None, on=None):
    """A submission straight into the database: scale questions in order get `scores`, free-text ones
    `texts`."""
    submission = Submission.objects.create(link=link, submitted_on=on or timezone.localdate())
    scale = list(link.questionnaire.questions.filter(kind=Question.Kind.SCALE))
    text_questions = list(link.questionnaire.questions.filter(kind=Question.Kind.TEXT))
    Answer.objects.bulk_create(
        [Answer(submission=submission, question=q, score=s) for q, s in zip(scale, scores, strict=False)]
        + [
            Answer(submission=submission, question=q, text=t)
            for q, t in zip(text_questions, texts or [], strict=False)
        ]
    )
    return submission


def answer_data(questionnaire, score=4, text="Mere om sektorovergange."):
    data = {}
    for question in questionnaire.questions.all():
        data[f"question-{question.pk}"] = score if question.kind == Question.Kind.SCALE else text
    return data


def as_browser_sends(formset):
    """The POST data of a formset as rendered: its management form and each field's current value."""
    data = {
        form.add_prefix(name): form[name].value()
        for form in [formset.management_form]
        for name in form.fields
    }
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if value not in (None, False, ""):
                data[form.add_prefix(name)] = value
    return data


@pytest.fixture
def questionnaire(region):
    return make_questionnaire(region)


def link_of(questionnaire, unit, audience=STAFF):
    return AnswerLink.objects.get(questionnaire=questionnaire, unit=unit, audience=audience)


# --- the secretariat sets it up -----------------------------------------------------------------------


def test_create_takes_its_dates_from_the_milestones_and_starts_with_the_standard_questions(client, region):
    strategy = follow_up(region).strategy
    due = dict(EvaluationMilestone.objects.filter(strategy=strategy).values_list("kind", "due_on"))
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:questionnaire_create", args=[strategy.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["opens_on"].value() == due[EvaluationMilestone.Kind.QUESTIONNAIRE]
    assert form["closes_on"].value() == due[EvaluationMilestone.Kind.RESPONSES_CLOSE]
    response = client.post(
        url,
        {
            "title": "Evaluering 2021",
            "introduction": "Til personale og frivilligrepræsentanter.",
            "opens_on": "2020-11-01",
            "closes_on": "2020-12-01",
        },
    )
    questionnaire = Questionnaire.objects.get(strategy=strategy)
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:questionnaire_detail", args=[questionnaire.pk]
    )
    questions = list(questionnaire.questions.all())
    assert [(q.topic, q.kind, q.text) for q in questions] == [tuple(q) for q in STANDARD_QUESTIONS]
    assert [q.position for q in questions] == list(range(1, len(STANDARD_QUESTIONS) + 1))
    assert {q.topic for q in questions} == set(Question.Topic.values)
    assert {q.kind for q in questions} == set(Question.Kind.values)
    # A second visit finds the questionnaire instead of making another.
    assert client.get(url)["Location"] == reverse("evaluation:questionnaire_detail", args=[questionnaire.pk])


def test_create_is_refused_for_a_strategy_not_yet_approved(client, region):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:questionnaire_create", args=[region.strategy.pk])  # the 2019 draft
    response = client.post(url, {"title": "X", "opens_on": "2020-11-01", "closes_on": "2020-12-01"})
    assert response.status_code == 409
    assert not Questionnaire.objects.exists()


def test_create_with_closing_before_opening_keeps_the_input(client, region):
    strategy = follow_up(region).strategy
    client.force_login(region.users["secretariat"])
    response = client.post(
        reverse("evaluation:questionnaire_create", args=[strategy.pk]),
        {"title": "Evaluering med æ, ø og å", "opens_on": "2020-12-01", "closes_on": "2020-11-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_on"]
    assert "Evaluering med æ, ø og å" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_the_questions_are_edited_added_and_removed_in_one_form(client, region, questionnaire):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:questions_edit", args=[questionnaire.pk])
    formset = client.get(url).context["formset"]
    questions = list(questionnaire.questions.all())
    data = as_browser_sends(formset)
    data["questions-0-text"] = "Strategien er kendt på hele sygehuset."
    data["questions-1-DELETE"] = "on"
    new = f"questions-{len(questions)}-"
    data |= {new + "position": 0, new + "topic": "awareness", new + "kind": "scale", new + "text": "Ny først"}
    response = client.post(url, data)
    assert response.status_code == 302
    texts = list(questionnaire.questions.values_list("position", "text"))
    assert texts[0] == (1, "Ny først")
    assert texts[1] == (2, "Strategien er kendt på hele sygehuset.")
    assert questions[1].text not in [text for _position, text in texts]
    assert [position for position, _text in texts] == list(range(1, len(questions) + 1))


def test_the_questions_are_locked_once_answers_exist(client, region, questionnaire):
    submit(link_of(questionnaire, region.hospital), [3] * 6)
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:questions_edit", args=[questionnaire.pk])
    assert client.post(url, {"questions-TOTAL_FORMS": 0}).status_code == 409
    assert questionnaire.questions.count() == len(STANDARD_QUESTIONS)


def test_links_are_added_once_per_unit_and_audience(client, region, other_region, questionnaire):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:links_add", args=[questionnaire.pk])
    data = {"units": [region.hospital.pk, region.department.pk], "audiences": [STAFF, VOLUNTEERS]}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    links = AnswerLink.objects.filter(questionnaire=questionnaire)
    assert links.count() == 5  # the hospital's two existed; the department's two are new; the other hospital
    assert len({link.token for link in links}) == 5
    # Another organisation's units are not offered.
    other = other_region.hospital
    response = client.post(url, {"units": [other.pk], "audiences": [STAFF]})
    assert response.status_code == 200 and response.context["form"].errors["units"]


def test_numbers_invited_and_the_response_rate_on_the_page(client, region, questionnaire):
    hospital_staff = link_of(questionnaire, region.hospital)
    for _ in range(12):
        submit(hospital_staff, [4] * 6)
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:invited_edit", args=[questionnaire.pk])
    formset = client.get(url).context["formset"]
    data = {
        "form-TOTAL_FORMS": 3,
        "form-INITIAL_FORMS": 3,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        data |= {f"form-{index}-id": form.instance.pk, f"form-{index}-invited": form.instance.invited}
    bad = dict(data, **{"form-0-invited": "-3"})
    assert client.post(url, bad).status_code == 200
    data |= {
        f"form-{i}-invited": 40 if f.instance == hospital_staff else 10 for i, f in enumerate(formset.forms)
    }
    assert client.post(url, data).status_code == 302
    hospital_staff.refresh_from_db()
    assert hospital_staff.invited == 40
    page = flat(
        client.get(reverse("evaluation:questionnaire_detail", args=[questionnaire.pk])).content.decode()
    )
    assert str(Rate(12, 40)) in page
    assert str(Rate(12, 60)) in page  # all units: 12 of 40 + 10 + 10
    assert "http://testserver" not in page and hospital_staff.get_absolute_url() in page
    several = danish(
        "For the same reason a person can answer more than once, and the response rate counts answers, not "
        "persons. Results are shown only for units with at least 3 answers."
    )
    assert several in page


def test_response_rate_arithmetic():
    assert Rate(12, 40).percent == 30
    assert Rate(1, 8).percent == 13  # 12.5 rounds half up
    assert Rate(1, 3).percent == 33
    assert Rate(5, 0).percent is None
    assert Rate(45, 40).percent == 113  # people may answer more than once
    assert Rate(12, 40) + Rate(3, 20) == Rate(15, 60)
    assert percent(0, 10) == 0
    with translation.override("da"):
        assert (
            str(Rate(12, 40)).endswith("(30 %)") and "12" in str(Rate(12, 40)) and "40" in str(Rate(12, 40))
        )
        assert str(Rate(1234, 5000)).startswith("1.234")


# --- answering without login --------------------------------------------------------------------------


def test_the_answer_page_needs_no_login_and_stores_nothing_that_identifies(client, region, questionnaire):
    link = link_of(questionnaire, region.hospital)
    url = reverse("evaluation:answer", args=[link.token])
    assert url == f"/evaluering/svar/{link.token}/"
    page = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="radio"' in html and html.count('type="radio"') == 6 * 5
    assert region.hospital.name in html and "Vi vil gerne høre" in html
    assert "sessionid" not in page.cookies
    assert "no-store" in page["Cache-Control"]
    data = answer_data(questionnaire)
    first = client.post(url, data, REMOTE_ADDR="203.0.113.7")
    assert first.status_code == 302 and first["Location"] == reverse(
        "evaluation:answer_thanks", args=[link.token]
    )
    assert not first.cookies, "an answer sets no cookie"
    second = client.post(
        url, answer_data(questionnaire, score=2, text="Andet svar"), REMOTE_ADDR="203.0.113.7"
    )
    assert second.status_code == 302 and not second.cookies
    assert "_auth_user_id" not in client.session and not client.session.keys()
    thanks = client.get(first["Location"])
    assert thanks.status_code == 200 and danish("Thank you for your answers") in thanks.content.decode()

    # What is stored: the link and the day, and the answers. No user, address, time of day or session.
    assert {field.name for field in Submission._meta.concrete_fields} == {"id", "link", "submitted_on"}
    assert {field.name for field in Answer._meta.concrete_fields} == {
        "id",
        "submission",
        "question",
        "score",
        "text",
    }
    rows = list(Submission.objects.values("link", "submitted_on"))
    assert rows == [{"link": link.pk, "submitted_on": timezone.localdate()}] * 2  # indistinguishable
    first_answers, second_answers = (
        sorted(Answer.objects.filter(submission=s).values_list("question", "score", "text"))
        for s in Submission.objects.all()
    )
    assert {score for _q, score, _t in first_answers if score} == {4}
    assert {score for _q, score, _t in second_answers if score} == {2}
    stored = repr(list(Submission.objects.values())) + repr(list(Answer.objects.values()))
    assert "203.0.113.7" not in stored
    # Not even the flood limit's cache keys hold the address.
    assert not any("203.0.113.7" in key for key in cache_keys())


def test_an_empty_free_text_is_not_stored(client, region, questionnaire):
    link = link_of(questionnaire, region.hospital)
    client.post(reverse("evaluation:answer", args=[link.token]), answer_data(questionnaire, text="  "))
    assert Answer.objects.count() == 6 and not Answer.objects.exclude(text="").exists()


@pytest.mark.parametrize("days", [-1, +1])
def test_before_and_after_the_period_nothing_is_accepted(client, region, days):
    today = timezone.localdate()
    if days < 0:  # closed yesterday
        questionnaire = make_questionnaire(
            region, opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1)
        )
        message = danish("The questionnaire is closed.")
    else:  # opens tomorrow
        questionnaire = make_questionnaire(
            region, opens_on=today + timedelta(days=1), closes_on=today + timedelta(days=30)
        )
        message = danish("The questionnaire has not opened yet.")
    url = reverse("evaluation:answer", args=[link_of(questionnaire, region.hospital).token])
    page = client.get(url)
    assert (
        page.status_code == 200
        and message in page.content.decode()
        and 'type="radio"' not in page.content.decode()
    )
    assert client.post(url, answer_data(questionnaire)).status_code == 403
    assert not Submission.objects.exists() and not Answer.objects.exists()


def test_the_last_day_is_open(client, region):
    today = timezone.localdate()
    questionnaire = make_questionnaire(region, opens_on=today - timedelta(days=3), closes_on=today)
    url = reverse("evaluation:answer", args=[link_of(questionnaire, region.hospital).token])
    assert client.post(url, answer_data(questionnaire)).status_code == 302


def test_invalid_answers_keep_the_input(client, region, questionnaire):
    link = link_of(questionnaire, region.hospital)
    url = reverse("evaluation:answer", args=[link.token])
    scale = list(questionnaire.questions.filter(kind=Question.Kind.SCALE))
    data = answer_data(questionnaire, score=5, text="Mine forslag: flere caféer på æ-afdelingen")
    data[f"question-{scale[0].pk}"] = 7
    del data[f"question-{scale[1].pk}"]
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.errors) == {f"question-{scale[0].pk}", f"question-{scale[1].pk}"}
    assert danish("Choose an answer from 1 to 5.") in html
    assert 'id="error-summary"' in html and f'href="#id_question-{scale[0].pk}_0"' in html  # its first option
    assert "Mine forslag: flere caféer på æ-afdelingen" in html
    checked = re.findall(rf'name="question-{scale[2].pk}" value="(\d)"[^>]*checked', html)
    assert checked == ["5"]
    assert not Submission.objects.exists()


def test_an_unknown_link_is_404(client, db):
    assert client.get(reverse("evaluation:answer", args=["no-such-token"])).status_code == 404


def test_the_flood_limit_refuses_without_storing_and_keeps_the_answers(
    client, region, questionnaire, monkeypatch
):
    monkeypatch.setattr(ANSWERS_PER_ADDRESS, "limit", 2)
    link = link_of(questionnaire, region.hospital)
    url = reverse("evaluation:answer", args=[link.token])
    data = answer_data(questionnaire, text="Sendt for mange gange")
    assert client.post(url, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert client.post(url, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    refused = client.post(url, data, REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert "Sendt for mange gange" in refused.content.decode()
    assert Submission.objects.count() == 2
    # Another address, or the same address on another unit's link, is not held back.
    assert client.post(url, data, REMOTE_ADDR="198.51.100.2").status_code == 302
    other = reverse("evaluation:answer", args=[link_of(questionnaire, region.other_hospital).token])
    assert client.post(other, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert Submission.objects.count() == 4


# --- results ------------------------------------------------------------------------------------------


@pytest.fixture
def answered(region, questionnaire):
    """Hand-computed: the hospital 3 staff + 1 volunteer submissions, the other hospital 3; the first
    scale question got hospital 5, 4, 4, 2 and other hospital 1, 2, 2."""
    hospital, volunteers = (
        link_of(questionnaire, region.hospital),
        link_of(questionnaire, region.hospital, VOLUNTEERS),
    )
    other = link_of(questionnaire, region.other_hospital)
    for first, text in [(5, "Flere frivillige i weekenden"), (4, ""), (4, "")]:
        submit(hospital, [first, 3, 3, 3, 3, 3], [text] if text else [])
    submit(volunteers, [2, 3, 3, 3, 3, 3], ["Bedre introduktion"])
    for first in [1, 2, 2]:
        submit(other, [first, 5, 5, 5, 5, 5], ["Æ, ø og å: mere om samarbejdsaftaler"] if first == 1 else [])
    return questionnaire


def test_results_per_question_and_unit_against_hand_computed_figures(region, answered):
    outcome = results(answered)
    first = outcome.questions[0]
    assert first.question.position == 1 and first.is_scale
    assert first.overall.counts == {1: 1, 2: 3, 3: 0, 4: 2, 5: 1}
    assert first.overall.total == 7 and first.overall.mean == pytest.approx(20 / 7)
    by_unit = {unit.name: unit for unit in first.units}
    hospital, other = by_unit[region.hospital.name], by_unit[region.other_hospital.name]
    assert hospital.submissions == 4 and hospital.distribution.counts == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert hospital.distribution.mean == pytest.approx(15 / 4)
    assert other.distribution.counts == {
        1: 1,
        2: 2,
        3: 0,
        4: 0,
        5: 0,
    } and other.distribution.mean == pytest.approx(5 / 3)
    assert hospital.distribution.shown and other.distribution.shown
    second = outcome.questions[1]
    assert second.overall.counts == {1: 0, 2: 0, 3: 4, 4: 0, 5: 3} and second.overall.mean == pytest.approx(
        27 / 7
    )
    suggestions = outcome.questions[6]
    assert not suggestions.is_scale
    assert [(t.unit, t.text) for t in suggestions.texts] == [
        (region.other_hospital.name, "Æ, ø og å: mere om samarbejdsaftaler"),  # "… Andet Hospital" first
        (region.hospital.name, "Bedre introduktion"),
        (region.hospital.name, "Flere frivillige i weekenden"),
    ]
    assert [topic.code for topic in outcome.topics] == ["spread", "awareness", "compliance", "suggestions"]
    assert outcome.total == Rate(7, 48)
    assert [(u.name, u.rate) for u in outcome.units] == [
        (region.other_hospital.name, Rate(3, 0)),  # "… Andet Hospital" sorts first
        (region.hospital.name, Rate(4, 48)),
    ]


def test_the_results_page(client, region, answered, django_assert_max_num_queries):
    client.force_login(region.users["steering_group"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("evaluation:questionnaire_results", args=[answered.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 6 + 1  # a chart per scale question and the means
    assert "<desc" in html and "style=" not in html
    page = flat(html)
    with translation.override("da"):
        mean = "2,9"  # 20 / 7
    assert f'<td class="text-end fw-bold">{mean}</td>' in page
    assert "Æ, ø og å: mere om samarbejdsaftaler" in page
    assert str(Rate(4, 48)) in page


def test_small_numbers_are_suppressed(region, answered):
    # The department answers once: hidden, and the next smallest unit (the other hospital, 3) with it, so
    # that the department cannot be worked out as all units minus the ones shown.
    department = AnswerLink.objects.create(questionnaire=answered, unit=region.department, audience=STAFF)
    submit(department, [5, 5, 5, 5, 5, 5], ["Kun én fra afdelingen skrev dette"])
    outcome = results(answered)
    first = outcome.questions[0]
    by_unit = {unit.name: unit.distribution for unit in first.units}
    assert not by_unit[region.department.name].shown
    assert not by_unit[region.other_hospital.name].shown
    assert by_unit[region.hospital.name].shown
    assert first.overall.shown and first.overall.total == 8
    assert set(outcome.hidden_names) == {region.department.name, region.other_hospital.name}
    texts = {t.text: t.unit for t in outcome.questions[6].texts}
    assert texts["Kun én fra afdelingen skrev dette"] is None
    assert texts["Æ, ø og å: mere om samarbejdsaftaler"] is None
    assert texts["Bedre introduktion"] == region.hospital.name
    # Unnamed answers come last.
    assert outcome.questions[6].texts[-1].unit is None


def test_suppression_rules():
    assert suppressed_units({1: 5, 2: 4}) == set()
    assert suppressed_units({1: 5, 2: 4, 3: 0}) == set()  # no answers: nothing to hide
    assert suppressed_units({1: 5, 2: 4, 3: 1}) == {2, 3}  # one small unit takes the next smallest along
    assert suppressed_units({1: 5, 2: 4, 3: 1, 4: 1}) == {2, 3, 4}  # two, but only 2 answers together
    assert suppressed_units({1: 5, 2: 1, 3: 2}) == {2, 3}  # two small units, 3 answers together
    assert suppressed_units({1: 2}) == {1}
    assert MIN_GROUP == 3


def test_too_few_answers_in_all_shows_no_figures(client, region, questionnaire):
    submit(link_of(questionnaire, region.hospital), [5] * 6, ["Et enkelt svar"])
    submit(link_of(questionnaire, region.other_hospital), [1] * 6)
    outcome = results(questionnaire)
    assert not outcome.questions[0].overall.shown
    assert all(not unit.distribution.shown for unit in outcome.questions[0].units)
    assert outcome.questions[6].texts[0].unit is None
    client.force_login(region.users["secretariat"])
    html = client.get(reverse("evaluation:questionnaire_results", args=[questionnaire.pk])).content.decode()
    assert danish("Not shown: too few answers to keep them anonymous") in html
    assert ">5</td>" not in html


def test_results_queries_do_not_grow_with_units_questions_and_answers(
    client, region, questionnaire, django_assert_max_num_queries
):
    client.force_login(region.users["secretariat"])
    url = reverse("evaluation:questionnaire_results", args=[questionnaire.pk])
    submit(link_of(questionnaire, region.hospital), [3] * 6)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    # 40 units x 10 questions x 10 submissions.
    for position in range(9, 11):
        Question.objects.create(
            questionnaire=questionnaire, position=position, topic="spread", text=f"Ekstra {position}"
        )
    units = Unit.objects.bulk_create(
        Unit(organisation=region.organisation, name=f"Enhed {n:02}", kind=Unit.Kind.DEPARTMENT)
        for n in range(38)
    )
    links = AnswerLink.objects.bulk_create(
        AnswerLink(questionnaire=questionnaire, unit=unit, audience=STAFF, invited=12) for unit in units
    )
    links += [link_of(questionnaire, region.other_hospital)]
    questions = list(questionnaire.questions.all())
    assert len(questions) == 10 and len({link.unit_id for link in links}) + 1 == 40
    submissions = Submission.objects.bulk_create(
        Submission(link=link, submitted_on=timezone.localdate()) for link in links for _ in range(10)
    )
    Answer.objects.bulk_create(
        Answer(submission=s, question=q, score=(s.pk + q.pk) % 5 + 1)
        if q.kind == "scale"
        else Answer(submission=s, question=q, text=f"Svar {s.pk}")
        for s in submissions
        for q in questions
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert (
        response.content.decode().count('class="text-end">10</td>') >= 38 * 8
    )  # the hospital (1) is hidden, and one more
    detail = reverse("evaluation:questionnaire_detail", args=[questionnaire.pk])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(detail).status_code == 200


# --- the report ---------------------------------------------------------------------------------------


def made(callbacks):
    """How many documents the callbacks queued to be made (besides telling the one who asked)."""
    return sum(task.func.__self__.name == "documents.tasks.make_document" for task in callbacks)


def test_the_report_is_made_by_the_documents_app_and_reused(
    client, region, answered, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(region.users["steering_group"])
    url = reverse("evaluation:evaluation_report_pdf", args=[answered.pk])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(url)
    document = Document.objects.get()
    assert made(callbacks) == 1 and response["Location"] == document.get_absolute_url()
    assert (document.kind, document.object_id, document.status) == ("evaluation_report", answered.pk, "ready")
    assert client.get(document.get_absolute_url()).status_code == 200
    download = client.get(document.get_download_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"]
        == 'inline; filename="evalueringsrapport-frivillighedsstrategi-2019.pdf"'
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # The same answers: the same document's file, at once. A new answer: a new one.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = client.get(url)
    assert callbacks == [] and again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert again["Content-Disposition"] == download["Content-Disposition"]
    submit(link_of(answered, region.hospital), [1] * 6)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get(url)
    assert made(callbacks) == 1 and Document.objects.get().pk != document.pk
    # A coordinator cannot fetch it even with the document's address.
    client.force_login(region.users["coordinator"])
    assert client.get(Document.objects.get().get_download_url()).status_code == 404


def test_the_evaluation_report_pdf(region, answered):
    pdf = Pdf(evaluation_pdf.report_pdf(answered))
    text = flat(pdf.text())
    order = [
        danish("Evaluation report").upper(),  # the cover prints it in capitals
        "Evaluering af frivillighedsstrategien",
        danish("Table of contents"),
        danish("About the evaluation"),
        danish("Response rates"),
        region.hospital.name,
        danish("Spread"),
        "1. Frivillighedsstrategien er udbredt på min arbejdsplads.",
        danish("Awareness"),
        danish("Compliance"),
        danish("Suggestions"),
        "Æ, ø og å: mere om samarbejdsaftaler",
    ]
    position = -1
    for part in order:
        assert part in text[position + 1 :], f"{part!r} is missing or out of order"
        position = text.index(part, position + 1)
    assert "Side 1 af" in text
    assert b"/StructTreeRoot" in pdf.source and b"/MarkInfo" in pdf.source


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
def test_pdfinfo_reports_the_report_tagged(region, answered, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(evaluation_pdf.report_pdf(answered))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info


# --- who may do what ----------------------------------------------------------------------------------


def test_the_steering_group_reads_but_cannot_change(client, region, answered):
    client.force_login(region.users["steering_group"])
    detail = client.get(reverse("evaluation:questionnaire_detail", args=[answered.pk]))
    assert detail.status_code == 200
    assert reverse("evaluation:questionnaire_edit", args=[answered.pk]) not in detail.content.decode()
    assert client.get(reverse("evaluation:questionnaire_results", args=[answered.pk])).status_code == 200
    edit = client.post(
        reverse("evaluation:questionnaire_edit", args=[answered.pk]),
        {"title": "Ændret", "opens_on": "2020-01-01", "closes_on": "2020-02-01"},
    )
    assert edit.status_code == 403
    assert client.post(reverse("evaluation:links_add", args=[answered.pk]), {}).status_code == 403
    assert client.post(reverse("evaluation:invited_edit", args=[answered.pk]), {}).status_code == 403
    assert client.post(reverse("evaluation:questionnaire_results", args=[answered.pk])).status_code == 405
    strategy = answered.strategy
    assert client.post(reverse("evaluation:questionnaire_create", args=[strategy.pk]), {}).status_code == 403
    answered.refresh_from_db()
    assert answered.title == "Evaluering af frivillighedsstrategien"


def test_coordinators_have_no_access(client, region, questionnaire):
    client.force_login(region.users["coordinator"])
    for name in ["questionnaire_detail", "questionnaire_results", "questionnaire_edit", "invited_edit"]:
        assert client.get(reverse(f"evaluation:{name}", args=[questionnaire.pk])).status_code == 403, name
    url = reverse("evaluation:questionnaire_create", args=[questionnaire.strategy.pk])
    assert client.post(url, {}).status_code == 403


def test_another_organisation_gets_404(client, region, other_region, questionnaire):
    client.force_login(other_region.users["secretariat"])
    for name in [
        "questionnaire_detail",
        "questionnaire_results",
        "evaluation_report_pdf",
        "questionnaire_edit",
    ]:
        assert client.get(reverse(f"evaluation:{name}", args=[questionnaire.pk])).status_code == 404, name
    assert client.post(reverse("evaluation:links_add", args=[questionnaire.pk]), {}).status_code == 404


def cache_keys():
    """Every key in the cache: the local-memory cache's dict, or Redis's keys (in CI)."""
    backend = cache._cache
    if isinstance(backend, dict):
        return list(backend)
    return [key.decode() for key in backend.get_client(None).keys("*")]
