from datetime import date

from django.core.management import call_command

from meetings.models import Body, Membership
from volunteers.models import Organisation, Role, Unit, User, VolunteerOrganisation

MODELS = (Organisation, Unit, User, VolunteerOrganisation, Body, Membership)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_creates_the_seeds_data_and_twice_changes_nothing(db, capsys):
    call_command("seed_demo")
    first = counts()
    logins = capsys.readouterr().out
    horsens = Unit.objects.get(name="Regionshospital Horsens")
    user = User.objects.get(username="koordinator.midt")
    user.set_password("changed-by-the-user")
    user.save()

    call_command("seed_demo", verbosity=0)

    assert counts() == first
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Region Syddanmark",
        "Region Midtjylland",
        "Aarhus Kommune",
    }
    assert horsens.organisation.name == "Region Midtjylland"
    assert Unit.objects.filter(organisation__name="Aarhus Kommune", name="Sundhed og Omsorg").exists()
    for organisation in Organisation.objects.all():
        names = set(organisation.volunteer_organisations.values_list("name", flat=True))
        assert {"Dansk Røde Kors", "Kræftens Bekæmpelse", "Hjerteforeningen"} <= names
        assert set(organisation.users.values_list("role", flat=True)) == set(Role.values)

    committee = Body.objects.get(name="Midlertidigt udvalg vedrørende samarbejde med civilsamfundet")
    assert (committee.term_start, committee.term_end) == (date(2020, 1, 1), date(2021, 12, 31))
    assert [str(m) for m in committee.memberships.all()][:2] == [
        "Erik Vinther (V)",
        "Lars Møller Pedersen (A)",
    ]
    assert committee.memberships.get(role=Membership.Role.CHAIR).name == "Erik Vinther"
    assert committee.memberships.count() == 7
    assert Body.objects.filter(name="Koncernledelsesforum", kind=Body.Kind.STEERING_GROUP).exists()

    # The printed logins work; a password a user has changed is left alone on the second run.
    assert "koordinator.syd" in logins and "frivillig-demo" in logins
    assert User.objects.get(username="koordinator.syd").check_password("frivillig-demo")
    assert User.objects.get(username="koordinator.midt").check_password("changed-by-the-user")
    assert list(User.objects.get(username="koordinator.midt").units.all()) == [horsens]
