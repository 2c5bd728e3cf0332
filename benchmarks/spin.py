"""The host's own ceiling for ``--jobs 2``: pure-Python work in one process, then in two.

``python benchmarks/spin.py --jobs N [--tasks 200]`` runs `tasks` tasks of arithmetic (about
10 ms each on the machines these benchmarks were written on; the same work whatever the
machine) over `N` forked processes, handed out as ``docgen batch`` hands out sheets (eight at
a time, one at a time near the end), and prints its own time. It reads no file and writes
none, so nothing in it waits for a disk or a lock: what two processes gain over one here is
what this machine's two cores give (a virtual machine's cores may share a physical core, or a
host's clock may drop when both are busy). The benchmark runs it beside each ``docgen batch``
pair, and shows the batch's speed-up next to this one.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

#: Iterations of one task: some 10 ms of a Python loop, as long as a sheet of the batch.
ITERATIONS = 200_000


def work(count: int) -> int:
    """Return a sum over `count` tasks of arithmetic (the result keeps the loop from being idle)."""
    total = 0
    for _ in range(count):
        for i in range(ITERATIONS):
            total += i * i % 7
    return total


def chunks(tasks: int, jobs: int) -> list[int]:
    """Return how many tasks each hand-out takes: as ``docgen batch`` hands out sheets
    (:func:`generator.batch.task_size`), eight at a time, one at a time near the end, so that
    neither process is left alone with the last long hand-out."""
    from generator.batch import task_size

    out = []
    while tasks:
        size = task_size(tasks, jobs)
        out.append(size)
        tasks -= size
    return out


def run(jobs: int, tasks: int) -> float:
    """Run `tasks` tasks over `jobs` forked processes; return the seconds it took."""
    context = multiprocessing.get_context("fork")
    sizes = chunks(tasks, jobs)
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs, context) as pool:
        list(pool.map(work, sizes))
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Parse `argv`, run, print "spin: N tasks, --jobs J, in S s"; return 0."""
    parser = argparse.ArgumentParser(prog="benchmarks/spin.py", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--tasks", type=int, default=200, help="tasks of ~10 ms (default 200)")
    args = parser.parse_args(argv)
    seconds = run(max(1, args.jobs), max(1, args.tasks))
    print(f"spin: {args.tasks} tasks, --jobs {args.jobs}, in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
