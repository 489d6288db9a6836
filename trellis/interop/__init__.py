"""Interoperability formats: pure-Python parsers and writers for external standards.

Nothing in this package imports Django or the rest of Trellis (an import-linter contract in
pyproject.toml enforces it), so each format can be tested, fuzzed and reused on its own. The
Django importers in ``trellis.apps`` turn the parsed records into models.

One subpackage per standard, for example ``trellis.interop.oneroster`` (the OneRoster 1.2 CSV
binding: rosters from a school's SIS) and ``trellis.interop.case`` (1EdTech CASE: competency
frameworks).
"""
