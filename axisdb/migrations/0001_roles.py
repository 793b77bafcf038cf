"""The Editor and Reviewer groups, with exactly their permissions.

Editor: views, adds and changes every curated record, imports and exports CSV,
and removes participant and citation rows while editing an event or a claim.
Editors cannot publish, retract, restore or delete a record.

Reviewer: everything an editor does, plus publishing (and returning to draft),
retracting claims, restoring earlier versions, and deleting states, events,
relationships and sources (the admin still refuses while other records refer
to them), and viewing and cutting releases of the public data. Nobody in either group deletes a claim: claims are retracted.

Permissions are created here if they do not exist yet, so this works on a
fresh database (Django creates them only after all migrations have run).
Running it again resets both groups to exactly these permissions.
"""

from django.db import migrations

MODELS = {
    "events": {
        "state": "state",
        "event": "event",
        "eventparticipant": "event participant",
        "relationship": "relationship",
    },
    "sources": {"source": "source", "claim": "claim", "citation": "citation", "claimlink": "claim link"},
}

#: Models only reviewers touch: the releases of the public data (view them, cut one).
REVIEWED = {"releases": {"release": "release"}}

CUSTOM_NAMES = {
    "import": "Can import {plural} from CSV",
    "export": "Can export {plural} to CSV",
    "restore": "Can restore {plural} to an earlier version",
    "publish": "Can publish {plural}",
    "retract": "Can retract {plural}",
}

EDITOR = [
    *(
        f"{app}.{action}_{model}"
        for app, models in MODELS.items()
        for model in models
        for action in ("view", "add", "change", "import", "export")
    ),
    "events.delete_eventparticipant",
    "sources.delete_citation",
    "sources.delete_claimlink",
]
REVIEWER = [
    *EDITOR,
    *(f"{app}.restore_{model}" for app, models in MODELS.items() for model in models),
    "events.publish_event",
    "events.publish_relationship",
    "sources.publish_source",
    "sources.publish_claim",
    "sources.retract_claim",
    "events.delete_state",
    "events.delete_event",
    "events.delete_relationship",
    "sources.delete_source",
    "releases.view_release",
    "releases.add_release",
]
ROLES = {"Editor": EDITOR, "Reviewer": REVIEWER}


def _permission(apps, dotted):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = dotted.split(".")
    action, model = codename.split("_", 1)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verbose = {**MODELS, **REVIEWED}[app_label][model]
    default = f"Can {action} {verbose}"
    name = CUSTOM_NAMES[action].format(plural=verbose + "s") if action in CUSTOM_NAMES else default
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(apps, dotted) for dotted in permissions])


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_permissions"),
        ("sources", "0002_permissions"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
