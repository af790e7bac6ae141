"""Peak memory of a chunked upload of a 256 MB video file against the sandbox.

    python benchmarks/media_memory.py [--megabytes 256] [--async]

The file is sparse (an MP4 header, then zeros) in a temporary directory and
goes through ``twitter_media_upload`` by path, which reads it chunk by chunk.
The baseline is this process's resident memory just before the call, after
the toolkit, its client and one small warm-up upload; the peak is the
process's high-water mark afterwards. On Linux the high-water mark is reset
just before the call (``/proc/self/clear_refs``), so the warm-up cannot hide
a smaller peak; elsewhere it is the lifetime ``ru_maxrss``. The sandbox runs
in its own process and is not counted. Most of the run time is the sandbox's
simulated processing (2 s plus 1 s per 8 MB), waited out in real time.
Target: under 100 MB above baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def reset_peak() -> bool:
    """Reset the kernel's high-water mark (Linux); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss() -> int:
    """The process's high-water resident set, in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=256)
    parser.add_argument("--async", dest="use_async", action="store_true")
    opts = parser.parse_args()
    with served_sandbox() as served, tempfile.TemporaryDirectory() as tmp:
        tk = xkit.Toolkit(
            access_token=served.user_token, base_url=served.url, timeout=120
        )
        loop = asyncio.new_event_loop()  # one loop for the async client's life

        def upload(path: Path) -> dict[str, Any]:
            args = {"media": str(path)}
            if opts.use_async:
                return loop.run_until_complete(tk.acall("twitter_media_upload", args))
            return tk.call("twitter_media_upload", args)

        upload(sparse_video(Path(tmp), 5 * MB))  # warm-up, same mode
        video = sparse_video(Path(tmp), opts.megabytes * MB)
        baseline = psutil.Process().memory_info().rss
        if not reset_peak() and peak_rss() > baseline + 10 * MB:
            print("note: the high-water mark was already above the baseline")
        started = time.perf_counter()
        result = upload(video)
        elapsed = time.perf_counter() - started
        above = (peak_rss() - baseline) / MB
        loop.run_until_complete(tk.aclose())
        loop.close()
        mode = "async" if opts.use_async else "sync"
        print(f"{mode} chunked upload of {opts.megabytes} MB in {elapsed:.1f} s")
        print(f"  media id {result['data'].get('id')}")
        print(
            f"  baseline RSS {baseline / MB:.0f} MB; peak {above:.0f} MB above it"
            " (target < 100 MB)"
        )


if __name__ == "__main__":
    main()
