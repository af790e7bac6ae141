"""Peak memory of a chunked upload of a 256 MB video file against the sandbox.

    python benchmarks/media_memory.py [--megabytes 256]

The file is sparse (an MP4 header, then zeros) in a temporary directory and
goes through ``twitter_media_upload`` by path, which reads it chunk by chunk.
The baseline is this process's resident memory just before the call, after
the toolkit, its client and one small warm-up upload; the peak is the
process's high-water mark afterwards. Target: under 100 MB above baseline.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil
from _common import served_sandbox

import xkit

MB = 1024 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def sparse_video(folder: Path, size: int) -> Path:
    path = folder / "clip.mp4"
    with path.open("wb") as out:
        out.write(MP4_HEAD)
        out.truncate(size)
    return path


def peak_rss() -> int:
    """The process's high-water resident set, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=256)
    opts = parser.parse_args()
    with served_sandbox() as served, tempfile.TemporaryDirectory() as tmp:
        tk = xkit.Toolkit(
            access_token=served.user_token, base_url=served.url, timeout=120
        )
        warm = sparse_video(Path(tmp), 5 * MB)
        tk.call("twitter_media_upload", {"media": str(warm)})
        video = sparse_video(Path(tmp), opts.megabytes * MB)
        baseline = psutil.Process().memory_info().rss
        if peak_rss() > baseline + 10 * MB:
            print("note: the high-water mark was already above the baseline")
        started = time.perf_counter()
        result = tk.call("twitter_media_upload", {"media": str(video)})
        elapsed = time.perf_counter() - started
        above = (peak_rss() - baseline) / MB
        print(f"chunked upload of {opts.megabytes} MB in {elapsed:.1f} s")
        print(f"  media id {result['data'].get('id')}")
        print(
            f"  baseline RSS {baseline / MB:.0f} MB; peak {above:.0f} MB above it"
            " (target < 100 MB)"
        )


if __name__ == "__main__":
    main()
