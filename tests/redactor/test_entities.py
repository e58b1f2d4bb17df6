"""The entity catalogue (redactor/entities.py) is the one list of entity types: every recognizer's
entities are in it, detected, with a data category and a notice label in every language; the analyzer,
the notices and the forms' category map are derived from it."""

from __future__ import annotations

from forms.fields import ENTITY_CATEGORY, VOCABS
from intake_api.notices import ENTITY_LABELS
from redactor import analyzer
from redactor.entities import BY_CODE, CATALOGUE, DETECTED
from redactor.recognizers import all_recognizers
from sargas.i18n import LANGS


def test_every_recognizer_entity_is_catalogued_and_detected():
    produced = {e for r in all_recognizers() for e in r.supported_entities}
    assert produced, "no recognizers found"
    assert produced <= set(DETECTED), sorted(produced - set(DETECTED))
    assert set(DETECTED) <= produced, sorted(set(DETECTED) - produced)  # nothing asked for that none finds


def test_detected_entities_have_a_category_and_every_label():
    for code in DETECTED:
        e = BY_CODE[code]
        assert e.category in VOCABS["data_categories"], code
        assert e.labels is not None and set(e.labels) == set(LANGS) and all(e.labels.values()), code


def test_consumers_are_derived_from_the_catalogue():
    assert len({e.code for e in CATALOGUE}) == len(CATALOGUE)
    assert analyzer.ENTITIES == DETECTED
    assert ENTITY_LABELS == {e.code: e.labels for e in CATALOGUE if e.labels}
    assert ENTITY_CATEGORY == {e.code: e.category for e in CATALOGUE if e.category}
