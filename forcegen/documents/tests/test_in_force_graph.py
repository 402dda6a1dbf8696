""" "In force on a date" reads `stops_on`, which the services keep as the graph changes: after
every random change made through them, it gives the answer of following the graph by hand."""

import datetime
import random
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError

from forcegen.documents import lifecycle, services
from forcegen.documents.models import (
    BASE_KINDS,
    DRAFT_STATUSES,
    ENACTED_STATUSES,
    ENDING_KINDS,
    Document,
    DocumentStatus,
    Relation,
    Transition,
)

from .conftest import make_document

D = datetime.date
pytestmark = pytest.mark.django_db
FIRST, DAYS = D(2019, 1, 1), 3650


def in_force_by_hand(day: datetime.date) -> set[int]:
    """The rules, read off the rows: enacted and within its dates; not replaced or repealed by
    an enacted document from the relation's date (else that document's effective date); not
    detailing or implementing a document so ended; not suspended from its suspension on."""
    documents = {d.pk: d for d in Document.objects.all()}
    relations = list(Relation.objects.all())
    suspended_from = defaultdict(list)
    for step in Transition.objects.filter(target=DocumentStatus.SUSPENDED):
        suspended_from[step.document_id].append(step.effective_on)

    def ends_it(r: Relation, day: datetime.date) -> bool:
        source = documents[r.source_id]
        start = r.effective_on or source.effective_from
        enacted = source.status in ENACTED_STATUSES
        return r.kind in ENDING_KINDS and enacted and start is not None and start <= day

    def ended(pk: int) -> bool:
        return any(r.target_id == pk and ends_it(r, day) for r in relations)

    def in_force(d: Document) -> bool:
        if d.status not in ENACTED_STATUSES or d.effective_from is None:
            return False
        if d.effective_from > day or (d.effective_to is not None and d.effective_to < day):
            return False
        if ended(d.pk):
            return False
        if any(
            r.source_id == d.pk and r.kind in BASE_KINDS and ended(r.target_id) for r in relations
        ):
            return False
        return not (
            d.status == DocumentStatus.SUSPENDED and any(s <= day for s in suspended_from[d.pk])
        )

    return {pk for pk, d in documents.items() if in_force(d)}


def some_day(rng: random.Random) -> datetime.date:
    return FIRST + datetime.timedelta(days=rng.randrange(DAYS))


def _new_document(rng, orgs, user):
    status = rng.choice([*ENACTED_STATUSES, DocumentStatus.IN_FORCE, *DRAFT_STATUSES])
    start = some_day(rng) if rng.random() < 0.9 else None
    end = (
        start + datetime.timedelta(days=rng.randrange(2000))
        if start and rng.random() < 0.2
        else None
    )
    make_document(orgs["vn"], user, status=status, effective_from=start, effective_to=end)


def _relate(rng, documents, user):
    source, target = rng.sample(documents, 2)
    kind = rng.choice(Relation.Kind.values)
    on = some_day(rng) if rng.random() < 0.5 else None
    services.add_relation(source=source, target=target, kind=kind, effective_on=on)


def _unrelate(rng, documents, user):
    relation = Relation.objects.order_by("?").first()
    if relation is not None:
        services.remove_relation(relation=relation)


def _move(rng, documents, user):
    document = rng.choice(documents)
    steps = lifecycle.next_steps(document.status)
    if steps:
        enacted = [d for d in documents if d.status in ENACTED_STATUSES and d.pk != document.pk]
        services.move(
            document=document,
            user=user,
            target=rng.choice(steps).target,
            on=some_day(rng),
            related=rng.choice(enacted) if enacted else None,
        )


def _redate(rng, documents, user):
    document = rng.choice(documents)
    services.update_document(document=document, user=user, effective_from=some_day(rng))


CHANGES = [_relate, _relate, _relate, _unrelate, _move, _move, _redate]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_in_force_on_a_date_equals_following_the_graph_after_any_change(graph, orgs, legal, seed):
    rng = random.Random(seed)
    user = legal["vn"]
    law92, res130 = graph["law92"], graph["res130"]
    # Law 92/2025/QH15 takes over from Resolution 130/2020/QH14 on 2026-01-01.
    assert res130 in Document.objects.in_force_on(D(2025, 12, 31))
    assert res130 not in Document.objects.in_force_on(D(2026, 1, 1))
    assert law92 in Document.objects.in_force_on(D(2026, 1, 1))
    for _ in range(8):
        _new_document(rng, orgs, user)
    checked_days = [D(2025, 12, 31), D(2026, 1, 1), *(some_day(rng) for _ in range(4))]
    for _ in range(40):
        documents = list(Document.objects.all())
        try:
            rng.choice(CHANGES)(rng, documents, user)
        except ValidationError:
            continue  # refused (a cycle, a step the document does not allow): nothing changed
        for day in checked_days:
            found = set(Document.objects.in_force_on(day).values_list("pk", flat=True))
            assert found == in_force_by_hand(day), day
