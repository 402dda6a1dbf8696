import pytest


@pytest.fixture
def add_partners():
    """Adds `count` partners of an organisation, each granted its unit templates."""
    from forcegen.core.models import Organisation, Partnership
    from forcegen.core.services import grant_sharing

    def add(mentor, count):
        for i in range(count):
            extra = Organisation.objects.create(
                code=f"p-{i}", name_native="P", name_en="P", country="PPP", kind="other"
            )
            Partnership.objects.create(source=mentor, target=extra)
            grant_sharing(grantor=mentor, grantee=extra, scope="units.templates", user=None)

    return add
