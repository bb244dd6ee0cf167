"""Write generated practice records as JSON lines: ``python -m searchcraft.practice.corpus``.

Example::

    $ python -m searchcraft.practice.corpus --count 1000000 --output records.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import BUNDLED_SIZE, DEFAULT_SEED, generate_records


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m searchcraft.practice.corpus",
                                     description="Stream practice records as JSON lines.")
    parser.add_argument("--count", type=int, default=BUNDLED_SIZE, help="number of records")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--output", default="-", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for record in generate_records(args.count, args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
