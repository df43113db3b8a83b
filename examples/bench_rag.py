"""Retrieval figures: quality on the evaluation set, then throughput at scale.

    python examples/bench_rag.py                       # quality (hash + local:smollm2) and scale
    python examples/bench_rag.py --embedders hash      # no model needed
    python examples/bench_rag.py --skip-scale
    python examples/bench_rag.py --scale-chunks 10000 --real-chunks 64

Quality: recall@5 and MRR of bm25, dense and hybrid search on tests/data/rag (37 short
documents, 42 queries with their known relevant document).

Scale: writes synthetic documents to a temporary folder, ingests about ``--scale-chunks``
chunks with the cheap deterministic ``hash`` embedder (the bundled SmolLM2 embeds only a
few chunks per second on 2 cores, so 10,000 chunks would take most of an hour), then
reports chunks/s, median query latency per mode and peak memory (max RSS). The real
embedder's own throughput is measured separately on ``--real-chunks`` chunks.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from agora.rag import Index
from agora.rag.evaluate import evaluate, load_queries

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "rag"
MODES = ("bm25", "dense", "hybrid")


def quality(embedder: str) -> None:
    queries = load_queries(DATA / "queries.json")
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(Path(tmp) / "eval.sqlite", embedder=embedder)
        started = time.perf_counter()
        report = index.add([DATA / "corpus"])
        seconds = time.perf_counter() - started
        print(f"\n== quality, embedder {embedder} ({index.embedding_model}) ==")
        print(f"ingest: {report.indexed} files, {report.chunks} chunks in {seconds:.1f} s")
        print(f"{'mode':8s} {'recall@5':>9s} {'MRR':>7s} {'ms/query':>9s}")
        for mode in MODES:
            started = time.perf_counter()
            result = evaluate(index, queries, k=5, mode=mode)
            ms = (time.perf_counter() - started) * 1000 / len(queries)
            print(f"{mode:8s} {result['recall@5']:9.3f} {result['mrr']:7.3f} {ms:9.1f}")
        index.close()


def _words(rng: random.Random, n: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ter", "san", "du", "vor", "el", "pa", "rin", "ost", "qu", "ne", "bal"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n)})
    return vocab


def write_corpus(folder: Path, chunks: int, seed: int = 0) -> int:
    """Synthetic files of ~10 paragraphs each (one file written at a time). Returns files."""
    rng = random.Random(seed)
    vocab = _words(rng, 8000)
    weights = [1.0 / (i + 1) for i in range(len(vocab))]  # Zipf-like word frequencies
    files = max(1, chunks // 10)
    for f in range(files):
        paragraphs = []
        for _ in range(10):
            words = rng.choices(vocab, weights=weights, k=40)
            paragraphs.append(" ".join(words).capitalize() + ".")
        (folder / f"doc{f:05d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return files


def max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def scale(chunks: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = write_corpus(corpus, chunks)
        rss_before = max_rss_mib()
        # chars: ~400-character chunks make ~10 per synthetic file
        index = Index(Path(tmp) / "scale.sqlite", embedder="hash", unit="chars", chunk_size=400, overlap=0)
        started = time.perf_counter()
        report = index.add([corpus])
        seconds = time.perf_counter() - started
        rss_ingest = max_rss_mib()
        size = (Path(tmp) / "scale.sqlite").stat().st_size
        print("\n== scale, embedder hash (cheap, deterministic) ==")
        print(f"ingest: {files} files, {report.chunks} chunks in {seconds:.1f} s = "
              f"{report.chunks / seconds:.0f} chunks/s; index file {size / 2**20:.1f} MiB")
        rng = random.Random(1)
        texts = [row[0] for row in index.store.query("SELECT text FROM chunks ORDER BY random() LIMIT 50")]
        queries = [" ".join(rng.sample(t.split(), 4)) for t in texts]
        for mode in MODES:
            index.search(queries[0], k=5, mode=mode)  # warm: the vector matrix is loaded once
            times = []
            for q in queries:
                t0 = time.perf_counter()
                index.search(q, k=5, mode=mode)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"query {mode:7s} median {statistics.median(times):6.1f} ms  (p90 "
                  f"{sorted(times)[int(len(times) * 0.9)]:.1f} ms, {len(times)} queries)")
        print(f"peak memory (max RSS): {max_rss_mib():.0f} MiB; {rss_before:.0f} MiB before ingest, "
              f"{rss_ingest:.0f} MiB after ingest")
        index.close()


def real_throughput(embedder: str, n: int) -> None:
    from agora.rag.embedders import resolve_embedder

    backend = resolve_embedder(embedder)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        write_corpus(corpus, n, seed=2)
        from agora.rag.splitter import split_text

        pieces: list[str] = []
        for path in sorted(corpus.iterdir()):
            pieces.extend(split_text(path.read_text(), size=400, overlap=0))
        pieces = pieces[:n]
    backend.embed(pieces[:1])  # load the embedding model outside the timing
    tokens = sum(backend.count_tokens(p) for p in pieces)
    started = time.perf_counter()
    for i in range(0, len(pieces), 16):
        backend.embed(pieces[i:i + 16])
    seconds = time.perf_counter() - started
    print(f"\n== real embedder {embedder} ==")
    print(f"embedded {len(pieces)} chunks ({tokens} tokens) in {seconds:.1f} s = "
          f"{len(pieces) / seconds:.2f} chunks/s, {tokens / seconds:.0f} tokens/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedders", default="hash,local:smollm2", help="comma-separated embedder specs")
    parser.add_argument("--scale-chunks", type=int, default=10_000)
    parser.add_argument("--real-chunks", type=int, default=48, help="0 to skip the real-embedder timing")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    if not args.skip_scale:
        scale(args.scale_chunks)  # first, so its peak memory is not that of a loaded model
    for embedder in [e.strip() for e in args.embedders.split(",") if e.strip()]:
        quality(embedder)
    if args.real_chunks:
        real_throughput("local:smollm2", args.real_chunks)


if __name__ == "__main__":
    main()
