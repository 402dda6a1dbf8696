"""The organisation scope: what each organisation sees, and how grants open and close it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from forcegen.accounts.models import Membership
from forcegen.core import services
from forcegen.core.models import Organisation, Partnership, SharingGrant

SCOPE = SharingGrant.Scope.UNIT_TEMPLATES


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def test_organisations_visible_are_own_and_partners(cast):
    assert codes(Organisation.objects.visible_to(cast["vn_planner"])) == ["la-pko", "vn-dpko"]
    assert codes(Organisation.objects.visible_to(cast["la_planner"])) == ["la-pko", "vn-dpko"]
    assert codes(Organisation.objects.visible_to(cast["outsider"])) == ["xx-out"]


def test_ended_partnership_hides_the_partner(cast, orgs):
    Partnership.objects.update(ended_on=datetime.date(2025, 6, 30))
    assert codes(Organisation.objects.visible_to(cast["la_planner"])) == ["la-pko"]


def test_owned_rows_are_visible_only_to_their_organisation(cast, orgs):
    la_rows = Membership.objects.visible_to(cast["la_planner"])
    assert {m.organisation_id for m in la_rows} == {orgs["la"].pk}
    assert (
        Membership.objects.visible_to(cast["vn_planner"]).filter(organisation=orgs["la"]).count()
        == 0
    )


def test_anonymous_and_memberless_users_see_nothing(make_user, orgs):
    from django.contrib.auth.models import AnonymousUser

    assert Membership.objects.visible_to(AnonymousUser()).count() == 0
    assert Organisation.objects.visible_to(make_user("nobody")).count() == 0


def test_active_organisation_decides_scope_for_multi_org_user(cast, orgs):
    adviser = cast["adviser"]
    assert adviser.active_organisation_id == orgs["vn"].pk
    adviser.activate(orgs["la"].pk)
    assert set(
        Membership.objects.visible_to(adviser).values_list("organisation__code", flat=True)
    ) == {"la-pko"}
    adviser.activate(orgs["out"].pk)  # not a member: the choice is ignored
    assert adviser.active_organisation_id == orgs["la"].pk


@pytest.fixture
def shared_memberships(monkeypatch):
    """Treat memberships as a shareable kind of record to exercise the grant mechanism."""
    monkeypatch.setattr(Membership, "sharing_scope", SCOPE)


def test_grant_opens_and_revoke_closes_partner_access(cast, orgs, shared_memberships):
    la_planner = cast["la_planner"]
    assert not Membership.objects.visible_to(la_planner).filter(organisation=orgs["vn"]).exists()

    grant = services.grant_sharing(
        grantor=orgs["vn"], grantee=orgs["la"], scope=SCOPE, user=cast["vn_admin"]
    )
    assert Membership.objects.visible_to(la_planner).filter(organisation=orgs["vn"]).exists()
    # Shared rows are readable, never editable, by the partner.
    assert not Membership.objects.editable_by(la_planner).filter(organisation=orgs["vn"]).exists()
    # A grant goes one way: vn does not see la's rows because it shared its own.
    assert (
        not Membership.objects.visible_to(cast["vn_planner"])
        .filter(organisation=orgs["la"])
        .exists()
    )
    # An outsider sees nothing of either.
    assert (
        not Membership.objects.visible_to(cast["outsider"])
        .exclude(organisation=orgs["out"])
        .exists()
    )

    services.revoke_grant(grant=grant, user=cast["vn_admin"])
    grant.refresh_from_db()
    assert grant.revoked_by == cast["vn_admin"]
    assert not Membership.objects.visible_to(la_planner).filter(organisation=orgs["vn"]).exists()


def test_grant_of_another_scope_shares_nothing_here(cast, orgs, shared_memberships):
    services.grant_sharing(
        grantor=orgs["vn"],
        grantee=orgs["la"],
        scope=SharingGrant.Scope.COURSE_CATALOGUE,
        user=cast["vn_admin"],
    )
    assert (
        not Membership.objects.visible_to(cast["la_planner"])
        .filter(organisation=orgs["vn"])
        .exists()
    )


def test_grant_stops_counting_when_partnership_ends(cast, orgs, shared_memberships):
    services.grant_sharing(grantor=orgs["vn"], grantee=orgs["la"], scope=SCOPE, user=None)
    Partnership.objects.update(ended_on=datetime.date(2025, 6, 30))
    assert not SharingGrant.objects.active().exists()
    assert (
        not Membership.objects.visible_to(cast["la_planner"])
        .filter(organisation=orgs["vn"])
        .exists()
    )


def test_grant_requires_an_active_partnership(orgs):
    with pytest.raises(ValidationError) as excinfo:
        services.grant_sharing(grantor=orgs["vn"], grantee=orgs["out"], scope=SCOPE, user=None)
    assert "grantee" in excinfo.value.message_dict
    assert "no active partnership" in excinfo.value.message_dict["grantee"][0]
    assert not SharingGrant.objects.exists()


def test_grant_rejects_unknown_scope(orgs):
    with pytest.raises(ValidationError) as excinfo:
        services.grant_sharing(
            grantor=orgs["vn"], grantee=orgs["la"], scope="everything", user=None
        )
    assert "scope" in excinfo.value.message_dict


def test_granting_twice_keeps_one_active_grant(orgs):
    first = services.grant_sharing(grantor=orgs["vn"], grantee=orgs["la"], scope=SCOPE, user=None)
    second = services.grant_sharing(grantor=orgs["vn"], grantee=orgs["la"], scope=SCOPE, user=None)
    assert first.pk == second.pk
    assert SharingGrant.objects.count() == 1


def test_grant_must_match_its_partnership(orgs):
    partnership = Partnership.objects.get()
    grant = SharingGrant(
        partnership=partnership, grantor=orgs["vn"], grantee=orgs["out"], scope=SCOPE
    )
    with pytest.raises(ValidationError):
        grant.full_clean()
