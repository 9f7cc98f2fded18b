"""core.forms.QuickSelect writes the same select as Django's Select, without a template per option."""

import django_filters
import pytest
from django import forms
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from core.filters import ModelChoiceFilter
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


class UnitFilter(django_filters.FilterSet):
    unit = ModelChoiceFilter(
        queryset=Unit.objects.order_by("name"), empty_label="Alle", null_label="Ingen", field_name="pk"
    )

    class Meta:
        model = Unit
        fields = []


@pytest.mark.parametrize("value", ["", "HOSPITAL", "null"])
def test_a_filter_reads_its_options_as_names_and_writes_djangos_markup(region, value):
    """core.filters: the options of a model with str_field come from two columns, not objects; the same
    markup, selection and null choice as django-filter's own field."""
    Unit.objects.create(organisation=region.organisation, name='<Afsnit> & "Co"', kind=Unit.Kind.DEPARTMENT)
    chosen = {"": "", "HOSPITAL": region.hospital.pk, "null": "null"}[value]
    ours = UnitFilter({"unit": chosen}, queryset=Unit.objects.all()).form
    plain = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.order_by("name"), empty_label="Alle", null_label="Ingen", widget=QuickSelect
    ).field
    plain_form = forms.Form({"unit": chosen})
    plain_form.fields["unit"] = plain
    with CaptureQueriesContext(connection) as queries:
        html = str(ours["unit"])
    SimpleTestCase().assertHTMLEqual(html, str(plain_form["unit"]))
    # The options' query (a bound form also looks up the chosen unit to validate it).
    (options,) = [query["sql"] for query in queries.captured_queries if "ORDER BY" in query["sql"]]
    assert options.count(",") == 1, options  # SELECT id, name
    assert ours.is_valid(), ours.errors
