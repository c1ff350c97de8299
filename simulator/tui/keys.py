"""Key bindings whose footer labels follow the UI language.

Textual reads a binding's description once, from the class; Parley's bindings carry an i18n
key as their description instead, and `localize` swaps in the words of the current language
on each node's own copy of the bindings.
"""

from __future__ import annotations

import dataclasses

from textual.binding import Binding
from textual.dom import DOMNode

from simulator.i18n import STRINGS, t
from simulator.model import Lang


def localize(node: DOMNode, lang: Lang) -> None:
    """Rewrite `node`'s binding descriptions that are i18n keys into `lang`."""
    # _bindings is the per-instance copy Textual makes of the class bindings; the declared
    # ones (descriptions still i18n keys) are kept aside so the language can change again.
    table = node._bindings.key_to_bindings
    declared: dict[str, list[Binding]] = node.__dict__.setdefault(
        "_parley_declared_bindings", {key: list(value) for key, value in table.items()}
    )
    for key, bindings in declared.items():
        table[key] = [
            dataclasses.replace(b, description=t(b.description, lang))
            if b.description in STRINGS
            else b
            for b in bindings
        ]
    node.refresh_bindings()
