from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from volunteers.models import Unit, descendant_ids


class UnitForm(forms.ModelForm):
    """A unit's name, kind, place in the tree and contact details (create, rename, move)."""

    class Meta:
        model = Unit
        fields = ["name", "kind", "parent", "address", "email", "phone"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        # Only open units are offered; a unit cannot be moved under itself or a unit below it.
        parents = Unit.objects.open().filter(organisation=organisation)
        if self.instance.pk is not None:
            parents = Unit.objects.filter(organisation=organisation).filter(
                Q(closed_on__isnull=True) | Q(pk=self.instance.parent_id)
            )
            parents = parents.exclude(pk__in=descendant_ids([self.instance.pk], organisation))
        self.fields["parent"].queryset = parents.order_by("name")
        self.fields["parent"].empty_label = _("None (a unit at the top)")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Unit.objects.filter(organisation=self.instance.organisation, name=name)
        if self.instance.pk is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("The organisation already has a unit with this name."))
        return name


class UnitCloseForm(forms.Form):
    """Close a unit from a day: it keeps its data and history and is no longer offered as a choice."""

    closed_on = DateField(label=_("Closed on"))

    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, initial={"closed_on": timezone.localdate()}, **kwargs)

    def clean_closed_on(self):
        day = self.cleaned_data["closed_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A unit can be closed from today or an earlier day, not a later one."))
        return day

    def refusal(self) -> str:
        """Why the unit cannot be closed now (empty if it can): shown on the page before any POST too."""
        if self.unit.closed_on is not None:
            return str(_("The unit is already closed."))
        open_children = list(self.unit.children.open().order_by("name"))
        if open_children:
            return _(
                "%(unit)s cannot be closed while units below it are open: %(children)s. Close them or move "
                "them under another unit first."
            ) % {"unit": self.unit, "children": ", ".join(str(child) for child in open_children)}
        return ""

    def clean(self):
        if refusal := self.refusal():
            raise ValidationError(refusal)
        return self.cleaned_data

    def perform(self):
        self.unit.closed_on = self.cleaned_data["closed_on"]
        self.unit.save(update_fields=["closed_on"])


class UnitReopenForm(forms.Form):
    def __init__(self, *args, unit, **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def refusal(self) -> str:
        if self.unit.closed_on is None:
            return str(_("The unit is open."))
        parent = self.unit.parent
        if parent is not None and parent.closed_on is not None:
            return _("%(unit)s is part of %(parent)s, which is closed: reopen %(parent)s first.") % {
                "unit": self.unit,
                "parent": parent,
            }
        return ""

    def clean(self):
        if refusal := self.refusal():
            raise ValidationError(refusal)
        return self.cleaned_data

    def perform(self):
        self.unit.closed_on = None
        self.unit.save(update_fields=["closed_on"])
