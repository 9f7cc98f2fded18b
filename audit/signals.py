"""Receivers that record every login and every failed login."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record
from simple_history.utils import get_m2m_reverse_field_name

from core.client_ip import client_ip
from volunteers.models import ContactPerson, User, Volunteer

from .models import PERSONAL_FIELDS, ChangeRecord, LoginEvent

USERNAME_LENGTH = LoginEvent._meta.get_field("username").max_length


def _address(request):
    return client_ip(request)[:45] if request is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    LoginEvent.objects.create(
        succeeded=True,
        username=user.get_username()[:USERNAME_LENGTH],
        user=user,
        organisation_id=user.organisation_id,
        client_address=_address(request),
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in `credentials` with stars; only the username is kept.
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    LoginEvent.objects.create(
        succeeded=False,
        username=username[:USERNAME_LENGTH],
        user=user,
        organisation_id=user.organisation_id if user else None,
        client_address=_address(request),
    )


@receiver(pre_create_historical_record, dispatch_uid="audit_changed_fields")
def record_changed_fields(sender, instance, history_instance, **kwargs):
    """Store which fields a change touched, compared with the record before it (one query, and two for
    each many-to-many field)."""
    if not issubclass(sender, ChangeRecord) or history_instance.history_type != "~":
        return
    previous = (
        sender.objects.filter(id=history_instance.id)
        .order_by("-history_date", "-history_id")
        .only(*(field.attname for field in sender.tracked_fields))
        .first()
    )
    if previous is None:
        return
    changed = [
        field.name
        for field in sender.tracked_fields
        if getattr(previous, field.attname) != getattr(history_instance, field.attname)
    ]
    # A change of a many-to-many field (a user's units) is a record of its own, with the set it left.
    for field in history_instance._history_m2m_fields:
        before = getattr(previous, field.name).values_list(get_m2m_reverse_field_name(field), flat=True)
        if set(before) != set(getattr(instance, field.name).values_list("pk", flat=True)):
            changed.append(field.name)
    history_instance.changed_fields = ", ".join(changed)


@receiver(post_save, sender=Volunteer, dispatch_uid="audit_scrub_anonymised")
def scrub_anonymised(sender, instance, **kwargs):
    """An anonymised volunteer's older history records lose the personal data as well."""
    if instance.anonymised_on:
        _scrub(Volunteer, instance.pk)


@receiver(post_delete, sender=Volunteer, dispatch_uid="audit_scrub_deleted_volunteer")
@receiver(post_delete, sender=ContactPerson, dispatch_uid="audit_scrub_deleted_contact")
def scrub_deleted(sender, instance, **kwargs):
    """A deleted person's history records keep who changed what and when, not the person's data."""
    _scrub(sender, instance.pk)


def _scrub(model, pk):
    model.history.filter(id=pk).update(**dict.fromkeys(PERSONAL_FIELDS[model], ""))


@receiver(pre_save, sender=User, dispatch_uid="audit_skip_last_login")
def skip_last_login_only(sender, instance, update_fields=None, **kwargs):
    """Each login saves the user's last_login alone: no history record for it (LoginEvent has it)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        instance.skip_history_when_saving = True


@receiver(post_save, sender=User, dispatch_uid="audit_skip_last_login_done")
def skip_last_login_done(sender, instance, **kwargs):
    if hasattr(instance, "skip_history_when_saving"):
        del instance.skip_history_when_saving
