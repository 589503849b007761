"""Packaging glue: ship the top-level templates/ folder inside the wheel as mapper.templates.

pyproject.toml holds the metadata; only this mapping needs code.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["mapper", "mapper.*"]) + ["mapper.templates"],
    package_dir={"mapper.templates": "templates"},
)
