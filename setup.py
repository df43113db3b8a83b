"""Packages are found, not listed by hand: every package under agora/, plus tools/ and
personas/, which pyproject.toml's package-dir maps in as agora.tools and agora.personas."""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["agora", "agora.*"]) + ["agora.tools", "agora.personas"])
