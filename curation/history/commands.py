"""Who changed what from the command line: manage.py runs each command in a history context."""

import contextlib
import getpass
import os

# Servers: each request gets its own context from HistoryMiddleware instead.
SERVER_COMMANDS = frozenset({"runserver", "testserver"})


def command_context(argv: list[str]) -> contextlib.AbstractContextManager:
    """A pghistory context naming the command (``shell``, ``import_fixtures``...) and the OS user.

    Every change made during the command (a shell session included) is then
    attributed in the records' history; a service called from it still adds
    the user it was given.
    """
    command = argv[1] if len(argv) > 1 else ""
    if not command or command.startswith("-") or command in SERVER_COMMANDS:
        return contextlib.nullcontext()
    import pghistory

    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return pghistory.context(command=command, os_user=os_user)
