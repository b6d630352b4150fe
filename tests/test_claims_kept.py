"""starlight.claims.kept: a decoded table is reused by later processes of the same
virtual env, and decoded again when what it is made from changes or the file is bad;
the lexicons decoded through it are simplemma's own."""

from __future__ import annotations

import pickle

import pytest

from starlight.claims import kept as kept_module
from starlight.claims.kept import kept


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_module, "folder", lambda: tmp_path / "cache")
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


def test_a_decoder_with_a_comprehension_is_reused_by_the_next_process(tmp_path):
    """A comprehension is a code object of its own, whose repr holds its address in one
    process: the key must not, or every process decodes again (WordNet's 1.4 s)."""
    import subprocess
    import sys

    script = f"""
from pathlib import Path
from starlight.claims import kept
kept.folder = lambda: Path({str(tmp_path / "cache")!r})
def decode():
    print("decoded")
    return [n * 2 for n in range(3)]
assert kept.kept("numbers", decode) == [0, 2, 4]
"""
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [run.stdout for run in runs] == ["decoded\n", ""]


def test_another_version_of_what_it_is_made_from_decodes_afresh(store):
    kept("lemmas", decoder({"films": "old"})[0], "simplemma 1.0")
    decode, calls = decoder({"films": "new"})
    assert kept("lemmas", decode, "simplemma 2.0") == {"films": "new"} and calls == [1]
    assert len(list(store.iterdir())) == 1  # the other version's file is gone
    other, other_calls = decoder({"films": "other code"})
    assert kept("lemmas", lambda: other(), "simplemma 2.0") == {"films": "other code"}
    assert other_calls == [1]  # another decoding function is another table


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


def test_outside_a_virtual_env_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_module.sys, "base_prefix", kept_module.sys.prefix)
    decode, calls = decoder({"films": "film"})
    assert kept("lemmas", decode) == kept("lemmas", decode) and calls == [1, 1]


def test_the_lexicon_lemmatises_as_simplemma_does():
    """lexicon.py runs simplemma's default strategy on kept dictionaries; the
    lemmas and the known words must be simplemma's own."""
    import simplemma

    from starlight.claims import lexicon

    words = list(lexicon._tags())[::40] + ["films", "directed", "Tunes", "astronauts", "Seoul"]
    assert [lexicon._LEMMATIZER.lemmatize(w.lower(), "en") for w in words] == [
        simplemma.lemmatize(w.lower(), lang="en") for w in words
    ]
    assert [lexicon._is_known(w) for w in words] == [
        simplemma.is_known(w, lang="en") for w in words
    ]
