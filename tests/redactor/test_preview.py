"""Text preview of redacted office files, mail and archives (what the consultant sees when no page
renderer exists): it shows the redacted text and nothing of the original values."""

from __future__ import annotations

import office_docs as od
import pytest

from redactor import redact
from redactor.preview import text_preview


@pytest.mark.parametrize("build", [lambda: od.docx(image=False), od.xlsx, od.odt, od.rtf, od.csv_file,
                                   lambda: od.eml(attachments=False)])
def test_preview_shows_redacted_text(build) -> None:
    out = redact(build()).data
    view = text_preview(out)
    assert view is not None and od.KEEP in view and "[EMAIL]" in view
    for v in od.values("split", "cell", "plain", "header"):
        assert v not in view


def test_preview_of_archive_lists_members_and_none_for_images() -> None:
    data = od.zip_bytes({"a.txt": od.txt_file(), "b.csv": od.csv_file()})
    view = text_preview(redact(data).data)
    assert view is not None and "a.txt" in view and "b.csv" in view
    assert text_preview(od.image_png("x")) is None
    assert text_preview(b"\x00\x01 junk") is None
