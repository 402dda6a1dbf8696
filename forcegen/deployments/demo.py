"""Demo missions: the UN missions file shipped with the app, quirks repaired."""

from .services import DATA_DIR, DEFAULT_CORRECTIONS, load_missions, read_rows

MISSIONS_FILE = DATA_DIR / "un_pko_missions_psdata_DPPADPOSS-PKO_2024-02-19.csv"


def seed(*, scale: int = 0) -> str:
    load = load_missions(
        rows=read_rows(MISSIONS_FILE.read_bytes()),
        corrections=read_rows(DEFAULT_CORRECTIONS.read_bytes()),
    )
    return f"missions created: {load.created}, updated: {load.updated}, unchanged: {load.unchanged}"
