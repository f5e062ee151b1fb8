"""MIME bundles for the outputs: our JSON type (read by the VS Code renderer) plus escaped text/html and
text/plain fallbacks, so the notebook still reads well in JupyterLab, nbviewer or on GitHub."""

from datetime import datetime, timezone
from html import escape
from typing import Any, Dict, List, Optional, Sequence

RUNS_MIME = "application/vnd.mlops.runs+json"
METRICS_MIME = "application/vnd.mlops.metrics+json"
DRIFT_MIME = "application/vnd.mlops.drift+json"
MODEL_VERSION_MIME = "application/vnd.mlops.model-version+json"
TRACES_MIME = "application/vnd.mlops.traces+json"
TRACE_MIME = "application/vnd.mlops.trace+json"

Bundle = Dict[str, Any]


def _table(headers: Sequence[str], rows: List[Sequence[str]], caption: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text_table(headers: Sequence[str], rows: List[Sequence[str]]) -> str:
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths))]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _number(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.6g}"


def _time(ms: Optional[int]) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M")


def runs_bundle(runs: List[Dict[str, Any]]) -> Bundle:
    metric_keys = sorted({key for run in runs for key in run["metrics"]})
    headers = ["run_id", "run_name", "status", "start_time"] + metric_keys
    rows = [
        [run["run_id"], run["run_name"] or "", run["status"], _time(run["start_time"])]
        + [_number(run["metrics"].get(key)) for key in metric_keys]
        for run in runs
    ]
    caption = f"{len(runs)} MLflow run(s)"
    return {
        RUNS_MIME: {"runs": runs},
        "text/html": _table(headers, rows, caption),
        "text/plain": f"{caption}\n{_text_table(headers, rows)}",
    }


def metrics_bundle(series: List[Dict[str, Any]]) -> Bundle:
    rows = []
    for s in series:
        values = [p["value"] for p in s["points"]]
        last = s["points"][-1] if s["points"] else None
        rows.append([
            s["run_id"], s["key"], str(len(values)),
            _number(min(values) if values else None), _number(max(values) if values else None),
            _number(last["value"] if last else None), str(last["step"]) if last else "",
        ])
    headers = ["run_id", "metric", "points", "min", "max", "last", "last step"]
    caption = f"{len(series)} metric series"
    return {
        METRICS_MIME: {"series": series},
        "text/html": _table(headers, rows, caption),
        "text/plain": f"{caption}\n{_text_table(headers, rows)}",
    }


def drift_bundle(report: Dict[str, Any]) -> Bundle:
    rows = [
        [c["name"], c["column_type"], c["stattest"], _number(c["threshold"]), _number(c["drift_score"]),
         "drift" if c["drift_detected"] else "no drift"]
        for c in report["columns"]
    ]
    summary = (
        f"Drift {report['reference']} → {report['current']}: {report['number_of_drifted_columns']} of "
        f"{report['number_of_columns']} columns drifted (share {report['share_of_drifted_columns']:.3g}); "
        f"dataset drift: {'yes' if report['dataset_drift'] else 'no'}"
    )
    headers = ["column", "type", "stattest", "threshold", "score", "decision"]
    return {
        DRIFT_MIME: report,
        "text/html": f"<p>{escape(summary)}</p>" + _table(headers, rows, "per-column drift"),
        "text/plain": f"{summary}\n{_text_table(headers, rows)}",
    }


def model_version_bundle(card: Dict[str, Any]) -> Bundle:
    aliases = ", ".join(card["aliases"]) or "none"
    title = f"{card['name']} version {card['version']}: {card['stage']} (aliases: {aliases})"
    metric_rows = [[key, _number(value)] for key, value in sorted(card["metrics"].items())]
    gate = card["gate"]
    if gate is None:
        gate_line = "No next stage: this version is in Production or Archived."
        checks: List[str] = []
    else:
        verdict = "passes" if gate["passed"] else "FAILS"
        gate_line = f"Gate to {gate['stage']}: {verdict} ({len(gate['checks'])} check(s))"
        checks = [f"{'✓' if c['passed'] else '✗'} {c['detail']}" for c in gate["checks"]]
    html = (
        f"<h4>{escape(title)}</h4><p>run {escape(card['run_id'] or 'none')}</p>"
        + _table(["metric", "value"], metric_rows, "key metrics")
        + f"<p>{escape(gate_line)}</p>"
        + ("<ul>" + "".join(f"<li>{escape(c)}</li>" for c in checks) + "</ul>" if checks else "")
    )
    text = "\n".join([title, f"run {card['run_id'] or 'none'}", _text_table(["metric", "value"], metric_rows), gate_line, *checks])
    return {MODEL_VERSION_MIME: card, "text/html": html, "text/plain": text}


def _trace_row(info: Dict[str, Any]) -> List[str]:
    preview = " ".join((info.get("request_preview") or "").split())
    return [
        info["trace_id"],
        info.get("tags", {}).get("mlflow.traceName", ""),
        info.get("state", ""),
        info.get("execution_duration") or "running",
        info.get("request_time", "")[:19].replace("T", " "),
        preview if len(preview) <= 60 else preview[:59] + "…",
    ]


def traces_bundle(found: Dict[str, Any]) -> Bundle:
    """`mlops traces --json` as it came: the renderer reads MLflow's TraceInfoV3 shape itself."""
    headers = ["trace_id", "name", "state", "latency", "request_time", "request"]
    rows = [_trace_row(info) for info in found.get("traces", [])]
    caption = f"{len(rows)} MLflow trace(s)"
    return {
        TRACES_MIME: found,
        "text/html": _table(headers, rows, caption),
        "text/plain": f"{caption}\n{_text_table(headers, rows)}",
    }


def _span_outline(spans: List[Dict[str, Any]]) -> List[str]:
    """The span tree as indented lines, children in start order; spans whose parent is missing are roots."""
    ids = {span["span_id"] for span in spans}
    children: Dict[Optional[str], List[Dict[str, Any]]] = {}
    for span in sorted(spans, key=lambda s: int(s["start_time_unix_nano"])):
        parent = span.get("parent_span_id")
        children.setdefault(parent if parent in ids else None, []).append(span)
    lines: List[str] = []
    stack = [(span, 0) for span in reversed(children.get(None, []))]
    while stack:
        span, depth = stack.pop()
        end = span.get("end_time_unix_nano")
        duration = f"{(int(end) - int(span['start_time_unix_nano'])) / 1e6:.1f} ms" if end else "open"
        kind = span.get("attributes", {}).get("mlflow.spanType", "UNKNOWN")
        failed = " ERROR" if span.get("status", {}).get("code") in ("STATUS_CODE_ERROR", "ERROR") else ""
        lines.append(f"{'  ' * depth}{span['name']} [{kind}] {duration}{failed}")
        stack.extend((child, depth + 1) for child in reversed(children.get(span["span_id"], [])))
    return lines


def trace_bundle(found: Dict[str, Any]) -> Bundle:
    """`mlops trace ID --json` as it came; the fallbacks show the trace's summary and its span tree."""
    trace = found["trace"]
    info = trace["trace_info"]
    name, state, latency = info.get("tags", {}).get("mlflow.traceName", info["trace_id"]), info.get("state", ""), info.get("execution_duration") or "running"
    title = f"{name}: {state}, {latency} ({info['trace_id']})"
    outline = _span_outline(trace.get("data", {}).get("spans", []))
    return {
        TRACE_MIME: found,
        "text/html": f"<h4>{escape(title)}</h4><pre>{escape(chr(10).join(outline))}</pre>",
        "text/plain": "\n".join([title, *outline]),
    }
