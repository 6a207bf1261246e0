"""The register of processing activities (GDPR art. 30) is complete because it is
checked against the schema: every table holding personal data is named by a
processing an area declares, and every declaration says all that article 30 asks."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import Table

import civic.models  # noqa: F401  (every table on the metadata)
from civic import privacy
from civic.models.base import Base

# Columns that hold or point at a person by their name alone (a keyed hash of an e-mail
# or IP address is pseudonymous, still personal data).
PERSONAL_COLUMN = re.compile(
    r"(^|_)(email|family_name|given_names|birth_date|address|identity_key|ip_hash|gender"
    r"|age_band|device|pseudonym|key_hash)($|_)"
)
# Tables whose rows are a person (or a person's seat), so a row pointing at one is personal.
PEOPLE_TABLES = {"users", "council_members", "council_applications"}


def holds_personal_data(table: Table) -> bool:
    for column in table.columns:
        if PERSONAL_COLUMN.search(column.name):
            return True
        if any(fk.column.table.name in PEOPLE_TABLES for fk in column.foreign_keys):
            return True
    return table.name in PEOPLE_TABLES


def test_every_table_holding_personal_data_is_declared_by_a_processing(app: Flask) -> None:
    declared = {t for p in privacy.registered(app) for t in p.tables}
    personal = {t.name for t in Base.metadata.sorted_tables if holds_personal_data(t)}
    assert personal - declared == set(), "declare them in the area's privacy.py"


def test_the_check_sees_personal_tables() -> None:
    tables = Base.metadata.tables
    assert holds_personal_data(tables["signatures"])
    assert holds_personal_data(tables["council_member_votes"])
    assert not holds_personal_data(tables["budget_headings"])


def test_declared_tables_exist(app: Flask) -> None:
    declared = {t for p in privacy.registered(app) for t in p.tables}
    assert declared - set(Base.metadata.tables) == set()


def test_every_processing_says_what_article_30_asks(app: Flask) -> None:
    processings = privacy.registered(app)
    assert processings
    for p in processings:
        for value in (p.name, p.purpose, p.legal_basis):
            assert str(value).strip(), p.key
        assert p.data and p.people and p.recipients and p.retention and p.tables, p.key


def test_every_page_named_for_a_notice_is_a_page_of_the_site(app: Flask) -> None:
    pages = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or set())}
    named = {page for p in privacy.registered(app) for page in p.pages}
    assert named - pages == set()


def test_a_processing_cannot_be_declared_twice(app: Flask) -> None:
    first = privacy.registered(app)[0]
    try:
        privacy.register(app, [first])
    except ValueError as error:
        assert first.key in str(error)
    else:
        raise AssertionError("a second declaration was accepted")
