"""Moved to ``casenotes.evaluation.report``; this name stays so existing imports keep working."""

from casenotes.evaluation.report import (  # noqa: F401
    CHART_NAME,
    COMPARE_NAME,
    MAX_IDS,
    REPORT_NAME,
    RESULT_NAME,
    f1_chart,
    render_compare,
    render_markdown,
    write_report,
)
