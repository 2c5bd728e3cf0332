"""Write batches of term sheets: variants of the seed with other names, party counts and toggles.

Used by the benchmark (``benchmarks/run.py``) and by the batch tests. Every variant is a valid
term sheet unless asked for a broken one; the same `seed_number` gives the same sheets.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SEED", "variant", "write_variants"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "variables" / "nhtc-2006.yaml"

_FIRST = ["Alex", "Maria", "Terry", "Jordan", "Priya", "Chen", "Olu", "Sam", "Ines", "Ravi"]
_LAST = ["Kim", "Ruiz", "Okafor", "Novak", "Haddad", "Larsen", "Mbeki", "Sato", "Weiss", "Dube"]
_PRONOUNS = ["he", "she", "they"]
_COMPANIES = ["Acme", "Beta", "Cobalt", "Delta", "Ember", "Fjord", "Garnet", "Helix"]
_STATES = ["Delaware", "New York", "Nevada", "California", "Texas"]


def _seed_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    return data


def variant(index: int, seed_number: int = 2006) -> dict[str, Any]:
    """Return the plain data of term sheet number `index`: the seed with names and terms varied."""
    rng = random.Random(seed_number * 100_003 + index)
    data = _seed_data()
    data["company"]["name"] = f"{rng.choice(_COMPANIES)} {index} Holdings Inc."
    data["company"]["jurisdiction"] = rng.choice(_STATES)
    data["company"]["signatory"]["name"] = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    parties = []
    for number in range(rng.randint(1, 4)):
        last = f"{rng.choice(_LAST)}{number + 1}"
        parties.append(
            {
                "name": f"{rng.choice(_FIRST)} Q. {last}",
                "short_name": last,
                "pronoun": rng.choice(_PRONOUNS),
            }
        )
    data["indemnitors"] = parties
    data.pop("related_agreement", None)
    data["effective_date"] = f"20{10 + index % 15:02d}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    terms = data["indemnification"]
    for group in ("conduct_carve_outs", "separate_counsel"):
        for key in terms[group]:
            terms[group][key] = rng.random() < 0.7
    terms["survival_years"] = rng.choice([1, 2, 3, 5, 7, "indefinite"])
    data["release"]["consideration"] = rng.choice([1, 10, 100, 2500])
    data["release"]["transaction_documents_carve_out"] = rng.random() < 0.5
    data["signatures"] = rng.choice(["conformed", "blank"])
    data["filed_wording"] = False
    return data


def write_variants(
    folder: str | Path,
    count: int,
    *,
    broken: tuple[int, ...] = (),
    seed_number: int = 2006,
) -> list[Path]:
    """Write `count` term sheets ``sheet-0001.yaml``... into `folder`; return their paths.

    The sheets numbered in `broken` get an invalid pronoun (``xe``) for their first party, so a
    batch over them has known failures.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        data = variant(index, seed_number)
        if index in broken:
            data["indemnitors"][0]["pronoun"] = "xe"
        path = out / f"sheet-{index:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths
