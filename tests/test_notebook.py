"""The analyst's walkthrough notebook runs from top to bottom, so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "analyst_walkthrough.ipynb"


@pytest.mark.slow
def test_notebook_analyst_walkthrough_runs(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("CASENOTES_WALKTHROUGH_OUT", str(tmp_path))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend: the chart must show
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # kernel "python3" is ipykernel's native kernel: the interpreter running these tests (the venv's).
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parents[1])}})
    client.execute()
    assert (tmp_path / "indicators" / "indicators.duckdb").is_file()
    assert (tmp_path / "report.html").is_file()
    outputs = "".join(str(output) for cell in notebook.cells for output in cell.get("outputs", []))
    assert "Traceback" not in outputs
    assert "image/png" in outputs  # the trend chart is drawn, not closed unseen


def test_notebook_is_committed_with_its_outputs_and_chart():
    """A reader on GitHub sees what each step gives without running it."""
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.get("execution_count") and cell.get("outputs") for cell in code)
    images = [output for cell in code for output in cell["outputs"] if "image/png" in output.get("data", {})]
    assert images, "the committed notebook shows no chart"
    assert not any(output.get("output_type") == "error" for cell in code for output in cell["outputs"])
