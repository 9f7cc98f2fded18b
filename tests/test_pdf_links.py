"""An address that ends in ".pdf" answers with a PDF. The documents the worker makes (strategy, plan,
memo, status pack, evaluation report, agenda, minutes, agreement, the public agenda and minutes) are
asked for at addresses without ".pdf", since they answer with a waiting page until the file is ready."""

from django.urls import reverse

from tests.test_permissions import MATRIX, viewable_pages


def test_every_address_ending_in_pdf_answers_with_a_pdf(client, region):
    checked: list[str] = []
    for name, url, role in viewable_pages(region):
        if not url.endswith(".pdf"):
            continue
        client.logout()
        if role != "anonymous":
            client.force_login(region.users[role])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf", name
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert content.startswith(b"%PDF-"), name
        checked.append(name)
    # None today: every PDF is the worker's (below). An address added later that ends in ".pdf" is held
    # to the rule.


def test_the_worker_s_documents_are_asked_for_without_pdf_in_the_address(region):
    for name in [
        "strategies:strategy_pdf",
        "strategies:plan_pdf",
        "evaluation:status_pack_pdf",
        "meetings:agenda_pdf",
        "meetings:minutes_pdf",
        "agreements:agreement_pdf",
        "meetings:public_agenda_pdf",
        "meetings:public_minutes_pdf",
    ]:
        kwargs_for, _expected = MATRIX[name]
        assert not reverse(name, kwargs=kwargs_for(region)).endswith(".pdf"), name
