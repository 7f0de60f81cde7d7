"""Text: an English message that the Qt views can show translated — plain Python, no Qt.

The plain modules (the catalogue, the spec, the training engine) never import Qt, yet what they say reaches
the user: a shape error, a validation message. They write it as

    Text("catalog", "{name} needs a flat input but receives {shape}").format(name="Linear", shape="(1, 28)")

A Text *is* the English string (a ``str``: tests, logs and the command line read it as they always did), and
it remembers its context, its template and its values, so that ``mtorch_gui.i18n.ui_text`` can look the
template up in the Qt translation and fill in the values (translated too when they are Texts).
``pyside6-lupdate`` collects these templates because ``resources/update_translations.py`` tells it that
``Text`` marks text for translation, as Qt's ``QT_TRANSLATE_NOOP(context, text)`` does.
"""

from __future__ import annotations


class Text(str):
    """English text with what a translator needs: ``context``, ``template`` and the ``values`` to fill in."""

    context: str
    template: str
    values: dict

    def __new__(cls, context: str, template: str, values: dict | None = None):
        self = super().__new__(cls, template.format(**values) if values else template)
        self.context, self.template, self.values = context, template, dict(values or {})
        return self

    def format(self, **values) -> Text:
        """The template with ``values`` filled in, still translatable (``str.format`` would forget it)."""
        return Text(self.context, self.template, values)

    def __reduce__(self):          # copy, deepcopy and pickle keep the template
        return Text, (self.context, self.template, self.values)
