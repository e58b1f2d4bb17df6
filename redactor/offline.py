"""Keep the redactor offline: nothing may be fetched from the network at import or run time.

tldextract (used by Presidio's e-mail recognizer) downloads the public suffix list on first use
unless told otherwise; if it is loaded in this process (the redactor itself imports neither Presidio's
analyzer nor tldextract), every extractor in use falls back to its bundled snapshot. Importing it
just to patch it would cost ~0.1 s of every CLI start.
"""

from __future__ import annotations

import os
import sys

_done = False


def ensure_offline() -> None:
    global _done
    if _done:
        return
    os.environ.setdefault("TLDEXTRACT_CACHE_TIMEOUT", "0")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if "tldextract" not in sys.modules:  # not loaded: nothing to patch (checked again next call)
        return
    try:
        import tldextract
        import tldextract.tldextract as tx

        offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        tx.TLD_EXTRACTOR = offline
        tldextract.extract = offline.__call__  # type: ignore[assignment]
        tx.extract = offline.__call__  # type: ignore[assignment]
    except ImportError:  # pragma: no cover - presidio always brings it
        pass
    _done = True
