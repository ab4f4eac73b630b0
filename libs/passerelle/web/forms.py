"""From an HTML form (flat, dotted names) to the nested body the API models validate."""

from __future__ import annotations

from starlette.datastructures import FormData


def nested(form: FormData, *, lists: frozenset[str] = frozenset()) -> dict:
    """`beneficiary.last_name=X` → {"beneficiary": {"last_name": "X"}}; empty fields are left out;
    names in `lists` keep every value (checkboxes)."""
    body: dict = {}
    for name in form:
        value = form.getlist(name) if name in lists else form.get(name)
        if value in ("", None):
            continue
        node = body
        *parents, leaf = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return body


def flat(form: FormData, *, lists: frozenset[str] = frozenset()) -> dict:
    """The submitted values, to refill the form next to its errors (lists for checkboxes)."""
    return {name: form.getlist(name) if name in lists else form.get(name) for name in form}
