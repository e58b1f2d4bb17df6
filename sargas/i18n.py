"""The languages Sargas speaks to people (organisation and user language, notices, the web UI, the
forms' labels): one list, one default. The redactor's analysis languages (``auto``, Estonian, ...) are
its own (``redactor.engine.LANGS``).
"""

from __future__ import annotations

LANGS = ("lt", "lv", "ru", "en")
DEFAULT_LANG = "en"

