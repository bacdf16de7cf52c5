"""Measure what the labs worker adds on top of an LLM provider, on loopback only.

A fake OpenAI-compatible provider (``labs_worker.testing``) and the worker
(``python -m labs_worker``) each run in their own process on 127.0.0.1. The
script then measures:

1. **Overhead**: for streamed replies of 50 chunks, the median and p90 time
   to first token (TTFT) and total time, asked of the provider directly and
   through the worker, and the worker/direct ratio — once with chunks sent
   back to back, once with 2 ms between them (a fast real model).
2. **Capacity**: how many reply streams one worker process holds open at
   once (each lasting about 4 s), and the worker's resident memory (RSS) at
   that load, for rising numbers of concurrent streams.

Every loop is bounded and every address is 127.0.0.1. Timings are ratios from
one run on this machine, not pass/fail thresholds.

Usage: python bench/worker_overhead.py [--requests 40] [--streams 100,250,500,1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAB_CHAT = "/v1/labs/lab-1/chat"


@contextmanager
def process(args: list[str], env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """Run a server process that prints its URL as the last word of its first line."""
    proc = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{args} did not start")
        yield line.split()[-1], proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # still draining streams: stop it hard
            proc.kill()
            proc.wait(timeout=15)


def serve_fake_upstream() -> None:
    """Child-process mode: serve the fake provider and print its URL."""
    from labs_worker.testing import create_fake_upstream, serve_in_thread

    with serve_in_thread(create_fake_upstream()) as url:
        print(f"fake upstream on {url}", flush=True)
        while True:
            time.sleep(3600)


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Timing:
    ttft: float
    total: float


async def time_stream(client: httpx.AsyncClient, url: str, body: dict[str, object]) -> Timing:
    """Seconds to the first content line and to the end of one streamed reply."""
    started = time.perf_counter()
    first = 0.0
    async with client.stream("POST", url, json=body) as response:
        response.raise_for_status()
        async for line in response.aiter_lines():
            if not first and ('"content"' in line or '"delta"' in line):
                first = time.perf_counter() - started
    return Timing(first, time.perf_counter() - started)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


async def overhead(upstream: str, worker: str, model: str, requests: int) -> list[str]:
    """Table rows comparing direct and through-the-worker timings for ``model``."""
    direct_body = {"model": model, "stream": True,
                   "messages": [{"role": "user", "content": "hello"}]}
    direct: list[Timing] = []
    via: list[Timing] = []
    async with httpx.AsyncClient(timeout=30) as client:
        for n in range(requests + 3):  # 3 warm-up rounds, then alternate fairly
            d = await time_stream(client, f"{upstream}/v1/chat/completions", direct_body)
            w = await time_stream(client, f"{worker}{LAB_CHAT}",
                                  {"messages": [{"role": "user", "content": f"hello {n}"}]})
            if n >= 3:
                direct.append(d)
                via.append(w)
    rows = []
    for name, pick in (("TTFT", lambda t: t.ttft), ("total", lambda t: t.total)):
        d_med = statistics.median(map(pick, direct))
        w_med = statistics.median(map(pick, via))
        rows.append(
            f"| {model} | {name} | {d_med * 1000:7.2f} | {p90(list(map(pick, direct))) * 1000:7.2f}"
            f" | {w_med * 1000:7.2f} | {p90(list(map(pick, via))) * 1000:7.2f}"
            f" | {w_med / d_med:5.2f}x |"
        )
    return rows


async def hold_streams(worker: str, pid: int, count: int) -> tuple[int, int, float, float]:
    """Open ``count`` streams at once; return (streaming, failed, peak RSS, seconds to open)."""
    limits = httpx.Limits(max_connections=count + 10, max_keepalive_connections=0)
    first_delta = asyncio.Event()
    opened = 0
    failed = 0
    all_open = asyncio.Event()
    peak = rss_mib(pid)

    async def one(n: int) -> None:
        nonlocal opened, failed
        body = {"messages": [{"role": "user", "content": f"stream {n}"}]}
        try:
            async with client.stream("POST", f"{worker}{LAB_CHAT}", json=body) as response:
                if response.status_code != 200:
                    failed += 1
                    return
                async for line in response.aiter_lines():
                    if line.startswith("data: ") and '"delta"' in line:
                        opened += 1
                        first_delta.set()
                        break
                if opened + failed >= count:
                    all_open.set()
                await all_open.wait()  # keep the stream open until every one is
        except httpx.HTTPError:
            failed += 1
        finally:
            if opened + failed >= count:
                all_open.set()

    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        tasks = [asyncio.create_task(one(n)) for n in range(count)]
        deadline = time.monotonic() + 60
        while not all_open.is_set() and time.monotonic() < deadline:
            peak = max(peak, rss_mib(pid))
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        peak = max(peak, rss_mib(pid))
        all_open.set()
        await asyncio.gather(*tasks, return_exceptions=True)
    return opened, failed, peak, elapsed


async def main(requests: int, stream_counts: list[int]) -> None:
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("LABS_")}
    with process([__file__, "--serve-upstream"], base_env) as (upstream, _):
        print(f"fake upstream: {upstream}\n")
        print("## Overhead (ms; median and p90 of "
              f"{requests} sequential requests; ratio of medians)\n")
        print("| upstream | measure | direct | p90 | worker | p90 | ratio |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for model in ("ok:chunks=50:delay=0", "ok:chunks=50:delay=0.002"):
            env = base_env | worker_env(upstream, model)
            with process(["-m", "labs_worker", "--port", "0", "--log-level", "warning"],
                         env) as (worker, _):
                for row in await overhead(upstream, worker, model, requests):
                    print(row, flush=True)

        print("\n## Capacity (one worker process; each stream lasts about 4 s)\n")
        print("| concurrent streams asked | streaming | failed | worker RSS MiB | "
              "seconds until all streaming |")
        print("|---:|---:|---:|---:|---:|")
        env = base_env | worker_env(upstream, "ok:chunks=80:delay=0.05")
        with process(["-m", "labs_worker", "--port", "0", "--log-level", "warning"],
                     env) as (worker, pid):
            await overhead(upstream, worker, "ok:chunks=2:delay=0", 3)  # warm up
            print(f"| 0 (idle) | - | - | {rss_mib(pid):.1f} | - |", flush=True)
            for count in stream_counts:
                opened, failed, peak, elapsed = await hold_streams(worker, pid, count)
                print(f"| {count} | {opened} | {failed} | {peak:.1f} | {elapsed:.2f} |",
                      flush=True)
                await asyncio.sleep(1)


def worker_env(upstream: str, model: str) -> dict[str, str]:
    """Settings for a worker in front of the fake provider with limits out of the way."""
    return {
        "LABS_PROVIDER": "openai",
        "LABS_MODEL": model,
        "LABS_BASE_URL": f"{upstream}/v1",
        "LABS_API_KEY": "bench-key",
        "LABS_CLIENT_RPM": "1000000",
        "LABS_CONVERSATION_RPM": "1000000",
        "LABS_GLOBAL_RPM": "1000000",
        "LABS_DAILY_TOKEN_BUDGET": "1000000000000",
        "LABS_CLIENT_BUDGET_PERCENT": "100",  # every bench stream comes from one address
        "LABS_MAX_CONCURRENT": "5000",  # above the largest --streams figure
        "LABS_TOTAL_TIMEOUT": "120",
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--streams", default="100,250,500,1000")
    parser.add_argument("--serve-upstream", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_upstream:
        serve_fake_upstream()
    else:
        asyncio.run(main(options.requests, [int(n) for n in options.streams.split(",")]))
