"""The `handbook` command: one sub-command per job, each in its own module.

Every sub-command imports its module lazily, so `handbook check` never pays for
MkDocs and the browser never needs anything here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any, NoReturn


class _Parser(argparse.ArgumentParser):
    """Bad arguments get one line and exit 2, as every other bad input does,
    not the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


#: Every command that reads or writes protocol files takes --protocols DIR; the
#: default is chosen by `places.protocols_folder`, and a command that takes it
#: says which folder it used, in one line on stderr.
PROTOCOLS_HELP = "folder of protocol files (default: ./protocols where there is one, else the handbook's own)"


def _protocols_option(p: argparse.ArgumentParser, help: str = PROTOCOLS_HELP) -> None:
    p.add_argument("--protocols", metavar="DIR", help=help)


def _check_arguments(sub: Any) -> None:
    p = sub.add_parser("check", help="validate protocol files (default: every one in the protocols folder)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check (default: the protocols folder)")
    _protocols_option(p, PROTOCOLS_HELP + "; checked when no PATH is given")


def _new_arguments(sub: Any) -> None:
    p = sub.add_parser("new", help="start a partnership from its procedure's PDF, Word or text file")
    p.add_argument("slug", metavar="SLUG", help="the new partnership's slug (its file name), kebab-case")
    p.add_argument(
        "--source",
        metavar="FILE",
        required=True,
        help="the procedure as a PDF (.pdf), Word (.docx) or text (.txt) file",
    )
    _protocols_option(
        p, "folder to write the files into (default: ./protocols where there is one, else the handbook's own)"
    )


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date; expected YYYY-MM-DD") from None


def _revise_arguments(sub: Any) -> None:
    p = sub.add_parser("revise", help="start a partnership's next edition from its revised document")
    p.add_argument("slug", metavar="SLUG", help="the partnership (its file name)")
    p.add_argument(
        "--source",
        metavar="FILE",
        required=True,
        help="the revised procedure as a PDF (.pdf), Word (.docx) or text (.txt) file",
    )
    p.add_argument(
        "--from", dest="in_force_from", metavar="YYYY-MM-DD", required=True, type=_day, help="the day it takes effect"
    )
    _protocols_option(p)


def _list_arguments(sub: Any) -> None:
    p = sub.add_parser("list", help="list partnerships and their stages")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _protocols_option(p)


_DEADLINE_DESCRIPTION = (
    "The answer for a reader at STAGE_ID of partnership SLUG whose stage began on\n"
    "START_DATE. Every deadline is counted from the event its source names: the day\n"
    "a stage began (event stage-<ID>, ID as in `handbook list`; START_DATE is\n"
    "stage-<STAGE_ID>) or one of the protocol's own events. A deadline whose event\n"
    'has no date has none (`"due": null`, `"needs": EVENT` in the JSON): it is\n'
    "never counted from another day. Where a stage branches, no route is taken\n"
    "until --urgent or --not-urgent says which; `branches` lists every route."
)
_DEADLINE_EPILOG = (
    "example:\n"
    "  handbook deadline safeguarding-children-partnership 2 2026-12-24 \\\n"
    "      --date stage-1=2026-12-21 --json\n\n"
    "Bad input (unknown partnership, stage or event; a malformed date; a date\n"
    "outside the calendar) exits 2 with one line on stderr."
)


def _deadline_arguments(sub: Any) -> None:
    p = sub.add_parser(
        "deadline",
        help="deadlines for a reader at a stage",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_DEADLINE_DESCRIPTION,
        epilog=_DEADLINE_EPILOG,
    )
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("stage", metavar="STAGE_ID")
    p.add_argument("start", metavar="START_DATE", help="the day the stage began, YYYY-MM-DD")
    p.add_argument(
        "--date",
        action="append",
        default=[],
        metavar="EVENT=YYYY-MM-DD",
        help="the date of another event the reader knows, e.g. stage-1=2026-12-21 "
        "(repeat for each; events are listed in the error for an unknown one)",
    )
    route = p.add_mutually_exclusive_group()
    route.add_argument(
        "--urgent",
        dest="urgent",
        action="store_const",
        const=True,
        default=None,
        help="the disagreement is urgent: take the urgent route where the procedure branches",
    )
    route.add_argument(
        "--not-urgent",
        dest="urgent",
        action="store_const",
        const=False,
        help="the disagreement is not urgent: take the non-urgent route",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help="the date to compare deadlines with (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _protocols_option(p)


def _site_arguments(sub: Any) -> None:
    p = sub.add_parser("build", help="build the static site")
    _protocols_option(p)
    p.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: ./site)")

    p = sub.add_parser("serve", help="live preview: rebuild on every protocol or page edit")
    _protocols_option(p)
    p.add_argument("--dev-addr", metavar="HOST:PORT", default="127.0.0.1:8000")

    p = sub.add_parser("server-config", help="web server settings for the built site, with its CSP")
    p.add_argument("server", choices=["nginx", "apache", "iis"])
    p.add_argument("--site-dir", metavar="DIR", help="the built site (default: ./site)")


def _diff_arguments(sub: Any) -> None:
    p = sub.add_parser("diff", help="what changes between two versions of a protocol")
    p.add_argument(
        "old",
        metavar="OLD",
        help="a file (whatever its name), a folder of them, or REV:PATH for a file at a git revision",
    )
    p.add_argument("new", metavar="NEW", nargs="?", help="a file or a folder (default: the working copy of REV:PATH)")
    p.add_argument("--start", metavar="DATE", help="reference start date for deadline effects")
    p.add_argument("--json", action="store_true")


def _record_arguments(sub: Any) -> None:
    p = sub.add_parser("record", help="record what changed in each partnership's file for readers (What's new, feeds)")
    p.add_argument("slugs", metavar="SLUG", nargs="*", help="partnerships to record (default: every one)")
    _protocols_option(p)
    p.add_argument("--today", metavar="DATE", help="the day of the record (default: today)")


def build_parser() -> argparse.ArgumentParser:
    """The `handbook` command's arguments, one sub-command per job."""
    parser = _Parser(
        prog="handbook",
        description="Escalation Handbook: check protocols, compute deadlines, build the site.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for arguments in (
        _check_arguments,
        _new_arguments,
        _revise_arguments,
        _list_arguments,
        _deadline_arguments,
        _site_arguments,
        _diff_arguments,
        _record_arguments,
    ):
        arguments(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check" and args.paths and args.protocols:
        parser.exit(2, "handbook check: give PATHs or --protocols DIR, not both\n")
    try:
        if args.command == "check":
            from . import check

            return check.main(args.paths, protocols=args.protocols)
        if args.command == "new":
            from . import new

            return new.main(args)
        if args.command == "revise":
            from . import revise

            return revise.main(args)
        if args.command in ("list", "deadline"):
            from . import commands

            return commands.main(args)
        if args.command == "build":
            from .site import build

            return build.main(args)
        if args.command == "serve":
            from .site import preview

            return preview.main(args)
        if args.command == "server-config":
            from .site import server_config

            return server_config.main(args)
        if args.command == "diff":
            from .diff import command

            return command.main(args)
        if args.command == "record":
            from .history import record

            return record.main(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
