"""core.forms.QuickSelect writes the same select as Django's Select, without a template per option; the
lists' filter fields and rows are written in Python as crispy and the templates wrote them; a filter's
options and a list's count as the view gives them."""

from datetime import date

import django_filters
import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from core.filters import ChoiceFilter, ModelChoiceFilter
from core.forms import QuickSelect
from core.lists import Column, Listing, table_rows
from core.templatetags.lists import filter_field, row_cells
from meetings.models import Body
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


class BodyFilter(django_filters.FilterSet):
    body = ModelChoiceFilter(queryset=Body.objects.order_by("name"), empty_label="Alle", field_name="pk")

    class Meta:
        model = Body
        fields = []


@pytest.mark.parametrize("value", ["", "BODY"])
def test_a_filter_of_objects_without_str_field_reads_them_by_a_plain_query(region, value):
    """A model whose __str__ is not one field (Body) is listed from objects, with Django's markup, read as a
    list: Django's iterator() would open a server-side cursor on PostgreSQL, and leave the queryset unread."""
    chosen = {"": "", "BODY": region.body.pk}[value]
    ours = BodyFilter({"body": chosen}, queryset=Body.objects.all()).form
    plain = django_filters.ModelChoiceFilter(
        queryset=Body.objects.order_by("name"), empty_label="Alle", widget=QuickSelect
    ).field
    plain_form = forms.Form({"body": chosen})
    plain_form.fields["body"] = plain
    SimpleTestCase().assertHTMLEqual(str(ours["body"]), str(plain_form["body"]))
    assert ours.fields["body"].queryset._result_cache is not None
    assert ours.is_valid(), ours.errors


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


class StatusFilter(django_filters.FilterSet):
    kind = ChoiceFilter(choices=Unit.Kind.choices, empty_label="Alle", help_text="Enhedens art")

    class Meta:
        model = Unit
        fields = []


@pytest.mark.parametrize("value", ["", "department", "bogus"])
def test_a_filter_field_is_written_as_crispy_writes_it(region, value):
    """core.templatetags.lists.filter_field: the label, select, help text and errors crispy's Bootstrap 5
    field gives a select (ids, classes, aria-invalid and aria-describedby), without its templates."""
    form = StatusFilter({"kind": value}, queryset=Unit.objects.all()).form
    form.is_valid()
    ours = filter_field(form["kind"])
    SimpleTestCase().assertHTMLEqual(
        ours.replace("form-select", "quickselect form-select"), str(as_crispy_field(form["kind"]))
    )
    if value == "bogus":
        assert 'aria-invalid="true"' in ours and 'id="id_kind_error" class="invalid-feedback"' in ours
        assert 'aria-describedby="id_kind_helptext id_kind_error"' in ours


def test_row_cells_escape_values_and_format_them_by_kind(region):
    columns = [
        Column("Navn", str),
        Column("E-mail", lambda unit: unit.email, kind="email"),
        Column("Lukket", lambda unit: unit.closed_on, kind="date"),
        Column("Telefon", lambda unit: unit.phone, kind="phone"),
        Column("Adresse", lambda unit: unit.address),
    ]
    unit = Unit.objects.create(
        organisation=region.organisation,
        name="<b>Afsnit</b>",
        email="a<x>@example.dk",
        closed_on=date(2026, 3, 1),
        phone="",
        address="",
    )
    ((obj, cells),) = table_rows(columns, [unit])
    html = row_cells(obj, cells)
    assert f'<th scope="row"><a href="{unit.get_absolute_url()}">&lt;b&gt;Afsnit&lt;/b&gt;</a></th>' in html
    assert "<td>a&lt;x&gt;@<wbr>example.dk</td>" in html
    assert '<td class="text-nowrap">1. marts 2026</td>' in html
    assert '<td class="text-nowrap">–</td><td>–</td>' in html


def test_a_count_the_view_made_is_refused_beside_the_lists_own_search_or_filters(rf, region):
    """Listing(count=...): the view's count cannot know what the list's own search and filters leave."""
    request = rf.get("/", {"q": "Ole"})
    with pytest.raises(TypeError):
        Listing(request, Unit.objects.all(), search_fields=("name",), count=3)
    with pytest.raises(TypeError):
        Listing(request, Unit.objects.all(), filterset_class=UnitFilter, count=3)
    units = Unit.objects.filter(organisation=region.organisation).order_by("pk")
    listing = Listing(rf.get("/"), units, count=units.count(), per_page=1)
    assert listing.page.paginator.count == units.count() and list(listing.page) == [units.first()]
