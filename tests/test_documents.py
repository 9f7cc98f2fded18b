"""Documents made by a Celery task and reused until their content changes (documents app), with the
strategy's and the plan's PDFs as the kinds in use."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from documents import flow, tasks
from documents.models import Document
from strategies.models import Action
from tests.matrix.documents import make_document
from volunteers.models import Role


def plan_pdf_url(region):
    return reverse("strategies:plan_pdf", args=[region.implementation_plan.pk])


def test_first_request_queues_the_task_then_the_document_is_reused(
    client, region, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(region.users[Role.COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(plan_pdf_url(region))
    document = Document.objects.get()
    # The first request waits for the task it queued (here: run at once, after the commit), which
    # queues the hand-off telling the requester it is ready.
    assert len(callbacks) == 2
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert (document.kind, document.object_id) == ("plan_pdf", region.implementation_plan.pk)
    assert (
        document.organisation == region.organisation and document.requested_by == region.users["coordinator"]
    )
    assert document.status == Document.Status.READY and document.finished_at and document.source == ""
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert document.file.read(5) == b"%PDF-"

    # The same content again: the same document's file at once (no redirect), no new task.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(plan_pdf_url(region))
    assert callbacks == []
    assert Document.objects.count() == 1
    # The waiting page's link serves the same file.
    download = client.get(document.get_download_url())
    for served in (response, download):
        assert served.status_code == 200
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"] == (
            'inline; filename="implementeringsplan-frivillighedsstrategi-2019.pdf"'
        )
    document.file.seek(0)
    stored = document.file.read()
    assert stored.startswith(b"%PDF-")
    assert b"".join(response.streaming_content) == b"".join(download.streaming_content) == stored


def test_a_changed_action_makes_a_new_document_and_the_old_one_goes(
    client, region, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(region.users[Role.SECRETARIAT])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(plan_pdf_url(region))
    old = Document.objects.get()
    old_path = old.file.path

    Action.objects.filter(pk=region.action.pk).update(status=Action.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(plan_pdf_url(region))
    new = Document.objects.get()
    assert len(callbacks) == 2 and new.pk != old.pk and new.content_hash != old.content_hash
    assert response["Location"] == new.get_absolute_url()
    assert new.status == Document.Status.READY
    assert not os.path.exists(old_path)  # the out-of-date document and its file are gone


def test_each_kind_and_object_has_its_own_documents(client, region, django_capture_on_commit_callbacks):
    client.force_login(region.users[Role.STEERING_GROUP])
    with django_capture_on_commit_callbacks() as callbacks:
        client.get(plan_pdf_url(region))
        client.get(reverse("strategies:strategy_pdf", args=[region.strategy.pk]))
        client.get(reverse("strategies:strategy_pdf", args=[region.approved_strategy.pk]))
    assert len(callbacks) == 3
    assert sorted(Document.objects.values_list("kind", flat=True)) == [
        "plan_pdf",
        "strategy_pdf",
        "strategy_pdf",
    ]
    assert set(Document.objects.values_list("status", flat=True)) == {"pending"}


def test_a_concurrent_request_for_the_same_content_gets_the_same_document(
    client, region, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(region.users[Role.SECRETARIAT])
    with django_capture_on_commit_callbacks() as first:
        client.get(plan_pdf_url(region))
    document = Document.objects.get()
    # The second request did not see the first one's document yet: the unique constraint decides.
    monkeypatch.setattr(flow, "_existing", lambda key: None)
    with django_capture_on_commit_callbacks() as second:
        response = client.get(plan_pdf_url(region))
    assert len(first) == 1 and second == []
    assert response["Location"] == document.get_absolute_url()
    assert Document.objects.count() == 1


def test_the_database_allows_one_document_per_content(region):
    make_document(region, ready=False, content_hash="a" * 64)
    with pytest.raises(IntegrityError):
        make_document(region, ready=False, content_hash="a" * 64)


def test_the_waiting_page_reloads_until_the_document_is_ready(client, region):
    document = make_document(region, ready=False)
    client.force_login(region.users[Role.COORDINATOR])
    response = client.get(document.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200 and response["Refresh"] == "2"
    assert document.get_absolute_url() in page  # a plain link to reload
    assert document.get_download_url() not in page
    # The download of a document still being made leads back to the waiting page.
    assert client.get(document.get_download_url())["Location"] == document.get_absolute_url()

    Document.objects.filter(pk=document.pk).update(status=Document.Status.READY)
    response = client.get(document.get_absolute_url())
    assert "Refresh" not in response
    assert document.get_download_url() in response.content.decode()


def test_a_failed_document_says_so_and_the_next_request_tries_again(
    client, region, eager_celery, django_capture_on_commit_callbacks
):
    client.force_login(region.users[Role.SECRETARIAT])
    with django_capture_on_commit_callbacks():
        client.get(plan_pdf_url(region))
    document = Document.objects.get()
    stylesheet = document.stylesheet
    Document.objects.filter(pk=document.pk).update(stylesheet="/nonexistent/pdf.css")
    tasks.make_document(document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED and document.error
    response = client.get(document.get_absolute_url())
    assert "Refresh" not in response
    assert "document-failed" in response.content.decode()

    Document.objects.filter(pk=document.pk).update(stylesheet=stylesheet)
    with django_capture_on_commit_callbacks(execute=True) as retry:
        response = client.get(plan_pdf_url(region))
    document.refresh_from_db()
    assert len(retry) == 2 and document.status == Document.Status.READY and document.error == ""


def test_the_task_is_idempotent(region, eager_celery, client, django_capture_on_commit_callbacks):
    client.force_login(region.users[Role.SECRETARIAT])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(plan_pdf_url(region))
    document = Document.objects.get()
    name = document.file.name
    tasks.make_document(document.pk)  # delivered again (acks late): nothing changes
    tasks.make_document(document.pk + 1000)  # gone: nothing happens
    document.refresh_from_db()
    assert document.file.name == name and Document.objects.count() == 1


def test_another_organisation_cannot_see_or_download_the_document(client, region, other_region):
    document = make_document(region)
    for role in ["coordinator", "secretariat", "steering_group", "administrator"]:
        client.force_login(other_region.users[role])
        assert client.get(document.get_absolute_url()).status_code == 404
        assert client.get(document.get_download_url()).status_code == 404
    client.force_login(region.users[Role.COORDINATOR])
    assert client.get(document.get_download_url()).status_code == 200


def test_a_document_whose_object_is_gone_is_not_served(client, region):
    document = make_document(region)
    Document.objects.filter(pk=document.pk).update(object_id=region.strategy.pk + 10_000)
    client.force_login(region.users[Role.SECRETARIAT])
    assert client.get(document.get_download_url()).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, region):
    document = make_document(region)
    response = client.get(document.get_download_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_fresh_worker_knows_the_document_task():
    script = (
        "from frivillig.celery import app; app.loader.import_default_modules(); "
        "print('\\n'.join(sorted(app.tasks)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frivillig.settings"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "documents.tasks.make_document" in result.stdout.split()


def test_a_document_whose_task_was_lost_is_queued_again(client, region, django_capture_on_commit_callbacks):
    client.force_login(region.users["secretariat"])
    with django_capture_on_commit_callbacks() as first:
        client.get(plan_pdf_url(region))
    assert len(first) == 1  # queued, but say the broker lost it
    document = Document.objects.get()
    with django_capture_on_commit_callbacks() as soon:
        client.get(plan_pdf_url(region))
    assert len(soon) == 0  # still being made, presumably
    Document.objects.filter(pk=document.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    with django_capture_on_commit_callbacks() as later:
        response = client.get(plan_pdf_url(region))
    assert len(later) == 1 and response["Location"] == document.get_absolute_url()
    assert Document.objects.count() == 1
