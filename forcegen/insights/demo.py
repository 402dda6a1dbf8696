"""Demo: the UN's published files shipped in data/ (real figures), and Viet Nam's national goals
for women (15% in deployed units, 20% of deployed individuals)."""

import datetime
from decimal import Decimal
from pathlib import Path

from forcegen.core.models import Organisation
from forcegen.deployments.models import GenderCategory

from .models import NationalGoal, UNContribution
from .un_files import import_un_file

DATA = Path(__file__).parent / "data"
FILES = (
    "ipi_tcc_gender_by_type_2009-11_2014-02.csv",
    "un_contribution_ranks_2021-01-31.csv",
    "un_contribution_ranks_2022-01-31.csv",
)
GOALS_SOURCE = "Vietnamese Ministry of National Defence, as reported by the press [S]"
VN_GOALS = {
    GenderCategory.CONTINGENT: Decimal(15),
    GenderCategory.MILITARY_INDIVIDUAL: Decimal(20),
}


def seed(*, scale: int = 0) -> str:
    for name in FILES:
        import_un_file(name=name, data=(DATA / name).read_bytes())
    vn = Organisation.objects.get(code="vn-dpko")
    for category, percent in VN_GOALS.items():
        NationalGoal.objects.get_or_create(
            organisation=vn,
            category=category,
            effective_from=datetime.date(2020, 1, 1),
            defaults={"percent": percent, "source": GOALS_SOURCE},
        )
    return f"UN figures: {UNContribution.objects.count()}, files: {len(FILES)}"
