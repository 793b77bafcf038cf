"""Reading an admin form's fields out of its HTML, the way a browser submits it.

``form_data(response)`` returns what submitting the page's main form unchanged
would POST: inputs, checked boxes, selected options, textareas, and the
inline management forms; the inlines' empty ``__prefix__`` templates are left
out. Tests change a few values and post it back.
"""

from html.parser import HTMLParser

_BUTTON_TYPES = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # > 0 while inside the wanted form
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._select_multiple = False
        self._select_options: list[tuple[str, bool]] = []
        self._textarea = None
        self._text: list[str] = []
        self._option_value = None

    def _inside(self):
        return self.depth > 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif self.form_id is None or attrs.get("id") == self.form_id:
                self.depth = 1
            return
        if not self._inside():
            return
        name = attrs.get("name")
        if tag == "input" and name and (attrs.get("type") or "text").lower() not in _BUTTON_TYPES:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
            else:
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_multiple, self._select_options = name, "multiple" in attrs, []
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._text = []
            self._select_options.append([attrs.get("value"), "selected" in attrs])
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None or (self._option_value is None and self._select):
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "option" and self._select and self._select_options:
            option = self._select_options[-1]
            if option[0] is None:
                option[0] = "".join(self._text).strip()
            self._option_value = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not self._select_multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self._add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None

    def _add(self, name, value):
        if "__prefix__" in name:
            return
        self.data.setdefault(name, []).append(value)


def form_data(response, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields of the page's form ``form_id`` (default: the admin's model form)."""
    html = response.content.decode()
    if form_id is None:
        opts = response.context["opts"]
        form_id = f"{opts.model_name}_form"
    parser = _FormParser(form_id)
    parser.feed(html)
    if not parser.data:
        raise AssertionError(f"No form #{form_id} with fields on the page.")
    return parser.data
