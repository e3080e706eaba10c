"""Entry point of ``disclosure-desk`` and ``python -m app``.

Decides between the headless command line and the window; Qt is imported only for the window.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Sequence

from app import __version__


def main(argv: Sequence[str] | None = None) -> int:
    # In the Windows bundle, a second process of ours (the packet's exports) starts as this
    # executable again: freeze_support runs it and exits, before anything else happens.
    multiprocessing.freeze_support()
    from app import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = cli.parse(argv)
    except cli.ArgumentError as exc:
        cli.report_error(exc, "--json" in argv)
        return cli.EXIT_INPUT
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    if args.version:
        print(f"disclosure-desk {__version__}")
        return cli.EXIT_OK
    if args.command is None:
        from app.ui.application import run_gui

        return run_gui(args)
    if args.demo or args.screenshot:
        cli.report_error(cli.ArgumentError("--demo and --screenshot open the window; they "
                                           "cannot be combined with a command."), args.json)
        return cli.EXIT_INPUT
    return cli.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
