"""`%mlops SUBCOMMAND ...` and `%%mlops validate`: parse just enough to call the CLI, turn its JSON into a bundle."""

import argparse
import json
import os
import shlex
import sys
import tempfile
from typing import Any, Callable, Dict, List, NoReturn, Optional, TextIO

from . import bundles
from .cli import CliNotFound, CliResult, first_error_line, run_cli

SUBCOMMAND_USAGE = {
    "runs": "%mlops runs [--experiment X] [--filter F] [--order-by O] [--max-results N]",
    "traces": "%mlops traces [--experiment X] [--filter F] [--order-by O] [--max-results N]",
    "trace": "%mlops trace TRACE_ID",
    "plot": "%mlops plot RUN_ID [RUN_ID...] --metric M [--metric M2]",
    "drift": "%mlops drift REFERENCE CURRENT [--config drift.yaml]",
    "model": "%mlops model NAME [VERSION]",
    "promote": "%mlops promote NAME VERSION STAGE [--archive-existing]",
    "validate": "%%mlops validate [--as dvc.yaml]",
}
USAGE = "usage: " + " | ".join(SUBCOMMAND_USAGE.values())


class MagicError(Exception):
    """Shown as one line in the cell's output, never as a traceback."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise MagicError(f"mlops {self.prog}: {message}. usage: {SUBCOMMAND_USAGE[self.prog]}")


def _json(args: List[str]) -> Any:
    result = run_cli(args)
    return _parse(result)


def _parse(result: CliResult) -> Any:
    if result.code == 2 or not result.stdout.strip():
        raise MagicError(first_error_line(result))
    return json.loads(result.stdout)


def _run_row(run: Dict[str, Any]) -> Dict[str, Any]:
    info, data = run["info"], run.get("data", {})
    return {
        "run_id": info["run_id"],
        "run_name": info.get("run_name"),
        "experiment_id": info["experiment_id"],
        "status": info["status"],
        "start_time": info.get("start_time"),
        "end_time": info.get("end_time"),
        "metrics": {m["key"]: m["value"] for m in data.get("metrics", [])},
        "params": {p["key"]: p["value"] for p in data.get("params", [])},
    }


def runs(args: List[str]) -> Dict[str, Any]:
    found = _json(["runs", *args, "--json"])
    return bundles.runs_bundle([_run_row(run) for run in found.get("runs", [])])


def traces(args: List[str]) -> Dict[str, Any]:
    # The CLI checks the flags and MLflow's trace filter grammar, and says what is wrong.
    return bundles.traces_bundle(_json(["traces", *args, "--json"]))


def trace(args: List[str]) -> Dict[str, Any]:
    parser = _Parser(prog="trace", add_help=False)
    parser.add_argument("trace_id")
    parsed = parser.parse_args(args)
    return bundles.trace_bundle(_json(["trace", parsed.trace_id, "--json"]))


def plot(args: List[str]) -> Dict[str, Any]:
    parser = _Parser(prog="plot", add_help=False)
    parser.add_argument("run_ids", nargs="+")
    parser.add_argument("--metric", action="append", required=True)
    parsed = parser.parse_args(args)
    series = []
    for run_id in parsed.run_ids:
        for key in parsed.metric:
            history = _json(["metric-history", "--run-id", run_id, "--key", key, "--json"])
            points = [{"step": m["step"], "value": m["value"], "timestamp": m["timestamp"]} for m in history["metrics"]]
            if not points:
                raise MagicError(f"mlops plot: run {run_id} has no metric '{key}'.")
            series.append({"run_id": run_id, "key": key, "points": points})
    return bundles.metrics_bundle(series)


def drift(args: List[str]) -> Dict[str, Any]:
    parser = _Parser(prog="drift", add_help=False)
    parser.add_argument("reference")
    parser.add_argument("current")
    parser.add_argument("--config")
    parsed = parser.parse_args(args)
    report = _json(["drift", *args, "--json"])
    report["reference"], report["current"] = parsed.reference, parsed.current
    report["columns"] = [{"name": name, **column} for name, column in report["columns"].items()]
    return bundles.drift_bundle(report)


def model_card(name: str, version: Optional[str]) -> Dict[str, Any]:
    # The CLI builds the card (stage, metrics, next stage and its gate) with the extension's own code.
    card = _json(["model-card", name, *([version] if version else [])])
    return bundles.model_version_bundle(card)


def model(args: List[str]) -> Dict[str, Any]:
    parser = _Parser(prog="model", add_help=False)
    parser.add_argument("name")
    parser.add_argument("version", nargs="?")
    parsed = parser.parse_args(args)
    return model_card(parsed.name, parsed.version)


def promote(args: List[str]) -> Dict[str, Any]:
    parser = _Parser(prog="promote", add_help=False)
    parser.add_argument("name")
    parser.add_argument("version")
    parser.add_argument("stage")
    parser.add_argument("--archive-existing", action="store_true")
    parser.add_argument("--alias")
    parser.add_argument("--override-reason")
    parsed = parser.parse_args(args)
    command = ["promote", parsed.name, parsed.version, "--stage", parsed.stage]
    if parsed.archive_existing:
        command.append("--archive-existing")
    if parsed.alias:
        command += ["--alias", parsed.alias]
    if parsed.override_reason:
        command += ["--override-reason", parsed.override_reason]
    result = run_cli(command)
    if result.code != 0:
        raise MagicError(first_error_line(result))
    _write(sys.stdout, result.stdout.strip().splitlines()[-1])
    return model_card(parsed.name, parsed.version)


def validate(args: List[str], cell: str) -> str:
    parser = _Parser(prog="validate", add_help=False)
    parser.add_argument("--as", dest="as_name", default="dvc.yaml")
    parsed = parser.parse_args(args)
    with tempfile.TemporaryDirectory(prefix="mlops-cell-") as folder:
        path = os.path.join(folder, "cell.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(cell)
        result = _parse(run_cli(["validate", "--as", parsed.as_name, path, "--format", "json"]))
    diagnostics = result["files"][0]["diagnostics"]
    if not diagnostics:
        return f"{parsed.as_name}: no problems found."
    return "\n".join(
        f"{parsed.as_name}:{d['range']['start']['line'] + 1}:{d['range']['start']['character'] + 1}: "
        f"{d['severity']}: {d['message']} [{d['code']}]"
        for d in diagnostics
    )


LINE_COMMANDS: Dict[str, Callable[[List[str]], Dict[str, Any]]] = {
    "runs": runs, "traces": traces, "trace": trace, "plot": plot, "drift": drift, "model": model, "promote": promote,
}


def _write(stream: TextIO, line: str) -> None:
    # One write per line: print() writes the text and the newline separately, and ipykernel may flush between the
    # two, leaving the line split over two stream outputs in the saved notebook.
    stream.write(line + "\n")
    stream.flush()


def _report(error: Exception) -> None:
    _write(sys.stderr, str(error))


def mlops_magic(line: str, cell: Optional[str] = None) -> None:
    from IPython.display import display

    try:
        words = shlex.split(line)
    except ValueError as error:
        return _report(MagicError(f"mlops: cannot split the line ({error}). {USAGE}"))
    if not words:
        return _report(MagicError(USAGE))
    command, rest = words[0], words[1:]
    try:
        if cell is not None:
            if command != "validate":
                raise MagicError(f"mlops: the cell magic only knows 'validate', not '{command}'. {USAGE}")
            _write(sys.stdout, validate(rest, cell))
            return None
        handler = LINE_COMMANDS.get(command)
        if handler is None:
            raise MagicError(f"mlops: unknown subcommand '{command}'. {USAGE}")
        display(handler(rest), raw=True)
    except (MagicError, CliNotFound) as error:
        _report(error)
    return None
