"""Third-party data the tests read, carried in the repository (sources in README.md here).

Tests name these paths rather than building their own, so a test file can move between
folders without losing its data. ``regenerate.py`` rebuilds the data from the shared folder.
"""

from pathlib import Path

VENDOR = Path(__file__).resolve().parent
CLOCKIFY_SPEC = VENDOR / "clockify" / "clockify.openapi.json"
CLOCKIFY_FIXTURES = VENDOR / "clockify" / "fixtures"
CLICKTIME = VENDOR / "clicktime"
CLICKTIME_ENDPOINTS = CLICKTIME / "clicktime-v2-endpoints.derived.json"
CLICKTIME_MODELS = CLICKTIME / "clicktime-v2-me-models.derived.json"
CLICKTIME_FIXTURES = CLICKTIME / "fixtures"
