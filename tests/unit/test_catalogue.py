"""Reporting's one registry of indicators and breakdowns (services/reporting/domain/catalogue.py)."""

from __future__ import annotations

from reporting.domain.catalogue import BREAKDOWNS, INDICATORS, SECTIONS, Unit


def test_every_indicator_is_in_one_section_once_with_its_label_and_definition():
    assert [i.name for section in SECTIONS.values() for i in section] == list(INDICATORS)
    assert all(i.label and i.definition for i in INDICATORS.values())


def test_relations_name_only_indicators_and_every_ratio_has_a_basis():
    related = {name for i in INDICATORS.values() for name in (i.basis, i.numerator, *i.part_of) if name}
    related |= {whole for b in BREAKDOWNS.values() for whole in b.adds_up_to}
    assert related <= set(INDICATORS)
    assert all(i.basis for i in INDICATORS.values() if i.unit is not Unit.COUNT)
    assert all(INDICATORS[i.basis].is_count for i in INDICATORS.values() if i.basis)
