"""Every notebook in ``notebooks/`` runs top to bottom, offline, without errors.

Each notebook is executed from an in-memory copy in a temporary working
directory, so the committed files (and their outputs) are never rewritten.
The kernel is the ``python3`` kernelspec that ipykernel ships; jupyter_client
starts it with this interpreter (``sys.executable``), so the notebooks see the
same installed packages as the tests.

Kernel start-up and framework imports dominate the run time, so the selected
notebooks execute concurrently (one kernel each, on one event loop) the first
time a test asks for them; each notebook still passes or fails on its own.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell
MAX_BYTES = 200_000  # committed notebooks stay small
#: Unset while the notebooks run: no key and no user state may change them.
XKIT_ENV = (
    "XKIT_ACCESS_TOKEN",
    "XKIT_BEARER_TOKEN",
    "XKIT_BASE_URL",
    "XKIT_CLIENT_ID",
    "XKIT_CLIENT_SECRET",
    "XKIT_REDIRECT_URI",
    "XKIT_TOKEN_KEY",
)

pytestmark = [
    # The kernels talk to this process over local ZMQ sockets.
    pytest.mark.enable_socket,
    # Emitted by some jupyter_core 5.x releases on import; not ours to fix.
    pytest.mark.filterwarnings(
        "ignore:Jupyter is migrating its paths to use standard platformdirs"
        ":DeprecationWarning"
    ),
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
    """Committed executed (every code cell has run), error-free and small."""
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is too big to commit"
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c.get("execution_count") for c in code), f"{path.name} not executed"
    errors = [
        o for c in code for o in c.get("outputs", []) if o["output_type"] == "error"
    ]
    assert not errors, f"{path.name} was committed with an error output"


async def _execute(path: Path, workdir: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    workdir.mkdir()
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
    )
    await client.async_execute()


async def _execute_all(paths: list[Path], root: Path) -> list[BaseException | None]:
    return await asyncio.gather(
        *(_execute(path, root / path.stem) for path in paths),
        return_exceptions=True,
    )


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, BaseException | None]]:
    """Run every notebook selected for :func:`test_runs_without_errors` once."""
    selected = [
        item.callspec.params["path"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_runs_without_errors"
    ]
    root = tmp_path_factory.mktemp("notebooks")
    with pytest.MonkeyPatch.context() as env:
        for name in XKIT_ENV:
            env.delenv(name, raising=False)
        env.setenv("XKIT_HOME", str(root / "xkit-home"))
        env.setenv("MPLBACKEND", "Agg")
        env.setenv("MPLCONFIGDIR", str(root / "matplotlib"))
        results = asyncio.run(_execute_all(selected, root))
    yield {path.name: result for path, result in zip(selected, results, strict=True)}


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_runs_without_errors(
    path: Path, outcomes: dict[str, BaseException | None]
) -> None:
    error = outcomes[path.name]
    if isinstance(error, nbclient.exceptions.CellExecutionError):
        # Names the failing cell and carries the kernel's traceback.
        pytest.fail(f"{path.name}: {error}", pytrace=False)
    if error is not None:
        raise error
