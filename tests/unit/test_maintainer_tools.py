"""A maintainer's day without tracebacks: stale models, pipes into `head`, training output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import ROOT, Settings
from bot.training import train


def settings_with(tmp_path: Path) -> Settings:
    return Settings(models_dir=tmp_path / "models", model_cache_dir=tmp_path / "cache")


def test_after_an_example_changed_the_last_trained_model_is_served_and_called_stale(tmp_path: Path) -> None:
    settings = settings_with(tmp_path)
    settings.models_dir.mkdir()
    old = settings.models_dir / "nlu-0000000000000000.tar.gz"  # trained on other data
    old.write_bytes(b"model")
    model, stale = train.serving_model(settings)
    assert (model, stale) == (old, True)


def test_with_no_model_at_all_the_answer_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(train.NoModel, match="make train"):
        train.serving_model(settings_with(tmp_path))


def test_piping_into_head_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m bot.content stats --ids | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip().endswith("entries")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_training_shows_one_progress_line_from_rasas_output() -> None:
    noisy = "WARNING lots of library noise\r\nEpochs:  45%|████      | 27/60 [01:00<01:10, t_loss=5.2]\r"
    assert train._progress(noisy) == "DIETClassifier: epoch 27/60"
    assert train._progress("Starting to train component 'KeywordFusion'.") == "component KeywordFusion"
