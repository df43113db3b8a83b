"""``agora bench``: which technique is worth its cost on your model, measured honestly.

* :mod:`agora.bench.tasks` -- benchmark items (arithmetic, GSM8K sample, big arithmetic)
* :mod:`agora.bench.stats` -- Wilson intervals and the exact McNemar test
* :mod:`agora.bench.scoring` -- reading answers and scoring them (unparseable = wrong)
* :mod:`agora.bench.methods` -- cot, sc, refine, react, debate-vote, debate-judge
* :mod:`agora.bench.quality` / :mod:`agora.bench.speed` -- the two benchmarks
* :mod:`agora.bench.report` -- JSON results and the accuracy-vs-tokens chart

Nothing heavy is imported here: each submodule imports what it needs.
"""
