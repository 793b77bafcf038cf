"""A progress bar on the terminal for the data set imports (nothing when not a terminal)."""

from __future__ import annotations

import time


class TerminalProgress:
    """``progress(done, total)``: redraws ``[#####.....] 45%`` at most ten times a second on a terminal."""

    WIDTH = 40

    def __init__(self, stream, what: str):
        self.stream = stream
        self.what = what
        self.shown = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.tty or not total:
            return
        now = time.monotonic()
        if done < total and now - self.shown < 0.1:
            return
        self.shown = now
        share = min(done / total, 1.0)
        bar = "#" * round(share * self.WIDTH)
        self.stream.write(f"\r[{bar:<{self.WIDTH}}] {share:4.0%} of the {self.what}", ending="")
        if done >= total:
            self.stream.write("")
        self.stream.flush()
