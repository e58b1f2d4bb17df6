"""Secret files appear complete or not at all: readers racing the first writer never see them empty.

Found when two uploads on a fresh data directory created the vault key at once and one read a
0-byte file (VaultError "must be 32 bytes", a 500 and a failed upload).
"""

from __future__ import annotations

import threading

from sargas.secretfile import write_secret


def test_concurrent_first_writers_and_readers_see_one_complete_secret(tmp_path):
    for trial in range(60):
        path = tmp_path / f"kek-{trial}"
        seen: list[bytes] = []
        created: list[bool] = []
        start = threading.Barrier(4)

        def go(n: int) -> None:
            start.wait()
            created.append(write_secret(path, bytes([65 + n]) * 44 + b"\n"))
            seen.append(path.read_bytes())

        threads = [threading.Thread(target=go, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert created.count(True) == 1, trial  # exactly one writer won
        assert len(set(seen)) == 1 and len(seen[0]) == 45, trial  # everyone read that one, whole
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
