#!/usr/bin/env python3
"""Alternating A/B timing of whole commands, for figures on a machine others share.

Runs each command once per round, in turn, so slow and quiet minutes hit every command alike
(hyperfine runs one command's rounds back to back, and load that changes in between favours
one side). Each run is `sh -c COMMAND`; wall time from this process, CPU time (user + sys) from
the children's rusage, so it counts what the command starts too (the qmail-queue stand-in).

usage: bench/ab.py [--rounds N] [--warmup W] COMMAND...
e.g.   bench/ab.py --rounds 30 \\
         'exec /tmp/old/vigil queue --control /tmp/c 1</tmp/env </tmp/m' \\
         'exec artifacts/vigil/vigil queue --control /tmp/c 1</tmp/env </tmp/m'
"""
import argparse
import resource
import statistics
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()

    wall = {c: [] for c in args.commands}
    cpu = {c: [] for c in args.commands}
    for round_number in range(args.warmup + args.rounds):
        for command in args.commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_number >= args.warmup:
                wall[command].append(elapsed * 1e3)
                cpu[command].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3)

    print(f"{'wall median':>11} {'least':>7} {'cpu median':>10} {'least':>7}  command")
    for command in args.commands:
        print(f"{statistics.median(wall[command]):11.1f} {min(wall[command]):7.1f} "
              f"{statistics.median(cpu[command]):10.1f} {min(cpu[command]):7.1f}  {command}")


if __name__ == "__main__":
    main()
