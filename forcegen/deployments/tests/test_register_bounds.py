"""Register filters bound their ids at the edge: an id no database stores is a 422, not a 500."""


def test_ids_beyond_what_a_database_stores_are_refused(cast, api, db):
    client = api(cast["vn_admin"])
    too_big = 2**63 + 10
    assert client.get(f"/api/v1/deployments/?person={too_big}").status_code == 422
    assert client.get(f"/api/v1/rotations/?unit={too_big}").status_code == 422
