"""Persona files: the shipped set, the user's folder first, clear errors."""

from __future__ import annotations

import pytest

from agora.errors import ConfigError
from agora.personas import Persona, list_personas, load_persona


def test_at_least_six_shipped_personas_with_prompts():
    personas = {p.name: p for p in list_personas()}
    for name in ("skeptic", "devils-advocate", "calculator", "expert", "optimist", "judge"):
        assert name in personas
        assert len(personas[name].system) > 40
        assert personas[name].description
    assert len(personas) >= 6


def test_load_by_name_ignores_case_and_underscores():
    assert load_persona("Devils_Advocate").name == "devils-advocate"
    assert load_persona("skeptic").temperature == pytest.approx(0.3)


def test_unknown_persona_lists_the_available_ones():
    with pytest.raises(ConfigError) as err:
        load_persona("pirate")
    assert "pirate" in str(err.value) and "skeptic" in str(err.value)


def test_user_folder_comes_first_and_adds_new_personas(tmp_path):
    (tmp_path / "skeptic.toml").write_text('system = "Mine."\ntemperature = 1.5\n')
    (tmp_path / "pirate.toml").write_text('name = "pirate"\nsystem = "Arr."\n')
    assert load_persona("skeptic", folder=tmp_path).system == "Mine."
    assert load_persona("pirate", folder=tmp_path).system == "Arr."
    names = [p.name for p in list_personas(tmp_path)]
    assert "pirate" in names and "optimist" in names


def test_the_library_reads_no_configuration_of_its_own(tmp_path, monkeypatch):
    """Agent(persona=...) does not depend on the working directory: a broken agora.toml there
    or a personas_dir in the environment change nothing (configuration is the CLI's)."""
    from agora import Agent

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "skeptic.toml").write_text('system = "Mine."\n')
    (tmp_path / "agora.toml").write_text("this is [ not toml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AGORA_PERSONAS_DIR", str(mine))
    agent = Agent(model="fake:4", persona="skeptic")
    assert agent.persona_object().system != "Mine." and agent.run("q").answer == "4"
    assert load_persona("skeptic").system != "Mine."


def test_personas_dir_setting_is_used_by_the_cli(tmp_path, monkeypatch, capsys):
    from agora.cli import main

    (tmp_path / "pirate.toml").write_text('system = "Arr."\n')
    monkeypatch.chdir(tmp_path)
    assert main(["ask", "q", "--model", "fake:4", "--persona", "pirate"]) == 2
    assert "unknown persona 'pirate'" in capsys.readouterr().err
    monkeypatch.setenv("AGORA_PERSONAS_DIR", str(tmp_path))
    assert main(["ask", "q", "--model", "fake:4", "--persona", "pirate"]) == 0  # found now
    assert capsys.readouterr().out.strip() == "4"


def test_bad_persona_file_is_a_config_error(tmp_path):
    (tmp_path / "broken.toml").write_text('system = "x"\ntemperature = 9\n')
    (tmp_path / "torn.toml").write_text('system = "x\n')
    with pytest.raises(ConfigError, match="temperature"):
        load_persona("broken", folder=tmp_path)
    with pytest.raises(ConfigError, match="TOML"):
        load_persona("torn", folder=tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_persona("skeptic", folder=tmp_path / "nope")


def test_a_persona_object_or_a_file_path_loads(tmp_path):
    p = Persona(name="x", system="s")
    assert load_persona(p) is p
    path = tmp_path / "mine.toml"
    path.write_text('system = "From a path."\n')
    assert load_persona(str(path)).name == "mine"
