"""``starlight COMMAND``: one entry point for the project's command-line tools.

Each command is the ``main(argv)`` of one module, imported only when it runs,
so ``starlight check-links`` does not load the claim checker's lexicons.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "check-claims": ("starlight.claims.check", "check every claim against its source"),
    "review": ("starlight.claims.review", "confirm claims against their lines, in the ledger"),
    "check-links": ("starlight.site.linkcheck", "internal links, anchors, raw files, remote loads"),
    "check-external": ("starlight.site.external", "the external links the sources mention"),
    "pdf": ("starlight.site.pdf", "build the PDF with XeLaTeX"),
    "audit": ("starlight.site.audit", "Lighthouse scores of every page"),
    "repro": ("starlight.site.repro", "two clean builds in two folders, compared"),
    "wordnet-tables": (
        "starlight.claims.wordnet_tables",
        "regenerate the claim checker's WordNet tables",
    ),
    "unit-table": ("starlight.claims.unit_table", "regenerate the claim checker's table of units"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    return "usage: starlight COMMAND [options]\n\ncommands:\n" + "".join(
        f"  {name:{width}}  {summary}\n" for name, (_, summary) in COMMANDS.items()
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(usage(), end="")
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"starlight: unknown command {name!r}\n{usage()}", end="", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    sys.argv[0] = f"starlight {name}"
    return module.main(rest)
