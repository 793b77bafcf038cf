"""A recorded change in words: what was done ("Restored version 3", "Published") and how.

Each change carries the pghistory context it was made in: the request's user
and URL, the management command and OS user, and what a service added
(``action``, ``reason``, ``restored_version``, ``import_file``...).
"""

LABELS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}
ACTIONS = {"publish": "Published", "return to draft": "Returned to draft"}


def describe(label: str, context: dict) -> str:
    """What the change did: "Restored version 3", "Published", "Imported from events.csv", "Changed"."""
    action = context.get("action")
    if action == "restore":
        if context.get("restored_deleted"):
            return "Restored after its deletion"
        number = context.get("restored_version")
        return f"Restored version {number}" if number else "Restored an earlier version"
    if action == "retract":
        reason = context.get("reason")
        return f"Retracted: {reason}" if reason else "Retracted"
    if action in ACTIONS:
        return ACTIONS[action]
    if context.get("import_run") or context.get("import_file"):
        verb = "Deleted by an import" if label == "delete" else "Imported"
        # A folder import (a command) is one context for all its files: it names no single file.
        return verb if context.get("command") else f"{verb} from {context.get('import_file', 'a CSV file')}"
    return LABELS.get(label, label)


def origin(context: dict) -> str:
    """How it was made: "in the admin", "by manage.py shell (OS user ana)", or that nothing says."""
    command = context.get("command")
    if command:
        os_user = context.get("os_user")
        return f"by manage.py {command}" + (f" (OS user {os_user})" if os_user else "")
    url = context.get("url") or ""
    if url.startswith("/api/"):
        return "through the API"
    if url:
        return "in the admin"
    return "by a script or database session (no context recorded)"
