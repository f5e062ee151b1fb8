"""Finds and runs the `mlops` CLI. The magics hold no MLflow logic: every answer comes from the CLI's --json output,
so the notebook, the extension and CI read the stores through one implementation."""

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import List, NamedTuple, Optional


class CliNotFound(Exception):
    """No `mlops` CLI: the message names MLOPS_CLI, the setting that fixes it."""


class CliResult(NamedTuple):
    code: int
    stdout: str
    stderr: str


def locate_cli() -> List[str]:
    """MLOPS_CLI first (a command line), then dist/cli.js of the extension this package ships in, then `mlops`."""
    configured = os.environ.get("MLOPS_CLI", "").strip()
    if configured:
        return shlex.split(configured)
    bundled = Path(__file__).resolve().parent.parent.parent / "dist" / "cli.js"
    node = shutil.which("node")
    if bundled.is_file() and node:
        return [node, str(bundled)]
    on_path = shutil.which("mlops")
    if on_path:
        return [on_path]
    raise CliNotFound(
        "mlops: the mlops CLI was not found. Set MLOPS_CLI to its command line "
        "(e.g. %env MLOPS_CLI=node /path/to/mlops-workbench/dist/cli.js), install Node.js beside the extension, "
        "or put `mlops` on PATH."
    )


def run_cli(args: List[str], cwd: Optional[str] = None) -> CliResult:
    command = locate_cli() + args
    # VS Code's own runtime is Electron; this makes it behave as Node when MLOPS_CLI points at it. Node ignores it.
    env = dict(os.environ, ELECTRON_RUN_AS_NODE="1")
    try:
        done = subprocess.run(command, cwd=cwd or os.getcwd(), env=env, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CliNotFound(f"mlops: cannot start {command[0]!r} ({error.strerror}). Fix MLOPS_CLI or PATH.") from None
    return CliResult(done.returncode, done.stdout, done.stderr)


def first_error_line(result: CliResult) -> str:
    """The CLI prints its error first on stderr (usage text may follow); one line is what the cell should show."""
    for line in result.stderr.splitlines():
        if line.strip():
            return line.strip()
    return f"mlops exited with code {result.code} and no message."
