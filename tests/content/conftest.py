"""Fixtures for the content-layer tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.content.content_tree import FIXTURE, ContentTree


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return ContentTree(root)
