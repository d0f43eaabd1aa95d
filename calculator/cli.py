"""The `handbook` command: one sub-command per job, each in its own module.

Every sub-command imports its module lazily, so `handbook check` never pays for
MkDocs and the browser never needs anything here.
"""

from __future__ import annotations

import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Escalation Handbook: check protocols, compute deadlines, build the site.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate protocol files (default: all in protocols/)")
    p.add_argument("paths", nargs="*", metavar="PATH")

    p = sub.add_parser("new", help="start a partnership from its procedure's PDF, Word or text file")
    p.add_argument("slug", metavar="SLUG", help="the new partnership's slug (its file name), kebab-case")
    p.add_argument("--source", metavar="FILE", required=True,
                   help="the procedure as a PDF (.pdf), Word (.docx) or text (.txt) file")
    p.add_argument("--protocols", metavar="DIR", help="folder of protocol files (default: protocols/)")

    p = sub.add_parser("list", help="list partnerships and their stages")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("deadline", help="deadlines for a reader at a stage")
    p.add_argument("slug", metavar="SLUG")
    p.add_argument("stage", metavar="STAGE_ID")
    p.add_argument("start", metavar="START_DATE", help="the day the stage began, YYYY-MM-DD")
    p.add_argument("--urgent", action="store_true", help="take the urgent branch where the protocol splits")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("build", help="build the static site")
    p.add_argument("--protocols", metavar="DIR", help="folder of protocol files (default: protocols/)")
    p.add_argument("--site-dir", metavar="DIR", help="where to write the site (default: site/)")

    p = sub.add_parser("serve", help="live preview: rebuild on every protocol or page edit")
    p.add_argument("--protocols", metavar="DIR")
    p.add_argument("--dev-addr", metavar="HOST:PORT", default="127.0.0.1:8000")

    p = sub.add_parser("server-config", help="web server settings for the built site, with its CSP")
    p.add_argument("server", choices=["nginx", "apache", "iis"])
    p.add_argument("--site-dir", metavar="DIR", help="the built site (default: site/)")

    p = sub.add_parser("diff", help="what changes between two versions of a protocol")
    p.add_argument("old", metavar="OLD", help="a file, or REV:PATH for a file at a git revision")
    p.add_argument("new", metavar="NEW", nargs="?", help="a file (default: the working copy of OLD's path)")
    p.add_argument("--start", metavar="DATE", help="reference start date for deadline effects")
    p.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            from . import check
            return check.main(args.paths)
        if args.command == "new":
            from . import new
            return new.main(args)
        if args.command in ("list", "deadline"):
            from . import commands
            return commands.main(args)
        if args.command in ("build", "serve"):
            from . import site
            return site.main(args)
        if args.command == "server-config":
            from . import server_config
            return server_config.main(args)
        if args.command == "diff":
            from . import diff
            return diff.main(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
