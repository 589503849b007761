"""Offline pip for tests that install claude-map the way users do (pre-commit, the GitHub Action).

The distributions claude-map needs are installed in this environment; they are packed
back into wheels in a temporary wheelhouse, with the setuptools wheel virtualenv ships
(for the build backend), and pip is pointed at that folder alone: no index, no network.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

__all__ = ["offline_pip_environment"]


def offline_pip_environment(wheelhouse: Path) -> dict[str, str]:
    """Fill ``wheelhouse`` and return an environment whose pip installs from it alone."""
    needed: dict[str, importlib.metadata.Distribution] = {}
    _requirements("claude-map", needed)
    for distribution in needed.values():
        _pack(distribution, wheelhouse)
    import virtualenv.seed.wheels.embed as embedded

    setuptools = sorted(Path(embedded.__file__).parent.glob("setuptools-*.whl"))
    assert setuptools, "virtualenv ships a setuptools wheel"
    shutil.copy(setuptools[-1], wheelhouse)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PRE_COMMIT", "GIT_"))}
    environment.update({
        "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUALENV_NO_DOWNLOAD": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    return environment


def _requirements(name: str, seen: dict[str, importlib.metadata.Distribution]) -> None:
    for text in importlib.metadata.distribution(name).requires or ():
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if key not in seen:
            seen[key] = importlib.metadata.distribution(requirement.name)
            _requirements(requirement.name, seen)


def _pack(distribution: importlib.metadata.Distribution, wheelhouse: Path) -> None:
    """An installed distribution back into a wheel (its files, a fresh RECORD)."""
    metadata = distribution.metadata
    name = re.sub(r"[-_.]+", "_", metadata["Name"])
    tag = next(line.split(":", 1)[1].strip() for line in distribution.read_text("WHEEL").splitlines()
               if line.startswith("Tag:"))
    dist_info = f"{name}-{metadata['Version']}.dist-info"
    records = []
    with zipfile.ZipFile(wheelhouse / f"{name}-{metadata['Version']}-{tag}.whl", "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in distribution.files or ():
            relative = file.as_posix()
            if relative.startswith("..") or "__pycache__" in relative or relative.endswith(
                    ("/RECORD", "/INSTALLER", "/direct_url.json", "/REQUESTED")):
                continue
            data = Path(distribution.locate_file(file)).read_bytes()
            wheel.writestr(relative.replace(relative.split("/", 1)[0], dist_info, 1)
                           if relative.split("/", 1)[0].endswith(".dist-info") else relative, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{relative},sha256={digest},{len(data)}")
        records.append(f"{dist_info}/RECORD,,")
        wheel.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
