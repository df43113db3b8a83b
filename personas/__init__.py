"""Personas shipped with agora (installed as ``agora.personas``): one TOML file each."""
