"""``{% pdf_masthead organisation %}``: the organisation's name, and its logo when it has one, at the top
of a PDF's first page. The logo goes in as a data: URI, so WeasyPrint needs no URL to fetch it from the
storage (which may be a private bucket)."""

import base64

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def pdf_masthead(organisation):
    """`organisation`: anything with a ``name``, an optional image field ``logo`` and its
    ``logo_content_type``."""
    logo = ""
    if getattr(organisation, "logo", None):
        try:
            with organisation.logo.open("rb") as file:
                content = base64.b64encode(file.read()).decode()
        except FileNotFoundError:  # a logo lost from the storage: the name alone
            content = ""
        if content:
            logo = format_html(
                '<img class="masthead-logo" src="data:{};base64,{}" alt="{}">',
                organisation.logo_content_type,
                content,
                _("Logo of %(organisation)s") % {"organisation": organisation.name},
            )
    name = organisation.name
    return format_html('<div class="masthead">{}<p class="masthead-name">{}</p></div>', logo, name)
