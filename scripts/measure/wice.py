#!/usr/bin/env python3
"""The claim checker measured on WiCE: real Wikipedia sentences and the lines they cite.

WiCE (Kamoi et al., "WiCE: Real-World Entailment for Claims in Wikipedia",
EMNLP 2023; https://github.com/ryokamoi/wice; annotations ODC-BY, text CC
BY-SA and the Common Crawl terms) pairs sentences of Wikipedia with the
sentences of the articles they cite, labelled supported, partially supported
or not supported, and marks the words of partially supported sub-claims that
the article does not support. Nobody here wrote any of it. The dev split is the
one the checker is developed on (its thresholds were chosen there), so its
figures are development figures; the test split, which only checks the
developers do not see read, is the independent measure.

Two measures, on the **dev split only** (the test split is kept for checks the
developers do not see; ``--split test`` reads it from a WiCE checkout):

1. *Oracle-chunk claims*: each claim judged against the supporting sentences of
   each of its oracle chunks (WiCE's ``oracle_idx``; a not-supported claim, which
   has none, against its whole chunk), as if a wiki cited exactly those lines;
   the best chunk counts, as WiCE's authors take the best chunk's score. Reported:
   supported claims the hard tier passes, and that also carry no flag; partially
   supported and not supported claims that fail the hard tier or carry a flag.
2. *Unsupported tokens* (``data/non_supported_tokens``): a claim token counts as
   flagged when a flag or a hard finding covers it; precision, recall and F1
   against the annotated tokens, beside the word-overlap baseline (a token
   not among the cited lines' words).

Each claim is checked by :func:`starlight.claims.engine.verify_text`, with the
claim's article title allowed as the wiki allows its own title.

    python scripts/measure/wice.py                       # the kept dev split
    python scripts/measure/wice.py --sample 40 --seed 1  # a seeded sample
    python scripts/measure/wice.py --wice DIR --split test
    python scripts/measure/wice.py --wice DIR --convert  # rewrite the kept dev file

The kept file, ``data/wice-dev.json.gz``, holds only what the measures read:
each claim, its label, its title and its oracle chunks' supporting sentences,
and the token annotations with their supporting sentences.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from starlight.claims.check import write
from starlight.claims.engine import verify_text

KEPT = Path(__file__).with_name("data") / "wice-dev.json.gz"
GOALS = {
    "supported_hard_pass": 0.85,
    "supported_clean": 0.60,
    "unsupported_caught": 0.95,
    "token_f1": 0.70,
}
WORD = re.compile(r"\w+")


class UsageError(Exception):
    """Bad input: one line, ``path: what is wrong``."""


def _read_jsonl(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) of each line of a JSON Lines file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read ({' '.join(str(exc).split())})") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise UsageError(f"{path}:{number}: expected an object")
        rows.append((number, row))
    return rows


LABELS = ("supported", "partially_supported", "not_supported")


def from_checkout(root: Path, split: str) -> dict:
    """The two measures' data for *split*, read from a WiCE checkout."""
    chunks = root / "code_and_resources/entailment_inputs/oracle_chunks/claim" / f"{split}.jsonl"
    tokens = root / "data/non_supported_tokens" / f"{split}.jsonl"
    claims: dict[str, dict] = {}
    for number, row in _read_jsonl(chunks):
        try:
            meta = row["meta"]
            if "oracle_idx" in meta:
                index = meta["chunk_idx"]
                lines = [row["evidence"][index.index(n)] for n in meta["oracle_idx"] if n in index]
            else:
                lines = row["evidence"]
            if row["label"] not in LABELS:
                raise ValueError(f"unknown label {row['label']!r}")
            entry = claims.setdefault(
                meta["id"],
                {
                    "id": meta["id"],
                    "label": row["label"],
                    "claim": row["claim"],
                    "title": meta["claim_title"],
                    "chunks": [],
                },
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise UsageError(f"{chunks}:{number}: not a WiCE oracle-chunk row ({exc})") from None
        if lines and lines not in entry["chunks"]:
            entry["chunks"].append(lines)
    token_rows = []
    for number, row in _read_jsonl(tokens):
        try:
            token_rows.append(
                {
                    "id": row["meta"]["id"],
                    "claim": row["claim"],
                    "tokens": row["claim_tokens"],
                    "unsupported": row["non_supported_spans"],
                    "title": row["meta"]["claim_title"],
                    "lines": sorted(
                        {row["evidence"][n] for group in row["supporting_sentences"] for n in group}
                    ),
                }
            )
        except (KeyError, TypeError, IndexError) as exc:
            raise UsageError(f"{tokens}:{number}: not a WiCE token row ({exc})") from None
    return {
        "split": split,
        "claims": [c for c in claims.values() if c["chunks"]],
        "tokens": token_rows,
    }


def load(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: cannot read ({' '.join(str(exc).split())})") from None


@dataclass
class Outcome:
    hard: bool  # the hard tier rejects it
    flags: int
    spans: list[tuple[int, int]]


def judge(claim: str, lines: list[str], title: str) -> Outcome:
    findings, flags = verify_text(claim, lines, (title,) if title else ())
    spans = [(f.start, f.end) for f in flags]
    for finding in findings:  # "name 'Diego' not found", "number 2019 not found"
        named = re.search(r"(?:name '([^']+)'|number (\S+)) ", finding.message)
        if named:
            word = named.group(1) or named.group(2)
            spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", claim)]
    return Outcome(bool(findings), len(flags), spans)


def best(claim: dict) -> Outcome:
    """The claim's verdict on its most favourable chunk: passing the hard tier first,
    then fewest flags."""
    outcomes = [judge(claim["claim"], lines, claim["title"]) for lines in claim["chunks"]]
    return min(outcomes, key=lambda o: (o.hard, o.flags))


def measure_claims(claims: list[dict]) -> dict:
    counts = {label: {"claims": 0, "hard": 0, "flagged": 0, "clean": 0} for label in LABELS}
    for claim in claims:
        outcome = best(claim)
        row = counts[claim["label"]]
        row["claims"] += 1
        row["hard"] += outcome.hard
        row["flagged"] += (not outcome.hard) and outcome.flags > 0
        row["clean"] += (not outcome.hard) and outcome.flags == 0
    supported = counts["supported"]
    others = [counts["partially_supported"], counts["not_supported"]]
    total = sum(r["claims"] for r in others)
    return {
        "counts": counts,
        "supported_hard_pass": 1 - supported["hard"] / max(1, supported["claims"]),
        "supported_clean": supported["clean"] / max(1, supported["claims"]),
        "unsupported_caught": sum(r["hard"] + r["flagged"] for r in others) / max(1, total),
    }


def _offsets(claim: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Where each WiCE token is in the claim's text (``None`` when it cannot be found)."""
    found: list[tuple[int, int] | None] = []
    cursor = 0
    for token in tokens:
        at = claim.find(token, cursor)
        if at < 0 and token in ("``", "''"):
            at = claim.find('"', cursor)
            token = '"'
        if at < 0:
            found.append(None)
            continue
        found.append((at, at + len(token)))
        cursor = at + len(token)
    return found


def measure_tokens(rows: list[dict]) -> dict:
    scores = {"checker": [0, 0, 0], "word overlap": [0, 0, 0]}  # tp, fp, fn
    for row in rows:
        outcome = judge(row["claim"], row["lines"], row["title"])
        words = {w.lower() for line in row["lines"] for w in WORD.findall(line)}
        for token, place, gold in zip(
            row["tokens"], _offsets(row["claim"], row["tokens"]), row["unsupported"], strict=True
        ):
            if not WORD.search(token):
                predictions = {"checker": False, "word overlap": False}
            else:
                covered = place is not None and any(
                    start < place[1] and place[0] < end for start, end in outcome.spans
                )
                predictions = {"checker": covered, "word overlap": token.lower() not in words}
            for name, predicted in predictions.items():
                tp_fp_fn = scores[name]
                tp_fp_fn[0] += predicted and gold
                tp_fp_fn[1] += predicted and not gold
                tp_fp_fn[2] += gold and not predicted
    result = {}
    for name, (tp, fp, fn) in scores.items():
        precision = tp / max(1, tp + fp)
        recall = tp / max(1, tp + fn)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        result[name] = {"precision": precision, "recall": recall, "f1": f1}
    return result


def report(data: dict, claims: dict, tokens: dict, seconds: float) -> str:
    counts = claims["counts"]
    out = [
        f"WiCE {data['split']} split: {sum(r['claims'] for r in counts.values())} oracle-chunk "
        f"claims, {len(data['tokens'])} token-annotated sub-claims ({seconds:.0f} s)",
        "",
        f"{'label':<21} {'claims':>6} {'hard tier fails':>15} {'flagged':>8} {'clean':>6}",
    ]
    for label, row in counts.items():
        out.append(
            f"{label:<21} {row['claims']:>6} {row['hard']:>15} {row['flagged']:>8} "
            f"{row['clean']:>6}"
        )
    out += [
        "",
        f"{'measure':<58} {'now':>6} {'goal':>6}",
        _goal_row(
            "supported claims the hard tier passes",
            claims["supported_hard_pass"],
            GOALS["supported_hard_pass"],
        ),
        _goal_row(
            "supported claims with no finding and no flag",
            claims["supported_clean"],
            GOALS["supported_clean"],
        ),
        _goal_row(
            "partially and not supported claims failed or flagged",
            claims["unsupported_caught"],
            GOALS["unsupported_caught"],
        ),
    ]
    for name, score in tokens.items():
        out.append(
            f"unsupported tokens, {name}: precision {score['precision']:.2f}, recall "
            f"{score['recall']:.2f}, F1 {score['f1']:.2f}"
            + (f" (goal {GOALS['token_f1']:.2f})" if name == "checker" else "")
        )
    return "\n".join(out) + "\n"


def _goal_row(name: str, value: float, goal: float) -> str:
    return f"{name:<58} {value:>6.0%} {goal:>6.0%}  {'met' if value >= goal else 'not met'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wice", type=Path, help="a WiCE checkout (default: the kept dev file)")
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument(
        "--convert",
        action="store_true",
        help=f"write the dev split of --wice into {KEPT.name} and stop",
    )
    parser.add_argument(
        "--sample",
        type=int,
        help="measure a seeded sample of this many claims (and as many token rows)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    try:
        if args.convert or args.split == "test":
            if args.wice is None:
                raise UsageError(
                    f"--split {args.split} and --convert read a WiCE checkout: pass --wice DIR"
                )
        if args.sample is not None and args.sample < 1:
            raise UsageError(f"--sample: must be at least 1, not {args.sample}")
        if args.json is not None and not args.json.parent.is_dir():
            raise UsageError(f"{args.json}: no folder {args.json.parent} to write it in")
        if args.convert:
            data = from_checkout(args.wice, "dev")
            partial = KEPT.with_suffix(".tmp")
            with gzip.open(partial, "wt", encoding="utf-8", compresslevel=9) as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            partial.replace(KEPT)  # all of it or nothing
            print(f"{KEPT}: {len(data['claims'])} claims, {len(data['tokens'])} token rows")
            return 0
        data = from_checkout(args.wice, args.split) if args.wice else load(KEPT)
        if not data["claims"] or not data["tokens"]:
            raise UsageError(
                f"{args.wice or KEPT}: no claims to measure in the {data['split']} split"
            )
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.sample:
        rng = random.Random(args.seed)
        data = {
            **data,
            "claims": rng.sample(data["claims"], min(args.sample, len(data["claims"]))),
            "tokens": rng.sample(data["tokens"], min(args.sample, len(data["tokens"]))),
        }
    started = time.perf_counter()
    claims = measure_claims(data["claims"])
    tokens = measure_tokens(data["tokens"])
    sys.stdout.write(report(data, claims, tokens, time.perf_counter() - started))
    if args.json:
        write(json.dumps({"claims": claims, "tokens": tokens}, indent=1) + "\n", str(args.json))
    return 0


if __name__ == "__main__":
    sys.exit(main())
