"""Command line: `python -m forcegen.planner solve INSTANCE.json [--time-limit S] [--greedy]`.

Prints the plan as JSON on stdout. Bad input exits with code 2 and one line on stderr that
names the field, slot or person at fault.
"""

import argparse
import json
import sys
from collections.abc import Sequence

from .instance import InstanceError, load_instance
from .plan import plan_to_dict, solve

BAD_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        instance = load_instance(_read_json(args.instance))
    except InstanceError as error:
        return _fail(f"{args.instance}: {error}")
    except OSError as error:
        return _fail(f"{args.instance}: cannot read the file: {error.strerror}")
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
        return _fail(f"{args.instance}: not valid JSON: {error}")
    plan = solve(instance, time_limit=args.time_limit, method="greedy" if args.greedy else "cp-sat")
    json.dump(plan_to_dict(plan), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m forcegen.planner", description="Rotation planner: fill slots from a pool."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_command = commands.add_parser("solve", help="plan an instance and print the plan as JSON")
    solve_command.add_argument("instance", help="instance JSON file, or - for standard input")
    solve_command.add_argument(
        "--time-limit",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="wall-clock limit for the solver (default 10)",
    )
    solve_command.add_argument(
        "--greedy", action="store_true", help="use the greedy baseline instead of CP-SAT"
    )
    return parser


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text!r}")
    return seconds


def _read_json(path: str) -> object:
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return BAD_INPUT
