"""Writing the minutes on one page: each item's decision is saved on its own, and only over the version
of the item that its writer loaded (AgendaItem.version), so that a second secretary is told instead of
overwriting the first one's words."""

from django.conf import settings
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AgendaItem


class StaleVersion(Exception):
    """Somebody else saved the item after the writer loaded it: nothing was saved."""

    def __init__(self, current: AgendaItem):
        super().__init__(current.pk)
        self.current = current


def save_decision(item: AgendaItem, text: str, loaded_version: int | None) -> AgendaItem:
    """Save ``text`` as the item's decision if the item is still at ``loaded_version`` (one UPDATE, so
    that two saves at the same moment cannot both win); otherwise raise StaleVersion with the item as it
    now is. ``loaded_version`` None saves whatever the version (the one-item form of old). Returns the
    item as saved."""
    rows = AgendaItem.objects.filter(pk=item.pk)
    if loaded_version is not None:
        rows = rows.filter(version=loaded_version)
    if not rows.update(decision=text, version=F("version") + 1):
        raise StaleVersion(AgendaItem.objects.get(pk=item.pk))
    item.decision = text
    item.version = AgendaItem.objects.values_list("version", flat=True).get(pk=item.pk)
    return item


def approved_sentence() -> str:
    """The start of a decision that approves the recommendation, in the minutes' language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("The recommendation was approved.")


def with_approval(text: str) -> str:
    """The decision started with “Indstillingen blev godkendt.”: the sentence alone for an empty decision,
    else as its first paragraph (once)."""
    sentence = approved_sentence()
    text = text.strip()
    if not text:
        return sentence
    if text.startswith(sentence):
        return text
    return f"{sentence}\n\n{text}"
