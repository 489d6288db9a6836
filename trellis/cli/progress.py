"""A rich progress bar for long work (imports, rebuilds)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(description: str, *, enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """Yield a callback(step, done, total) that advances one bar; a no-op when not enabled."""
    if not enabled:
        yield lambda step, done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{description}: {step}", completed=done, total=total)

        yield advance
