"""What the apps plug into the shared machinery, registered explicitly.

The ground floor (``curation``) names no app. Each app registers its own
classes in its ``AppConfig.ready()``: never names in strings, never a model
looked up by label. Django makes the apps ready in the order of
``INSTALLED_APPS``, so an app registers after the apps it builds on (``events``
before ``sources``), and the fixture files end up in dependency order.

- **Fixture files**: the import/export resources of the CSV fixture files, in
  dependency order (each file refers only to files registered before it).
  ``import_fixtures`` and ``export_fixtures`` walk them.
- **Public models**: the models whose rows readers can see, each with the SQL
  condition under which a row of it is visible (``visible_when``; by default a
  publishable row when published, any other row always). Their triggers move the
  public data's version (``curation.public_version``: the API's ETag,
  Last-Modified and response cache).
- **Admin contributions**: inlines and list columns that one app adds to the
  admin of another app's model (the claims shown on an event's page).
- **API contributions**: fields that one app adds to another app's
  representation, with what they read (an event's claim counts).
- **Answers as of a moment** (``?as_of=``, ``curation.history.as_of``): the moment a
  release number names (the releases app), and the SQL that derives again, on the tables
  rebuilt from the history, the columns triggers keep (the sources app: origins).
- **Import checks**: rules across files that no single row can check (a claim's
  citations, in a later file, decide whether it may be corroborated), run when an
  import's files are all written, inside its transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FollowUp:
    """A second save button on a record's form: save it, then go on to ``url(request, record)``.

    ``allowed(request)`` says whether the user may do what follows (add a claim...).
    """

    label: str
    allowed: Callable[[Any], bool]
    url: Callable[[Any, Any], str]


@dataclass(frozen=True)
class AdminContribution:
    """What an app adds to the admin of a model it does not own.

    ``inlines`` are appended to the model admin's inlines; ``columns`` (callables
    taking the record, decorated with ``admin.display``) to its list display;
    ``prepare_page`` is called with the records of one changelist page (a list)
    before they are shown, to fetch what the columns read in one query;
    ``follow_ups`` are save buttons that go on to the next piece of work
    ("Save and add a claim about it").
    """

    inlines: tuple[type, ...] = ()
    columns: tuple[Callable[[Any], Any], ...] = ()
    prepare_page: Callable[[list], None] | None = None
    follow_ups: tuple[FollowUp, ...] = ()


@dataclass(frozen=True)
class ApiContribution:
    """What an app adds to a representation it does not own.

    ``fields`` maps names to serializer fields (appended after the serializer's
    own, in this order); ``prepare`` takes the queryset the representation is
    made from and returns it with what the fields read (annotations, prefetches).
    ``json_sql`` gives the same fields in SQL (``curation.api.json_sql.SqlJson``) for the
    table's row and the request's links; without it the representation is serialized in Python.
    """

    fields: dict[str, Callable[[], Any]] = field(default_factory=dict)
    prepare: Callable[[Any], Any] | None = None
    json_sql: Callable[[str, Any], Any] | None = None


class Registry:
    def __init__(self):
        self._fixture_resources: list[type] = []
        self._public_models: list[type] = []
        self._visible_when: dict[type, str] = {}
        self._admin: dict[type, list[AdminContribution]] = defaultdict(list)
        self._api: dict[type, list[ApiContribution]] = defaultdict(list)
        self._change_finder: Callable[[type, Any], Any] | None = None
        self._sorts: dict[type, dict[str, Callable[[Any], Any]]] = defaultdict(dict)
        self._import_checks: list[Callable[[dict], list]] = []
        self._release_moment: Callable[[str], Any] | None = None
        self._as_of_derivations: list[str] = []

    # --- fixture files ------------------------------------------------------

    def register_fixture_files(self, *resource_classes: type) -> None:
        """Add resources, in dependency order, after those already registered."""
        for resource_class in resource_classes:
            if resource_class not in self._fixture_resources:
                self._fixture_resources.append(resource_class)

    def fixture_resources(self) -> tuple[type, ...]:
        return tuple(self._fixture_resources)

    # --- import checks ------------------------------------------------------

    def register_import_check(self, check: Callable[[dict], list]) -> None:
        """``check(rows)`` gets ``{resource class: {key: row number}}`` of the files just imported and
        returns ``(resource class or None, Problem)`` pairs, each placed on the row it names."""
        if check not in self._import_checks:
            self._import_checks.append(check)

    def import_checks(self) -> tuple[Callable[[dict], list], ...]:
        return tuple(self._import_checks)

    # --- public models ------------------------------------------------------

    def register_public_models(self, *models: type, visible_when: dict[type, str] | None = None) -> None:
        """``visible_when`` maps a model to the SQL condition on its row ``r`` under which readers see it."""
        for model in models:
            if model not in self._public_models:
                self._public_models.append(model)
        self._visible_when.update(visible_when or {})

    def public_visibility(self, model: type) -> str | None:
        return self._visible_when.get(model)

    def public_models(self) -> tuple[type, ...]:
        return tuple(self._public_models)

    # --- sort orders ---------------------------------------------------------

    def contribute_sort(self, model: type, name: str, annotate: Callable[[Any], Any]) -> None:
        """A sort order of ``model``'s API list by ``name``, a value ``annotate(queryset)`` adds to each row."""
        self._sorts[model][name] = annotate

    def sorts(self, model: type) -> dict[str, Callable[[Any], Any]]:
        return dict(self._sorts.get(model, {}))

    def prepare_sort(self, model: type, queryset, ordering) -> Any:
        """``queryset`` with the values the contributed sort orders in ``ordering`` (``["-claim_count"]``) read."""
        sorts = self.sorts(model)
        for item in ordering or ():
            name = item.lstrip("-")
            if name in sorts:
                queryset = sorts[name](queryset)
        return queryset

    # --- answers as of a past moment (curation.history.as_of) ----------------

    def register_release_moment(self, lookup: Callable[[str], Any]) -> None:
        """``lookup(version)``: the moment of the data of the finished release ``version``, or None."""
        self._release_moment = lookup

    def release_moment(self, version: str) -> Any:
        return None if self._release_moment is None else self._release_moment(version)

    def register_as_of_derivation(self, *statements: str) -> None:
        """SQL run on the tables rebuilt as of a moment (``%(moment)s`` in it), after they are filled: it
        derives again the columns the history does not record (kept by triggers on the live tables)."""
        for statement in statements:
            if statement not in self._as_of_derivations:
                self._as_of_derivations.append(statement)

    def as_of_derivations(self) -> tuple[str, ...]:
        return tuple(self._as_of_derivations)

    # --- changes ------------------------------------------------------------

    def register_change_finder(self, finder: Callable[..., Any]) -> None:
        """``finder(model, since, until=None)``: pks of the public records of ``model`` changed after ``since``
        (and up to ``until``, when the answer is as of that moment)."""
        self._change_finder = finder

    def changed_since(self, model: type, since, until=None) -> Any:
        if self._change_finder is None:
            raise LookupError("No app registered a change finder (the changes app is not installed).")
        return self._change_finder(model, since, until=until)

    # --- contributions ------------------------------------------------------

    def contribute_to_admin(self, model: type, contribution: AdminContribution) -> None:
        self._admin[model].append(contribution)

    def admin_contributions(self, model: type) -> tuple[AdminContribution, ...]:
        return tuple(self._admin.get(model, ()))

    def contribute_to_api(self, serializer_class: type, contribution: ApiContribution) -> None:
        self._api[serializer_class].append(contribution)

    def api_contributions(self, serializer_class: type) -> tuple[ApiContribution, ...]:
        contributions: list[ApiContribution] = []
        for klass in reversed(serializer_class.__mro__):
            contributions.extend(self._api.get(klass, ()))
        return tuple(contributions)

    def api_fields(self, serializer_class: type) -> Iterable[tuple[str, Any]]:
        """``(name, new field)`` for every field contributed to ``serializer_class``."""
        for contribution in self.api_contributions(serializer_class):
            for name, make_field in contribution.fields.items():
                yield name, make_field()


#: The one registry.
registry = Registry()
