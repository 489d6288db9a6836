"""The demo school's two frameworks, written as CASE 1.1 packages so they load through the CASE importer.

Math: a grades 5–8 progression through fractions, ratios and proportional relationships, and expressions and
equations, with prerequisite (`precedes`) links following the Common Core progressions documents. Codes
and statements paraphrase the Common Core State Standards (public licence, NGA/CCSSO). Habits: four habits
of learning, each with learning targets, assessed on the same 1–4 scale as academics.
"""

from __future__ import annotations

import uuid
from typing import Any

NAMESPACE = uuid.UUID("6f0c3d0e-2d55-4d0e-9f5e-7c1b3f1a0a01")
LAST_CHANGE = "2026-08-01T00:00:00+00:00"

# (code, grade, statement, parent code or "", prerequisite codes)
MATH: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("NF", "05", "Number and Operations: Fractions", "", ()),
    (
        "5.NF.A.1",
        "05",
        "Add and subtract fractions with unlike denominators by replacing them with equivalent fractions.",
        "NF",
        (),
    ),
    ("5.NF.B.3", "05", "Interpret a fraction as division of the numerator by the denominator.", "NF", ()),
    ("5.NF.B.4", "05", "Multiply a fraction or whole number by a fraction.", "NF", ("5.NF.B.3",)),
    (
        "5.NF.B.7",
        "05",
        "Divide unit fractions by whole numbers and whole numbers by unit fractions.",
        "NF",
        ("5.NF.B.4",),
    ),
    (
        "6.NS.A.1",
        "06",
        "Divide fractions by fractions and solve word problems that involve it.",
        "NF",
        ("5.NF.B.7",),
    ),
    ("RP", "06", "Ratios and Proportional Relationships", "", ()),
    (
        "6.RP.A.1",
        "06",
        "Understand a ratio and use ratio language to describe a relationship between two quantities.",
        "RP",
        ("5.NF.B.3",),
    ),
    (
        "6.RP.A.2",
        "06",
        "Understand a unit rate a/b associated with a ratio a:b and use rate language.",
        "RP",
        ("6.RP.A.1",),
    ),
    (
        "6.RP.A.3a",
        "06",
        "Make tables of equivalent ratios and use them to compare ratios.",
        "RP",
        ("6.RP.A.1",),
    ),
    (
        "6.RP.A.3b",
        "06",
        "Solve unit rate problems, including unit pricing and constant speed.",
        "RP",
        ("6.RP.A.2", "6.RP.A.3a"),
    ),
    (
        "6.RP.A.3c",
        "06",
        "Find a percent of a quantity as a rate per 100; find the whole from a part and the percent.",
        "RP",
        ("6.RP.A.3b", "5.NF.B.4"),
    ),
    (
        "7.RP.A.1",
        "07",
        "Compute unit rates with ratios of fractions, including ratios of lengths and areas.",
        "RP",
        ("6.RP.A.3b", "6.NS.A.1"),
    ),
    (
        "7.RP.A.2",
        "07",
        "Recognize and represent proportional relationships between quantities.",
        "RP",
        ("7.RP.A.1",),
    ),
    (
        "7.RP.A.3",
        "07",
        "Use proportional relationships to solve multistep ratio and percent problems.",
        "RP",
        ("7.RP.A.2", "6.RP.A.3c"),
    ),
    ("EE", "06", "Expressions and Equations", "", ()),
    ("6.EE.A.2", "06", "Write, read and evaluate expressions in which letters stand for numbers.", "EE", ()),
    (
        "6.EE.A.3",
        "06",
        "Apply the properties of operations to generate equivalent expressions.",
        "EE",
        ("6.EE.A.2",),
    ),
    ("6.EE.B.7", "06", "Solve equations of the form x + p = q and px = q.", "EE", ("6.EE.A.3",)),
    (
        "7.EE.A.1",
        "07",
        "Add, subtract, factor and expand linear expressions with rational coefficients.",
        "EE",
        ("6.EE.A.3",),
    ),
    (
        "7.EE.B.4",
        "07",
        "Solve word problems leading to equations px + q = r and inequalities.",
        "EE",
        ("7.EE.A.1", "6.EE.B.7"),
    ),
    (
        "8.EE.B.5",
        "08",
        "Graph proportional relationships, interpreting the unit rate as the slope.",
        "EE",
        ("7.RP.A.2",),
    ),
    ("8.EE.C.7", "08", "Solve linear equations in one variable.", "EE", ("7.EE.B.4",)),
    (
        "8.EE.C.8",
        "08",
        "Analyze and solve pairs of simultaneous linear equations.",
        "EE",
        ("8.EE.C.7", "8.EE.B.5"),
    ),
]

HABITS: list[tuple[str, str, str, str, tuple[str, ...]]] = [
    ("HOL.P", "", "Persistence: I keep going when learning is hard.", "", ()),
    ("HOL.P.1", "", "I try more than one strategy before asking for help.", "HOL.P", ()),
    ("HOL.P.2", "", "I learn from mistakes and revise my work.", "HOL.P", ()),
    ("HOL.S", "", "Self-direction: I plan and manage my own learning.", "", ()),
    ("HOL.S.1", "", "I set a daily goal and check it at the end of the day.", "HOL.S", ()),
    ("HOL.S.2", "", "I choose my next step from my path and explain why.", "HOL.S", ("HOL.S.1",)),
    ("HOL.C", "", "Collaboration: I learn with and from others.", "", ()),
    ("HOL.C.1", "", "I listen to others' ideas and build on them.", "HOL.C", ()),
    ("HOL.C.2", "", "I give feedback that is kind, specific and helpful.", "HOL.C", ("HOL.C.1",)),
    ("HOL.R", "", "Reflection: I think about how I learn.", "", ()),
    ("HOL.R.1", "", "I describe what worked and what didn't today.", "HOL.R", ()),
    ("HOL.R.2", "", "I use my reflections to set my next goal.", "HOL.R", ("HOL.R.1",)),
]


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _package(
    key: str, title: str, subject: str, rows: list[tuple[str, str, str, str, tuple[str, ...]]], habit: bool
) -> dict[str, Any]:
    doc_id = _id(key)
    base = f"https://trellis.example.invalid/case/{key}"
    document = {
        "identifier": doc_id,
        "uri": f"{base}/{doc_id}",
        "creator": "Riverbend Unified School District (demo)",
        "title": title,
        "lastChangeDateTime": LAST_CHANGE,
        "version": "2026",
        "subject": [subject],
        "language": "en",
        "adoptionStatus": "Adopted",
    }
    items = []
    associations = []
    for n, (code, grade, statement, parent, prerequisites) in enumerate(rows, start=1):
        item_id = _id(key, code)
        grouping = parent == ""
        item_type = (
            ("Habit" if not parent else "Learning Target")
            if habit
            else ("Domain" if grouping else "Standard")
        )
        item: dict[str, Any] = {
            "identifier": item_id,
            "uri": f"{base}/{item_id}",
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": item_type,
            "lastChangeDateTime": LAST_CHANGE,
            "language": "en",
        }
        if grade:
            item["educationLevel"] = [grade]
        items.append(item)
        parent_id = _id(key, parent) if parent else doc_id
        parent_uri = f"{base}/{parent_id}"
        associations.append(
            {
                "identifier": _id(key, code, "isChildOf"),
                "uri": f"{base}/{_id(key, code, 'isChildOf')}",
                "associationType": "isChildOf",
                "originNodeURI": {"title": code, "identifier": item_id, "uri": f"{base}/{item_id}"},
                "destinationNodeURI": {"title": parent or title, "identifier": parent_id, "uri": parent_uri},
                "sequenceNumber": n,
                "lastChangeDateTime": LAST_CHANGE,
                "CFDocumentURI": {"title": title, "identifier": doc_id, "uri": document["uri"]},
            }
        )
        for before in prerequisites:
            before_id = _id(key, before)
            ident = _id(key, before, "precedes", code)
            associations.append(
                {
                    "identifier": ident,
                    "uri": f"{base}/{ident}",
                    "associationType": "precedes",
                    "originNodeURI": {"title": before, "identifier": before_id, "uri": f"{base}/{before_id}"},
                    "destinationNodeURI": {"title": code, "identifier": item_id, "uri": f"{base}/{item_id}"},
                    "lastChangeDateTime": LAST_CHANGE,
                    "CFDocumentURI": {"title": title, "identifier": doc_id, "uri": document["uri"]},
                }
            )
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def math_package() -> dict[str, Any]:
    return _package(
        "math-5-8", "Mathematics progression, grades 5–8 (demo)", "Mathematics", MATH, habit=False
    )


def habits_package() -> dict[str, Any]:
    return _package("habits", "Habits of learning (demo)", "Habits of learning", HABITS, habit=True)
