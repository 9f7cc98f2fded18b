"""Meeting plans, meetings, agendas and minutes in the Danish format of seed 003.

A meeting moves draft -> published (members get the agenda) -> held -> minutes drafted -> minutes
approved. Approved minutes are locked; a later correction is a new, visible MinutesRevision.
"""

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _

from core.fields import DateField, LongTextField
from core.models import Delivery
from volunteers.models import SECRETARIAT, NotificationKind, User
from volunteers.notifications import hand_off, notify, rendered

from .bodies import Body, Membership


class MeetingError(ValidationError):
    """A step that the meeting's state does not allow."""


class MeetingPlan(models.Model):
    """A body's planned meetings for a period (seed 003: six meetings in 2020-21), approved as a whole."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meeting_plans", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. “Mødeplan 2020-2021”."))
    approved_on = DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)

    scope_organisation = "body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["body", "-pk"]
        verbose_name = _("meeting plan")
        verbose_name_plural = _("meeting plans")

    def __str__(self):
        return self.title

    @property
    def is_approved(self):
        return self.approved_on is not None


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Agenda published")
        HELD = "held", _("Held")
        MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("body"))
    plan = models.ForeignKey(
        MeetingPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("meeting plan"),
    )
    date = DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    minutes_approved_on = DateField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.CharField(_("minutes approved by"), max_length=200, blank=True)
    uid = models.CharField(
        max_length=64, unique=True, default=secrets.token_hex, editable=False
    )  # iCalendar UID
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE, bumped on changes

    scope_organisation = "body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self):
        return f"{self.body} · {date_format(self.date, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The meeting must end after it starts.")
        if self.body_id and self.date:
            body = self.body
            if (body.term_start and self.date < body.term_start) or (
                body.term_end and self.date > body.term_end
            ):
                errors["date"] = _("The date is outside the body's term (%(term)s).") % {
                    "term": body.term_display
                }
            if self.start_time and self.end_time:
                overlapping = Meeting.objects.filter(
                    body=body, date=self.date, start_time__lt=self.end_time, end_time__gt=self.start_time
                ).exclude(pk=self.pk)
                if overlapping.exists():
                    errors["start_time"] = _("The body already has a meeting at that time.")
        if self.plan_id and self.body_id and self.plan.body_id != self.body_id:
            errors["plan"] = _("The meeting plan belongs to another body.")
        if errors:
            raise ValidationError(errors)

    @property
    def agenda_is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def minutes_are_editable(self):
        return self.status in {self.Status.HELD, self.Status.MINUTES_DRAFTED}

    # --- workflow ------------------------------------------------------------------------------

    def publish(self):
        self._require(self.Status.DRAFT)
        if not self.items.exists():
            raise MeetingError(_("An agenda needs at least one item before it is published."))
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.sequence += 1
        self.save()
        # The members who are not users get the agenda's PDF by e-mail instead (meetings.tasks.send_agenda).
        self._tell_members(
            NotificationKind.AGENDA_PUBLISHED,
            _("The agenda of %(meeting)s on %(date)s is published."),
            with_addresses=False,
        )

    def members_told(self):
        """(users, addresses): the body's members on the meeting's date; a member linked to an active
        user is that user, any other member their e-mail address, if any."""
        memberships = self.body.memberships.select_related("user").filter(
            models.Q(start__isnull=True) | models.Q(start__lte=self.date),
            models.Q(end__isnull=True) | models.Q(end__gte=self.date),
        )
        users, addresses = [], []
        for membership in memberships:
            if membership.user and membership.user.is_active:
                users.append(membership.user)
            elif membership.email:
                addresses.append(membership.email)
        return list(dict.fromkeys(users)), list(dict.fromkeys(addresses))

    def _tell_members(self, kind, message, with_addresses=True):
        users, addresses = self.members_told()
        hand_off(
            self.body.organisation,
            kind,
            f"meeting:{self.pk}",
            self.get_absolute_url(),
            message,
            {"meeting": self.body, "date": date_format(self.date)},
            users=users,
            addresses=addresses if with_addresses else (),
        )

    @property
    def starts_at(self):
        """The moment the meeting begins, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    def mark_held(self, now=None):
        """``now``: the moment it is marked (default: the clock's), e.g. a demo's day."""
        self._require(self.Status.PUBLISHED)
        self._require_started(
            now, _("The meeting begins on %(date)s at %(time)s; it cannot be marked as held before.")
        )
        self.status = self.Status.HELD
        self.save()

    def draft_minutes(self):
        self._require(self.Status.HELD)
        self.status = self.Status.MINUTES_DRAFTED
        self.save()

    def approve_minutes(self, approved_by, approved_on):
        self._require(self.Status.MINUTES_DRAFTED)
        if not (approved_by.strip() and approved_on):
            raise MeetingError(_("Record who approved the minutes and when."))
        self._require_started(
            None, _("The meeting begins on %(date)s at %(time)s; its minutes cannot be approved before.")
        )
        if approved_on > timezone.localdate():
            raise MeetingError(
                _("The minutes cannot be approved on %(approved)s: that day has not come yet.")
                % {"approved": date_format(approved_on)}
            )
        if approved_on < self.date:
            raise MeetingError(
                _(
                    "The meeting was held on %(meeting)s; the minutes cannot be approved before it, "
                    "on %(approved)s."
                )
                % {"meeting": date_format(self.date), "approved": date_format(approved_on)}
            )
        self.minutes_approved_by, self.minutes_approved_on = approved_by, approved_on
        self.status = self.Status.MINUTES_APPROVED
        self.save()
        self._tell_members(
            NotificationKind.MINUTES_APPROVED,
            _("The minutes of %(meeting)s on %(date)s are approved."),
        )

    def _require_started(self, now, message):
        if (now or timezone.now()) < self.starts_at:
            # "kl. 10.00": the Danish way of writing the time of day in a sentence.
            raise MeetingError(
                message % {"date": date_format(self.date), "time": time_format(self.start_time)}
            )

    def _require(self, *statuses):
        if self.status not in statuses:
            raise MeetingError(
                _("This step is not possible while the meeting is “%(status)s”.")
                % {"status": self.get_status_display()}
            )


class AgendaItem(models.Model):
    """Punkt N on the agenda, with the sections of seed 003."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    case_number = models.CharField(
        _("case number"), max_length=50, blank=True, help_text=_("E.g. 1-00-6-20.")
    )
    summary = LongTextField(_("summary"), blank=True)
    recommendation_by = models.CharField(
        _("recommended by"), max_length=200, blank=True, help_text=_("E.g. “Direktionen”.")
    )
    recommendation = LongTextField(
        _("recommendation"),
        blank=True,
        help_text=_("One “at …” line per line: what is proposed for decision."),
    )
    case_presentation = LongTextField(_("case presentation"), blank=True)
    decision = LongTextField(_("decision"), blank=True)
    # As municipal and regional secretariats write items (seed 004).
    is_closed = models.BooleanField(
        _("closed item"),
        default=False,
        help_text=_("Shown only to members and staff; left out of every public version."),
    )
    coordinated_with = models.CharField(_("coordinated with"), max_length=300, blank=True)
    responsible_leader = models.CharField(_("responsible leader"), max_length=200, blank=True)
    item_attendees = models.CharField(
        _("attendees for the item"), max_length=300, blank=True, help_text=_("“Deltager under punktet”.")
    )
    decision_points = LongTextField(
        _("decision points"), blank=True, help_text=_("One point per line; shown as a numbered list.")
    )
    # Bumped by every save of the item's texts, so that a second writer is told instead of overwriting.
    version = models.PositiveIntegerField(default=0, editable=False)

    scope_organisation = "meeting__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="agenda_item_position_unique",
            ),
        ]

    def __str__(self):
        return _("Item %(number)s: %(title)s") % {"number": self.position, "title": self.title}

    @property
    def recommendation_lines(self):
        return [line.strip() for line in self.recommendation.splitlines() if line.strip()]

    @property
    def decision_point_lines(self):
        """The decision points, one a line, without a number typed before them (the list numbers them)."""
        lines = (line.strip() for line in self.decision_points.splitlines())
        return [re.sub(r"^\d+[.)]\s*", "", line) for line in lines if line]

    @property
    def has_item_facts(self):
        return bool(self.coordinated_with or self.responsible_leader or self.item_attendees)


def attachment_path(instance, filename):
    # Random names outside any public folder; the original name is kept on the row for downloads.
    return f"attachments/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """Bilag: an uploaded file, checked by content type and size before it is stored."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Left out of the public version of agenda and minutes.")
    )

    scope_organisation = "item__meeting__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class AttachmentLink(models.Model):
    """Bilag as a named link (e.g. the strategy on the region's website)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="links", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"))
    is_internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Left out of the public version of agenda and minutes.")
    )

    scope_organisation = "item__meeting__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("attachment link")
        verbose_name_plural = _("attachment links")

    def __str__(self):
        return self.title


class MinutesRevision(models.Model):
    """A correction of approved minutes: the decisions as they now read, why, by whom and when."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    reason = LongTextField(_("reason for the correction"))
    decisions = models.JSONField(_("decisions"), help_text=_("Item id -> the corrected decision."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_organisation = "meeting__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_revision_number_unique")
        ]

    def __str__(self):
        return f"{self.meeting}: {_('revision')} {self.number}"


class FollowUpQuerySet(models.QuerySet):
    def unfinished(self):
        """Open or in progress: what the body's page, the agenda item and the reminders are about."""
        return self.filter(status__in=FollowUp.UNFINISHED)

    def overdue(self, today):
        """Unfinished and past the due date (one without a due date is never overdue)."""
        return self.unfinished().filter(deadline__lt=today)


class FollowUp(models.Model):
    """A decision, a recommendation or a task to follow up: one trackable kind of thing, with an owner, a due
    date and a status whose every change is a dated note (FollowUpNote).

    It comes from an agenda item (a decision or a task from the meeting) or from elsewhere (a report's
    recommendation, ``source``). Open ones are on the body's page, overdue ones on the secretariat's start
    page, and a new agenda of the body can list them in an item of their own."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        RECOMMENDATION = "recommendation", _("Recommendation")
        TASK = "task", _("Task")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("body")
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("item"),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where it came from when not from an item, e.g. a report and its section."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TASK)
    title = models.CharField(_("text"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("assigned to"),
        help_text=_("A user who is told about it and reminded when it is overdue."),
    )
    deadline = DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_on = DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    #: The statuses of a follow-up that is still to be done.
    UNFINISHED = (Status.OPEN, Status.IN_PROGRESS)

    scope_organisation = "body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A follow-up from an item belongs to the body whose meeting it was.
        if self.body_id is None and self.item_id is not None:
            self.body_id = self.item.meeting.body_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:follow_up_detail", args=[self.pk])

    @property
    def is_unfinished(self):
        return self.status in self.UNFINISHED

    def is_overdue(self, today=None):
        return bool(self.is_unfinished and self.deadline and self.deadline < (today or timezone.localdate()))

    def origin_url(self):
        """Where it came from: the item on its meeting's page, else the body's page."""
        if self.item_id:
            return f"{self.item.meeting.get_absolute_url()}#item-{self.item_id}"
        return self.body.get_absolute_url()

    def change_status(self, status, note, by, on=None):
        """Change the status with a dated note (``on``: the day, default today); done sets done_on, any
        other status clears it. Returns the note."""
        from .. import follow_ups  # the rules live beside the model

        return follow_ups.change_status(self, status, note, by, on)

    def tell_assignee(self, overdue=False):
        """Tell the assigned user about the follow-up (assigned, or overdue), once per assignee and due date.
        Called in the transaction that saves it, and by the daily sweep for overdue ones. Without a due date
        there is nothing to be overdue; a finished one is not told about."""
        if self.assignee is None or not self.is_unfinished or (overdue and self.deadline is None):
            return
        where = self.item.meeting if self.item_id else self.body
        deadline = date_format(self.deadline) if self.deadline else ""
        if overdue:
            kind = NotificationKind.TASK_OVERDUE
            message = _("The follow-up “%(task)s” from %(meeting)s was due on %(deadline)s.")
        else:
            kind = NotificationKind.TASK_ASSIGNED
            if self.deadline:
                message = _("You have a follow-up from %(meeting)s: “%(task)s”, by %(deadline)s.")
            else:
                message = _("You have a follow-up from %(meeting)s: “%(task)s”.")
        hand_off(
            self.body.organisation,
            kind,
            f"task:{self.pk}:{self.deadline.isoformat() if self.deadline else '-'}",
            self.get_absolute_url(),
            message,
            {"task": self.title, "meeting": where, "deadline": deadline},
            users=[self.assignee],
        )


class FollowUpNote(models.Model):
    """A dated note on a follow-up: its status from that day, and why."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="notes", verbose_name=_("follow-up")
    )
    date = DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUp.Status.choices)
    note = LongTextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_organisation = "follow_up__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["follow_up", "date", "pk"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self):
        return f"{self.date}: {self.get_status_display()}"


class Attendance(models.Model):
    """Who is invited to a meeting (the body's members on the meeting's date, and guests) and, before the
    meeting, who has sent apologies (afbud); on the day, who was present or absent."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APOLOGISED = "apologised", _("Apologies sent")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("member"),
    )
    # Copied from the membership when invited, so the minutes keep the name as it was.
    name = models.CharField(_("name"), max_length=200)
    represents = models.CharField(_("represents"), max_length=200, blank=True)
    is_guest = models.BooleanField(_("guest"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    apologised_at = models.DateTimeField(_("apologies sent"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_organisation = "meeting__body__organisation"
    changing_roles = SECRETARIAT

    class Meta:
        ordering = ["meeting", "is_guest", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=models.Q(membership__isnull=False),
                name="attendance_once_per_member",
            ),
        ]

    def __str__(self):
        return self.name


#: Meetings that have taken place (or should have) and whose minutes are not approved yet.
AWAITING_MINUTES = (Meeting.Status.PUBLISHED, Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED)


class MeetingReminder(Delivery):
    """One reminder per meeting and kind: recorded before it is sent, so that it is sent exactly once
    (core.sending).

    - AGENDA_DUE: to the organisation's secretariat, about a meeting whose agenda is still a draft.
    - MINUTES_UNAPPROVED: to the body's secretary (else the secretariat), about a held meeting whose
      minutes are not approved.
    """

    class Kind(models.TextChoices):
        AGENDA_DUE = "agenda_due", _("Agenda to be published")
        MINUTES_UNAPPROVED = "minutes_unapproved", _("Minutes not yet approved")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    scope_organisation = "meeting__body__organisation"
    changing_roles = SECRETARIAT
    sending_related = ("meeting__body__organisation",)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind"], name="one_reminder_per_meeting_and_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.meeting}"

    def still_applies(self):
        # Published or approved since it was recorded: nothing left to remind about.
        if self.kind == self.Kind.AGENDA_DUE:
            return self.meeting.status == Meeting.Status.DRAFT
        return self.meeting.status in AWAITING_MINUTES

    def recipients(self):
        """(users, other e-mail addresses): the users get an in-app notification as well."""
        secretariat = list(User.objects.secretariat(self.meeting.body.organisation_id))
        if self.kind == self.Kind.AGENDA_DUE:
            return secretariat, []
        memberships = self.meeting.body.memberships.select_related("user")
        secretaries = memberships.filter(role=Membership.Role.SECRETARY)
        users, addresses = [], []
        for secretary in secretaries:
            if secretary.user and secretary.user.is_active:
                users.append(secretary.user)
            elif secretary.email:
                addresses.append(secretary.email)
        if not (users or addresses):
            return secretariat, []
        return users, addresses

    def send(self):
        users, addresses = self.recipients()
        path = self.meeting.get_absolute_url()
        context = {
            "meeting": self.meeting,
            "agenda_due": self.kind == self.Kind.AGENDA_DUE,
            "url": f"{settings.SITE_URL}{path}",
        }
        return notify(
            users,
            url=path,
            kind=NotificationKind.MEETING_REMINDER,
            extra_addresses=addresses,
            **rendered("meetings/email/meeting_reminder", context),
        )
