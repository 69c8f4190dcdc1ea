"""Assessments read straight from the driver's rows, without the ORM.

Why: a read through an ORM session costs about 0.5 ms of CPU for a few rows (session,
compiled-statement cache lookup, identity map, one instrumented object per row), several
times what the database needs to find them. The hot reads (the answer turn's context,
which project a typed command means) select the assessment's columns on the driver's
cursor (domain/direct_sql.py) and build the model from them here, converted by
SQLAlchemy's own converters for the database at hand, so the values (and the object) are
the ones the ORM would have given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlalchemy.orm.instrumentation import manager_of_class

from domain.models import Assessment

ASSESSMENT_TABLE: sa.Table = Assessment.__table__  # type: ignore[attr-defined]
ASSESSMENT_COLUMNS = tuple(c.name for c in ASSESSMENT_TABLE.columns)
WIDTH = len(ASSESSMENT_COLUMNS)  # a row's first WIDTH values are the assessment's
_MANAGER = manager_of_class(Assessment)

Converter = Callable[[Any], Any] | None


@dataclass(frozen=True)
class Converters:
    """How to turn raw values into Python ones, for one database kind."""

    assessment: tuple[Converter, ...]  # one per assessment column
    when: Converter  # DateTime(timezone=True)
    flag: Converter  # Boolean


def _converter(type_: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Converter:
    return type_.dialect_impl(dialect).result_processor(dialect, None)


_CONVERTERS: dict[str, Converters] = {}


def converters(dialect: sa.Dialect) -> Converters:
    """Built once per database kind: building them costs more than a query."""
    found = _CONVERTERS.get(dialect.name)
    if found is None:
        found = Converters(
            tuple(_converter(c.type, dialect) for c in ASSESSMENT_TABLE.columns),
            _converter(sa.DateTime(timezone=True), dialect),
            _converter(sa.Boolean(), dialect),
        )
        _CONVERTERS[dialect.name] = found
    return found


def convert(value: Any, converter: Converter) -> Any:
    """One raw value as SQLAlchemy would return it."""
    return value if converter is None or value is None else converter(value)


_configured = False


def _configure() -> None:
    """The ORM sets its mappers up on first use; this may be that first use (a `chat`
    whose first turn is a typed command), and detaching needs them."""
    global _configured
    configure_mappers()
    _configured = True


def assessment_from_row(row: Sequence[Any], found: Converters) -> Assessment:
    """The assessment in the first WIDTH values of a row selected with ASSESSMENT_TABLE.

    Built as the ORM builds what it loads (a new instance with SQLAlchemy's state, its
    values in `__dict__`, then detached with its identity), but without a session or
    validating values that come from the database: callers may change it (`deadline`)
    or hand it to a session, as they can with an assessment the ORM loaded.
    """
    if not _configured:
        _configure()
    assessment = _MANAGER.new_instance()
    assessment.__dict__.update(
        {
            name: convert(row[index], found.assessment[index])
            for index, name in enumerate(ASSESSMENT_COLUMNS)
        }
    )
    make_transient_to_detached(assessment)
    return assessment
