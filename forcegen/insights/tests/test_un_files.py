"""Importing the UN's published files: the three formats, their quirks, all or nothing."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from forcegen.insights.models import PublishedRank, UNContribution, UNDataFile
from forcegen.insights.reports import ranking
from forcegen.insights.un_files import import_un_file

DATA = Path(__file__).resolve().parents[1] / "data"
D = datetime.date
MONTHLY_HEADER = (
    "Contributing_Country,ISOCode3,Mission_Acronym,Personnel_Type,Female_Personnel,"
    "Male_Personnel,Last_Reporting_Date\r\n"
)


def load(name):
    return import_un_file(name=name, data=(DATA / name).read_bytes())


def monthly(*rows, header=MONTHLY_HEADER):
    return (header + "".join(row + "\r\n" for row in rows)).encode()


@pytest.mark.django_db
def test_the_ipi_file_gives_the_published_february_2014_totals():
    result = load("ipi_tcc_gender_by_type_2009-11_2014-02.csv")
    assert result.created
    assert result.file.format == UNDataFile.Format.IPI_WIDE
    assert result.file.rows == 29115
    assert (result.file.first_month, result.file.last_month) == (D(2009, 11, 30), D(2014, 2, 28))
    lines = ranking(D(2014, 2, 1)).lines
    assert sum(line.total for line in lines) == 98350
    assert sum(line.female for line in lines) == 3758


@pytest.mark.django_db
def test_the_january_2022_ranking_equals_the_published_file_ties_included():
    load("un_contribution_ranks_2022-01-31.csv")
    with (DATA / "un_contribution_ranks_2022-01-31.csv").open(encoding="utf-8-sig") as handle:
        published = {
            row["ISOCode3"]: int(row["Personnel_Contribution_Rank"])
            for row in csv.DictReader(handle)
        }
    lines = ranking(D(2022, 1, 31)).lines
    assert {line.iso3: line.rank for line in lines} == published
    assert len(set(published.values())) < len(published)  # the file has ties
    assert [line.rank for line in lines] == sorted(line.rank for line in lines)
    # the curly apostrophe is kept as published
    assert any(line.country == "Côte d’Ivoire" for line in lines)


@pytest.mark.django_db
def test_a_second_import_of_the_same_file_changes_nothing():
    first = load("un_contribution_ranks_2021-01-31.csv")
    again = load("un_contribution_ranks_2021-01-31.csv")
    assert not again.created
    assert again.file == first.file
    assert UNDataFile.objects.count() == 1
    assert PublishedRank.objects.count() == 122


@pytest.mark.django_db
def test_monthly_file_quirks_trailing_spaces_day_first_dates_and_old_type_names():
    data = monthly(
        "Viet Nam,VNM,UNMISS   ,Staff Officer,3,10,30/11/2020",
        "Viet Nam,VNM,UNISFA ,Contingent Troop,18,166,30-Nov-20",
        "Ghana,GHA,UNIFIL,Troops,20,800,30-Nov-2020",
        "Ghana,GHA,UNIFIL,Individual Police,,4,2020-11-30",
    )
    result = import_un_file(name="odp_contributionsbygender.csv", data=data)
    assert result.file.format == UNDataFile.Format.MONTHLY_BY_SEX
    figures = {
        (f.iso3, f.mission, f.personnel_type, f.sex): f.count
        for f in UNContribution.objects.filter(month=D(2020, 11, 30))
    }
    assert figures == {
        ("VNM", "UNMISS", "staff_officer", "F"): 3,
        ("VNM", "UNMISS", "staff_officer", "M"): 10,
        ("VNM", "UNISFA", "troops", "F"): 18,
        ("VNM", "UNISFA", "troops", "M"): 166,
        ("GHA", "UNIFIL", "troops", "F"): 20,
        ("GHA", "UNIFIL", "troops", "M"): 800,
        ("GHA", "UNIFIL", "individual_police", "M"): 4,
    }


@pytest.mark.django_db
def test_the_data_hub_lower_case_variant_is_read_too():
    header = (
        "contribution_id,contributing_country,isocode3,mission_acronym,personnel_type,"
        "female_personnel,male_personnel,last_reporting_date\n"
    )
    data = (header + "1,Viet Nam,VNM,UNISFA,Troops,18,166,31/12/2023\n").encode()
    import_un_file(name="DPO-UCHISTORICAL.csv", data=data)
    assert UNContribution.objects.in_month(D(2023, 12, 1)).count() == 2


@pytest.mark.django_db
def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    import_un_file(
        name="ties.csv",
        data=monthly(
            "A,AAA,UNMISS,Troops,0,100,31/01/2020",
            "B,BBB,UNMISS,Troops,10,80,31/01/2020",
            "C,CCC,UNMISS,Troops,0,90,31/01/2020",
            "D,DDD,UNMISS,Troops,0,50,31/01/2020",
        ),
    )
    assert [(line.iso3, line.rank) for line in ranking(D(2020, 1, 31)).lines] == [
        ("AAA", 1),
        ("BBB", 2),
        ("CCC", 2),
        ("DDD", 4),
    ]


@pytest.mark.django_db
def test_a_later_file_replaces_the_figures_of_the_months_it_covers():
    import_un_file(name="a.csv", data=monthly("A,AAA,UNMISS,Troops,1,10,31/01/2020"))
    import_un_file(name="b.csv", data=monthly("A,AAA,UNMISS,Troops,2,12,31/01/2020"))
    assert {f.sex: f.count for f in UNContribution.objects.all()} == {"F": 2, "M": 12}


@pytest.mark.django_db
def test_totals_that_disagree_with_their_columns_are_reported_row_by_row_and_nothing_is_stored():
    text = (DATA / "un_contribution_ranks_2021-01-31.csv").read_text("utf-8-sig").splitlines()
    text[3] = text[3].replace(",6297,", ",6298,")  # Ethiopia: 708 + 5589 ≠ 6298
    bad = "\r\n".join(text).encode()
    with pytest.raises(ValidationError) as refused:
        import_un_file(name="ranks.csv", data=bad)
    assert refused.value.messages == [
        "Row 4, column Total_Uniformed_Personnel: women 708 + men 5589 = 6297, "
        "but the file says 6298."
    ]
    assert not UNDataFile.objects.exists()
    assert not PublishedRank.objects.exists()


@pytest.mark.django_db
def test_bad_rows_name_their_row_and_column():
    data = monthly(
        "Viet Nam,VNM,UNMISS,Staff Officer,3,10,31/11/2020",
        "Viet Nam,VN,UNMISS,Peacekeepers,x,10,30/11/2020",
    )
    with pytest.raises(ValidationError) as refused:
        import_un_file(name="bad.csv", data=data)
    assert refused.value.messages == [
        "Row 2, column Last_Reporting_Date: “31/11/2020” is not a date (e.g. 30/11/2020).",
        "Row 3, column ISOCode3: “VN” is not a three-letter country code.",
        "Row 3, column Personnel_Type: “Peacekeepers” is not a UN personnel type.",
        "Row 3, column Female_Personnel: “x” is not a whole number.",
    ]
    assert not UNContribution.objects.exists()


@pytest.mark.django_db
def test_an_unknown_file_and_a_repeated_row_are_refused():
    with pytest.raises(ValidationError, match="header matches none"):
        import_un_file(name="x.csv", data=b"a,b,c\n1,2,3\n")
    with pytest.raises(ValidationError, match="appears more than once"):
        import_un_file(
            name="twice.csv",
            data=monthly(
                "A,AAA,UNMISS,Troops,1,10,31/01/2020", "A,AAA,UNMISS,Troops,1,10,31/01/2020"
            ),
        )
    with pytest.raises(ValidationError, match="not UTF-8"):
        import_un_file(
            name="latin1.csv", data=MONTHLY_HEADER.encode() + "Côte,CIV".encode("latin-1")
        )
    assert not UNDataFile.objects.exists()


@pytest.mark.django_db
def test_command_imports_and_reports_problems(tmp_path):
    out = io.StringIO()
    call_command("import_un_data", str(DATA / "un_contribution_ranks_2022-01-31.csv"), stdout=out)
    assert "Monthly ranking of contributors, 122 rows" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(monthly("A,AAA,UNMISS,Troops,1,ten,31/01/2020"))
    with pytest.raises(CommandError, match="Row 2, column Male_Personnel"):
        call_command("import_un_data", str(bad))
