"""Streaming DECP reader: layouts, broken files, bounded memory (no database)."""

import io
import json
import tracemalloc

import pytest

from markets.decp.reader import DecpFileError, check_readable, iter_records
from tests.fixtures import DECP_EXAMPLES

EXPECTED_EXAMPLES = {
    "concessions.json": {"marche": 0, "concession": 2},
    "concessions_avec_modifications.json": {"marche": 0, "concession": 2},
    "marches_avec_modifications.json": {"marche": 2, "concession": 0},
    "marches_concessions.json": {"marche": 2, "concession": 2},
}


def write(tmp_path, content, name="decp.json"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def count(records):
    counts = {"marche": 0, "concession": 0}
    for kind, _raw in records:
        counts[kind] += 1
    return counts


def test_examples_are_all_present():
    assert sorted(p.name for p in DECP_EXAMPLES.glob("*.json")) == sorted(EXPECTED_EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_official_examples_are_read(name):
    path = DECP_EXAMPLES / name
    records = list(iter_records(path))
    assert count(records) == EXPECTED_EXAMPLES[name]
    assert all(isinstance(raw, dict) and raw["id"] for _kind, raw in records)
    assert check_readable(path) == EXPECTED_EXAMPLES[name]
    assert check_readable(str(path)) == EXPECTED_EXAMPLES[name]


def test_official_example_numbers_are_decimals_not_floats():
    records = list(iter_records(DECP_EXAMPLES / "concessions.json"))
    from decimal import Decimal

    assert records[0][1]["valeurGlobale"] == Decimal("10.3")
    assert isinstance(records[0][1]["valeurGlobale"], Decimal)


def test_schema2_keys_in_any_order_and_kinds(tmp_path):
    path = write(
        tmp_path,
        {"marches": {"marche": [{"id": "M1"}, {"id": "M2"}], "contrat-concession": [{"id": "C1"}]}},
    )
    assert list(iter_records(path)) == [
        ("marche", {"id": "M1"}),
        ("marche", {"id": "M2"}),
        ("concession", {"id": "C1"}),
    ]


def test_schema2_only_concessions(tmp_path):
    path = write(tmp_path, {"marches": {"contrat-concession": [{"id": "C1"}]}})
    assert list(iter_records(path)) == [("concession", {"id": "C1"})]


def test_empty_arrays_are_valid(tmp_path):
    path = write(tmp_path, {"marches": {"marche": []}})
    assert list(iter_records(path)) == []
    assert check_readable(path) == {"marche": 0, "concession": 0}


def test_schema1_flat_layout_uses_type(tmp_path):
    path = write(
        tmp_path,
        {
            "marches": [
                {"_type": "Marché", "id": "M1"},
                {"_type": "Contrat de concession", "id": "C1"},
                {"id": "M2"},
            ]
        },
    )
    assert [(kind, raw["id"]) for kind, raw in iter_records(path)] == [
        ("marche", "M1"),
        ("concession", "C1"),
        ("marche", "M2"),
    ]
    assert check_readable(path) == {"marche": 2, "concession": 1}


def test_nested_structures_are_built_whole(tmp_path):
    record = {
        "id": "M1",
        "titulaires": [{"titulaire": {"id": "1", "typeIdentifiant": "SIRET"}}],
        "modifications": [{"modification": {"id": 1, "titulaires": [[{"id": "x"}]]}}],
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
    }
    path = write(tmp_path, {"marches": {"marche": [record]}})
    assert list(iter_records(path)) == [("marche", record)]


def test_accepts_binary_file_object_and_utf8_bom():
    data = "\ufeff" + json.dumps({"marches": {"marche": [{"id": "é1"}]}}, ensure_ascii=False)
    stream = io.BytesIO(data.encode("utf-8"))
    assert list(iter_records(stream)) == [("marche", {"id": "é1"})]
    assert not stream.closed


def test_scalar_item_is_passed_through_for_the_normaliser_to_reject(tmp_path):
    path = write(tmp_path, {"marches": {"marche": ["oups", {"id": "M1"}]}})
    assert list(iter_records(path)) == [("marche", "oups"), ("marche", {"id": "M1"})]


@pytest.mark.parametrize(
    "content",
    [b"", b"this is not json", b"<html><body>Erreur 500</body></html>", b"\xff\xfe\x00garbage"],
    ids=["empty", "text", "html", "binary"],
)
def test_not_json_raises(tmp_path, content):
    path = write(tmp_path, content)
    with pytest.raises(DecpFileError, match="^Le fichier n'est pas un JSON lisible"):
        list(iter_records(path))
    with pytest.raises(DecpFileError, match="^Le fichier n'est pas un JSON lisible"):
        check_readable(path)


@pytest.mark.parametrize(
    "content",
    [
        [{"id": "M1"}],
        {"data": []},
        {"marches": {"autre": [{"id": "M1"}]}},
        {"marches": "rien"},
        {"marches": {"marche": {"id": "M1"}}},
        "chaine",
        42,
    ],
    ids=["top-array", "other-key", "other-sub-key", "string-marches", "object-not-array", "string", "number"],
)
def test_wrong_top_level_raises(tmp_path, content):
    path = write(tmp_path, json.dumps(content))
    expected = "^Le fichier ne contient ni « marches.marche » ni « marches.contrat-concession »."
    with pytest.raises(DecpFileError, match=expected):
        list(iter_records(path))
    with pytest.raises(DecpFileError, match=expected):
        check_readable(path)


def test_missing_file_raises(tmp_path):
    with pytest.raises(DecpFileError, match="ne peut pas être ouvert"):
        check_readable(tmp_path / "absent.json")


def test_truncated_file_is_caught_by_check_readable_before_anything_is_yielded(tmp_path):
    full = json.dumps({"marches": {"marche": [{"id": f"M{i}", "objet": "x" * 50} for i in range(100)]}})
    path = write(tmp_path, full[: len(full) * 2 // 3])
    with pytest.raises(DecpFileError, match="tronqué"):
        check_readable(path)
    # iter_records only finds out at the end: records come first, hence check_readable
    got = []
    with pytest.raises(DecpFileError):
        for item in iter_records(path):
            got.append(item)
    assert len(got) > 50


def test_garbage_in_the_middle_is_caught_by_check_readable(tmp_path):
    records = ",".join(json.dumps({"id": f"M{i}"}) for i in range(20))
    path = write(tmp_path, '{"marches": {"marche": [' + records + ', {"id": oups}]}}')
    with pytest.raises(DecpFileError, match="^Le fichier n'est pas un JSON lisible"):
        check_readable(path)


def _write_big_file(path, n):
    record = {
        "acheteur": {"id": "21750001630040"},
        "nature": "Marché",
        "objet": "Travaux de rénovation énergétique du groupe scolaire " * 3,
        "codeCPV": "45000000-7",
        "procedure": "Appel d'offres ouvert",
        "lieuExecution": {"code": "75001", "typeCode": "Code postal"},
        "dureeMois": 24,
        "dateNotification": "2024-05-15",
        "montant": 575000.5,
        "titulaires": [{"titulaire": {"id": "55204599900869", "typeIdentifiant": "SIRET"}}],
        "considerationsSociales": {"considerationSociale": ["Clause sociale"]},
    }
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"marches": {"marche": [')
        for i in range(n):
            if i:
                fh.write(",")
            fh.write(json.dumps({"id": f"M{i:06d}", **record}, ensure_ascii=False))
        fh.write("]}}")


def test_memory_stays_bounded_on_a_large_file(tmp_path):
    from markets.decp.normalise import normalise

    path = tmp_path / "big.json"
    n = 50_000
    _write_big_file(path, n)
    assert path.stat().st_size > 25_000_000  # the file itself is bigger than the memory budget

    tracemalloc.start()
    try:
        seen = 0
        for kind, raw in iter_records(path):
            if seen % 10 == 0:  # normalising too proves nothing is retained, every 10th keeps it quick
                assert normalise(kind, raw).uid == raw["id"]
            seen += 1
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == n
    assert peak < 30 * 1024 * 1024, f"pic mémoire {peak / 1e6:.1f} Mo"
