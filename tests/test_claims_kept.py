"""starlight.claims.kept: a decoded table is reused by later processes of the same
installation, and decoded again when the code or packages change or the file is bad."""

from __future__ import annotations

import pickle

import pytest

from starlight.claims import kept as kept_module
from starlight.claims.kept import kept


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_module, "folder", lambda: tmp_path / "cache")
    monkeypatch.setattr(kept_module, "code_digest", lambda: "a" * 64)
    return tmp_path / "cache"


def decoder(table):
    calls = []

    def decode():
        calls.append(1)
        return table
    return decode, calls


def test_a_kept_table_is_read_instead_of_decoded(store):
    decode, calls = decoder({"films": "film"})
    assert kept("lemmas", decode) == {"films": "film"} and calls == [1]
    [path] = store.iterdir()
    path.write_bytes(pickle.dumps({"films": "kept"}))  # what a later process finds
    assert kept("lemmas", decode) == {"films": "kept"} and calls == [1]


def test_another_version_of_the_code_or_packages_decodes_afresh(store, monkeypatch):
    kept("lemmas", decoder({"films": "old"})[0])
    monkeypatch.setattr(kept_module, "code_digest", lambda: "b" * 64)
    decode, calls = decoder({"films": "new"})
    assert kept("lemmas", decode) == {"films": "new"} and calls == [1]
    assert [p.name for p in store.iterdir()] == ["lemmas-bbbbbbbbbbbbbbbb.pickle"]


def test_a_damaged_file_is_decoded_again_and_replaced(store):
    kept("lemmas", decoder({"films": "film"})[0])
    [path] = store.iterdir()
    path.write_bytes(b"\x80\x05 not a whole pickle")
    decode, calls = decoder({"films": "film"})
    assert kept("lemmas", decode) == {"films": "film"} and calls == [1]
    assert pickle.loads(path.read_bytes()) == {"films": "film"}


def test_where_nothing_can_be_written_every_call_decodes(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setattr(kept_module, "folder", lambda: blocked / "cache")
    decode, calls = decoder({"films": "film"})
    assert kept("lemmas", decode) == kept("lemmas", decode) == {"films": "film"}
    assert calls == [1, 1]
