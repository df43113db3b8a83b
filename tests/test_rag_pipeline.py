"""Retrieval pipeline: loaders, splitter, index (add / skip / replace / remove / search),
embedding-model identity, corrupt files, ranking helpers. Fake embedders only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agora.errors import BackendError, ConfigError, RetrievalError
from agora.events import IngestProgress, Notice
from agora.rag import HashEmbedder, Index
from agora.rag.index import fts_query
from agora.rag.loaders import Unreadable, iter_files, load_text
from agora.text import html_to_text
from agora.rag.rank import llm_rerank, rrf
from agora.rag.splitter import split_text
from agora.testing.fakes import EchoBackend, FunctionBackend, ScriptedBackend


def make_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (hand-written objects and a correct xref)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "cats.md").write_text("# Cats\n\nCats are small felines. They purr and sleep.\n\n"
                                  "## Food\n\nCats eat fish and mice.\n")
    (root / "sub" / "bread.html").write_text(
        "<html><head><style>p{}</style><script>alert('no')</script></head><body><nav>Home | Menu</nav>"
        "<h1>Bread</h1><p>Bake sourdough at 250 C in a Dutch oven.</p></body></html>")
    (root / "sub" / "code.py").write_text("def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n    return a + b\n")
    (root / "island.pdf").write_bytes(make_pdf("The lighthouse keeper lives on Skerry Island."))
    (root / "image.bin").write_bytes(b"\x89PNG\x00\x00\x01\x02" * 20)
    (root / ".hidden.md").write_text("secret")
    return root


def word_embedder(spec: str = "words") -> FunctionBackend:
    """A tiny deterministic embedder: one dimension per keyword."""
    vocab = ["cat", "fish", "bread", "oven", "island", "lighthouse", "add", "number"]
    return FunctionBackend(lambda m, o: "x", spec=spec,
                           embed_fn=lambda t: [float(w in t.lower()) for w in vocab] + [0.01])


# --- loaders ------------------------------------------------------------------------------


def test_iter_files_walks_folders_skips_hidden_and_refuses_missing(docs: Path) -> None:
    names = sorted(p.name for p in iter_files([docs]))
    assert names == ["bread.html", "cats.md", "code.py", "image.bin", "island.pdf"]
    with pytest.raises(ConfigError, match="no such file"):
        list(iter_files([docs, docs / "nope.txt"]))


def test_loaders_read_text_html_pdf_code_and_refuse_binary(docs: Path) -> None:
    html = load_text(docs / "sub" / "bread.html")
    assert "Bake sourdough at 250 C" in html and "alert" not in html and "p{}" not in html and "Menu" not in html
    assert html.startswith("# Bread")  # headings kept for the splitter
    assert "Skerry Island" in load_text(docs / "island.pdf")
    assert "return a + b" in load_text(docs / "sub" / "code.py")
    with pytest.raises(Unreadable, match="binary"):
        load_text(docs / "image.bin")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(Unreadable, match="PDF"):
        load_text(docs / "broken.pdf")


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; three</p>")[1] == "One\n\nTwo & three"


# --- splitter -----------------------------------------------------------------------------


def test_split_respects_size_and_prefers_headings_and_paragraphs() -> None:
    text = "# A\n\n" + "Alpha sentence one. " * 10 + "\n\n# B\n\n" + "Beta sentence two. " * 10
    chunks = split_text(text, size=250, overlap=0)
    assert all(len(c) <= 250 for c in chunks)
    assert chunks[0].startswith("# A") and any(c.startswith("# B") for c in chunks)
    assert not any("Alpha" in c and "Beta" in c for c in chunks)  # the heading boundary holds


def test_split_overlap_repeats_the_boundary_and_loses_nothing() -> None:
    sentences = [f"Sentence number {i} is here." for i in range(40)]
    chunks = split_text(" ".join(sentences), size=120, overlap=40)
    assert len(chunks) > 3
    for s in sentences:
        assert any(s in c for c in chunks)
    # each chunk starts with the sentence that ended the one before
    for a, b in zip(chunks, chunks[1:]):
        last = a.rstrip(".").rsplit(". ", 1)[-1]
        assert b.startswith(last), (a, b)


def test_split_in_tokens_with_a_counter_and_cuts_giant_words() -> None:
    words = lambda t: len(t.split())  # noqa: E731 - a "tokenizer" counting words
    chunks = split_text("word " * 100, size=10, overlap=2, length=words)
    assert all(words(c) <= 10 for c in chunks) and len(chunks) >= 10
    assert all(len(c) <= 50 for c in split_text("x" * 500, size=50, overlap=0))
    assert split_text("   \n\n ") == []


# --- index --------------------------------------------------------------------------------


def test_add_skips_unreadable_with_a_warning_and_reports_progress(tmp_path: Path, docs: Path) -> None:
    events: list = []
    index = Index(tmp_path / "i.sqlite", embedder=word_embedder())
    report = index.add([docs], on_event=events.append)
    assert sorted(Path(p).name for p in report.added) == ["bread.html", "cats.md", "code.py", "island.pdf"]
    assert [Path(p).name for p, _ in report.skipped] == ["image.bin"]
    warnings = [e for e in events if isinstance(e, Notice)]
    assert warnings and warnings[0].level == "warning" and "image.bin" in warnings[0].text
    progress = [e for e in events if isinstance(e, IngestProgress)]
    assert [e.done for e in progress] == [1, 2, 3, 4, 5] and progress[-1].total == 5
    assert index.stats()["sources"] == 4 and index.stats()["chunks"] == report.chunks


def test_a_file_that_cannot_be_read_is_skipped_with_a_warning(tmp_path: Path, docs: Path) -> None:
    (docs / "gone.md").symlink_to(tmp_path / "deleted-target.md")  # listed, but opening it fails
    events: list = []
    report = Index(tmp_path / "i.sqlite", embedder=word_embedder()).add([docs], on_event=events.append)
    skipped = dict((Path(p).name, why) for p, why in report.skipped)
    assert "cannot read" in skipped["gone.md"] and "cats.md" in {Path(p).name for p in report.added}
    assert any(isinstance(e, Notice) and e.level == "warning" and "gone.md" in e.text for e in events)


def test_search_modes_find_the_right_document(tmp_path: Path, docs: Path) -> None:
    index = Index(tmp_path / "i.sqlite", embedder=word_embedder())
    index.add([docs])
    for mode in ("bm25", "dense", "hybrid"):
        hits = index.search("which island has a lighthouse", k=2, mode=mode)
        assert Path(hits[0].source).name == "island.pdf", mode
        assert hits[0].citation.endswith("island.pdf#0")
    assert index.search("zzzz qqqq", mode="bm25") == []
    assert index.search("what?!", mode="bm25") == []  # punctuation never breaks FTS syntax
    with pytest.raises(ConfigError, match="mode"):
        index.search("cats", mode="fuzzy")  # type: ignore[arg-type]


def test_unchanged_files_are_skipped_and_changed_files_replaced(tmp_path: Path, docs: Path) -> None:
    calls: list[str] = []
    embedder = FunctionBackend(lambda m, o: "x", spec="counting",
                               embed_fn=lambda t: (calls.append(t), [1.0, float(len(t))])[1])
    index = Index(tmp_path / "i.sqlite", embedder=embedder)
    index.add([docs])
    embedded = len(calls)
    again = index.add([docs])
    assert len(again.unchanged) == 4 and not again.added and len(calls) == embedded  # nothing re-embedded
    (docs / "cats.md").write_text("Dogs replaced the cats entirely.")
    third = index.add([docs / "cats.md"])
    assert [Path(p).name for p in third.updated] == ["cats.md"]
    assert index.search("purr", mode="bm25") == []  # old chunks are gone
    assert Path(index.search("dogs", mode="bm25")[0].source).name == "cats.md"
    assert index.stats()["sources"] == 4


def test_remove_file_and_folder(tmp_path: Path, docs: Path) -> None:
    index = Index(tmp_path / "i.sqlite", embedder="hash")
    index.add([docs])
    assert index.remove(docs / "cats.md") == 1
    assert index.remove(docs / "sub") == 2
    assert [Path(s["path"]).name for s in index.sources()] == ["island.pdf"]
    with pytest.raises(RetrievalError, match="not in the index"):
        index.remove(docs / "cats.md")
    assert {Path(h.source).name for h in index.search("cats bread add", mode="hybrid")} <= {"island.pdf"}


def test_another_embedding_model_is_refused(tmp_path: Path, docs: Path) -> None:
    path = tmp_path / "i.sqlite"
    Index(path, embedder=word_embedder("model-a")).add([docs / "cats.md"])
    with pytest.raises(RetrievalError, match="model-a.*not comparable"):
        Index(path, embedder=word_embedder("model-b"))
    with pytest.raises(RetrievalError, match="not comparable"):
        Index(path, embedder="hash").search("cats", mode="dense")
    with pytest.raises(RetrievalError, match="not comparable"):
        Index(path, embedder="hash").add([docs / "sub"])
    # nothing was lost, and the recorded embedder is used when none is given
    reopened = Index(path, embedder=word_embedder("model-a"))
    assert reopened.stats()["sources"] == 1 and reopened.embedding_model == "model-a"
    assert Index(path).stats()["embedder"] == "model-a"


def test_bm25_only_index_and_dimension_checks(tmp_path: Path, docs: Path) -> None:
    index = Index(tmp_path / "plain.sqlite", embedder="none")
    index.add([docs])
    assert index.search("lighthouse", mode="bm25")[0].citation.endswith("island.pdf#0")
    assert index.search("lighthouse", mode="hybrid")  # hybrid falls back to BM25 alone
    with pytest.raises(RetrievalError, match="no vectors"):
        index.search("lighthouse", mode="dense")
    # an embedder that changes its vector size mid-way is caught, not stored
    sizes = iter([3, 3, 5])
    shifty = FunctionBackend(lambda m, o: "x", spec="shifty", embed_fn=lambda t: [1.0] * next(sizes))
    other = Index(tmp_path / "dim.sqlite", embedder=shifty)
    other.add([docs / "cats.md"])
    with pytest.raises(RetrievalError, match="dimensional"):
        other.add([docs / "island.pdf", docs / "sub" / "code.py"])


def test_embedder_failures_surface_as_errors(tmp_path: Path, docs: Path) -> None:
    with pytest.raises(BackendError, match="does not provide embeddings"):
        Index(tmp_path / "i.sqlite", embedder=ScriptedBackend([])).add([docs / "cats.md"])
    assert Index(tmp_path / "i.sqlite").stats()["sources"] == 0  # nothing half-written


def test_corrupt_and_foreign_files_give_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(RetrievalError, match="not a readable agora index") as err:
        Index(bad)
    assert "\n" not in str(err.value)
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(RetrievalError, match="not an agora index"):
        Index(foreign)
    with sqlite3.connect(foreign) as db:  # and it was left untouched
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["people"]
    with pytest.raises(RetrievalError, match="folder"):
        Index(tmp_path)


def test_add_refuses_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    index = Index(tmp_path / "i.sqlite", embedder="hash")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="no files"):
        index.add([tmp_path / "empty"])
    with pytest.raises(ConfigError, match="no such file"):
        index.add([tmp_path / "missing.txt"])


def test_hash_embedder_is_deterministic_and_lexical() -> None:
    e = HashEmbedder(64)
    a, b, c = e.embed(["cats eat fish", "cats eat fish", "stock markets fell"])
    assert a == b and len(a) == 64 and a != c
    assert e.embedding_model == "hash-v1:64"
    with pytest.raises(BackendError):
        e.complete([])


# --- ranking ------------------------------------------------------------------------------


def test_rrf_fuses_and_weights() -> None:
    fused = [item for item, _ in rrf([["a", "b", "c"], ["b", "c", "d"]])]
    assert fused[0] == "b" and set(fused) == {"a", "b", "c", "d"}
    assert [i for i, _ in rrf([["a", "b"], ["b", "a"]], weights=[1.0, 0.5])][0] == "a"


def test_fts_query_quotes_words() -> None:
    assert fts_query('cats AND "dogs" OR near(x') == '"cats" OR "and" OR "dogs" OR "or" OR "near" OR "x"'
    assert fts_query("?!") == ""


def test_llm_rerank_reorders_and_falls_back(tmp_path: Path, docs: Path) -> None:
    model = ScriptedBackend([{"ranking": [2, 1]}])
    assert llm_rerank(model, "q", ["first", "second", "third"]) == [1, 0, 2]
    assert "[2] second" in model.calls[0]["messages"][0].content
    assert llm_rerank(ScriptedBackend([BackendError("down")]), "q", ["a", "b"]) is None
    assert llm_rerank(ScriptedBackend([{"ranking": []}]), "q", ["a", "b"]) is None
    # through the index: the reranker's order wins
    index = Index(tmp_path / "i.sqlite", embedder="hash", rerank=FunctionBackend(
        lambda m, o: {"ranking": [len(m[0].content.split("\n[")) - 1]}))
    index.add([docs])
    plain = index.search("cats fish bread lighthouse", k=3, mode="bm25", rerank=False)
    reranked = index.search("cats fish bread lighthouse", k=3, mode="bm25")
    assert len(plain) == 3 and reranked[0].chunk_id == plain[-1].chunk_id
    assert [h.chunk_id for h in reranked[1:]] == [h.chunk_id for h in plain[:-1]]


def test_echo_backend_embedder_spec_round_trip(tmp_path: Path, docs: Path) -> None:
    index = Index(tmp_path / "i.sqlite", embedder=EchoBackend(spec="fake"))
    index.add([docs / "cats.md"])
    assert index.embedding_model == "fake"
    assert index.search("cats", k=1, mode="dense")[0].citation.endswith("cats.md#0")


def test_an_openai_compatible_embeddings_server_builds_and_guards_the_index(tmp_path: Path, docs: Path) -> None:
    """Dense vectors from /v1/embeddings (a loopback server, through the openai client): the
    index records that model, searches with it, and refuses another embedder later."""
    from agora.testing.server import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        spec = f"openai:emb@{server.url}"
        index = Index(tmp_path / "api.sqlite", embedder=spec)
        report = index.add([docs])
        assert report.chunks > 0 and server.embedding_requests
        assert index.stats()["embedder"] == spec
        hits = index.search("cats purr", k=3, mode="dense")
        assert hits and all(-1.0 <= h.score <= 1.0 for h in hits)
        sent = sum(len(r["input"]) if isinstance(r["input"], list) else 1 for r in server.embedding_requests)
        assert sent >= report.chunks + 1  # every chunk, then the query
    with pytest.raises(RetrievalError, match="not comparable"):
        Index(tmp_path / "api.sqlite", embedder="hash").check_embedder()
