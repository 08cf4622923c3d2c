"""``casenotes.report`` is ``casenotes.indicators.report`` (the report belongs with the tables it reads); this name
stays for the README, the notebook and existing scripts."""

import sys

from casenotes.indicators import report as _report

sys.modules[__name__] = _report
