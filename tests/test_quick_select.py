"""core.forms.QuickSelect writes the same select as Django's Select, without a template per option."""

import pytest
from django import forms
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from core.forms import QuickSelect
from volunteers.models import Unit


class UnitForm(forms.Form):
    plain = forms.ModelChoiceField(Unit.objects.order_by("name"), empty_label="Alle", required=False)
    quick = forms.ModelChoiceField(
        Unit.objects.order_by("name"), empty_label="Alle", required=False, widget=QuickSelect
    )


def _html(form, name):
    return str(form[name]).replace(f'name="{name}"', 'name="x"').replace(f'id="id_{name}"', 'id="id_x"')


@pytest.mark.parametrize("value", [None, "HOSPITAL"])
def test_the_markup_is_djangos(region, value):
    Unit.objects.create(organisation=region.organisation, name='<Afsnit> & "Co"', kind=Unit.Kind.DEPARTMENT)
    chosen = region.hospital.pk if value else ""
    form = UnitForm({"plain": chosen, "quick": chosen})
    SimpleTestCase().assertHTMLEqual(_html(form, "quick"), _html(form, "plain"))
    assert "&lt;Afsnit&gt; &amp; &quot;Co&quot;" in _html(form, "quick")
    if value:
        assert f'value="{region.hospital.pk}" selected' in _html(form, "quick")


def test_the_options_cost_one_query(region):
    form = UnitForm()
    with CaptureQueriesContext(connection) as queries:
        str(form["quick"])
    assert len(queries) == 1
