"""Every notebook in ``notebooks/`` runs top to bottom, offline, without errors.

Each notebook is executed from an in-memory copy in a temporary working
directory, so the committed files (and their outputs) are never rewritten.
The kernel is the ``python3`` kernelspec that ipykernel ships; jupyter_client
starts it with this interpreter (``sys.executable``), so the notebooks see the
same installed packages as the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell
MAX_BYTES = 200_000  # committed notebooks stay small

pytestmark = [
    # The kernel talks to this process over local ZMQ sockets.
    pytest.mark.enable_socket,
    # Raised by jupyter_client/zmq/tornado internals, not by our code.
    pytest.mark.filterwarnings(
        "ignore:Jupyter is migrating its paths:DeprecationWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:.*zmq.eventloop.ioloop is deprecated:DeprecationWarning"
    ),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]


def test_notebooks_exist() -> None:
    names = [p.name for p in PATHS]
    assert names == [
        "01_quickstart.ipynb",
        "02_langchain_agent.ipynb",
        "03_llamaindex_agent.ipynb",
        "04_oauth_login.ipynb",
        "05_use_case_gallery.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_committed_with_outputs(path: Path) -> None:
    """Committed executed (every code cell has run) and small."""
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is too big to commit"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c.get("execution_count") for c in code), f"{path.name} not executed"
    errors = [
        o for c in code for o in c.get("outputs", []) if o["output_type"] == "error"
    ]
    assert not errors, f"{path.name} was committed with an error output"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_runs_without_errors(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No keys and no user state: a login stored under ~/.xkit or an access token
    # in the environment must not change what the notebooks do.
    for name in (
        "XKIT_ACCESS_TOKEN",
        "XKIT_BEARER_TOKEN",
        "XKIT_BASE_URL",
        "XKIT_CLIENT_ID",
        "XKIT_CLIENT_SECRET",
        "XKIT_TOKEN_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XKIT_HOME", str(tmp_path / "xkit-home"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    # CellExecutionError names the failing cell and carries its traceback.
    client.execute()
