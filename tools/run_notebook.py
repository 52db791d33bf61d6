#!/usr/bin/python3
"""Execute a Jupyter notebook cell by cell without losing late outputs.

Deno 2.9.6's kernel often sends a cell's outputs after it reports `status: idle`, so nbconvert
and nbclient silently drop them. This runner keeps reading iopub after each idle until nothing
arrived for --quiet-ms and attaches every message to its cell by `parent_header.msg_id`.

Usage: run_notebook.py IN.ipynb [--out OUT.ipynb] [--timeout 600] [--quiet-ms 1500]
                       [--kernel deno]
Exit codes: 0 ok, 1 a cell raised an error (or the kernel failed), 2 usage error.
The kernelspec is found through JUPYTER_PATH / XDG_DATA_HOME like any Jupyter tool.
"""

import argparse
import os
import queue
import sys
import tempfile
import time

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from jupyter_client.manager import KernelManager


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Execute a notebook without losing late outputs")
    parser.add_argument("notebook", help="notebook to execute")
    parser.add_argument("--out", help="where to write the executed notebook (default: in place)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per cell")
    parser.add_argument("--quiet-ms", type=int, default=1500,
                        help="keep reading iopub after idle until this long without a message")
    parser.add_argument("--kernel", default="deno", help="kernelspec name")
    args = parser.parse_args(argv)  # exits 2 on usage errors
    if args.timeout <= 0 or args.quiet_ms < 0:
        parser.error("--timeout must be positive and --quiet-ms non-negative")
    if not os.path.isfile(args.notebook):
        parser.error(f"cannot read notebook: {args.notebook} does not exist")
    return args


class OutputCollector:
    """Routes iopub messages to the outputs of the cell whose request they answer."""

    def __init__(self):
        self.cells = {}  # msg_id -> cell
        self.pending_clear = {}  # msg_id -> True when clear_output(wait=True) is pending
        self.displays = {}  # display_id -> list of output dicts to update in place

    def track(self, msg_id, cell):
        self.cells[msg_id] = cell

    def handle(self, msg):
        """Attaches one message; returns (parent msg_id, True if it was that request's idle)."""
        parent = msg.get("parent_header", {}).get("msg_id")
        cell = self.cells.get(parent)
        kind = msg["header"]["msg_type"]
        content = msg["content"]
        if kind == "status":
            return parent, content.get("execution_state") == "idle"
        if cell is None:
            return parent, False
        if kind == "execute_input":
            return parent, False
        if kind == "clear_output":
            if content.get("wait"):
                self.pending_clear[parent] = True
            else:
                cell.outputs = []
            return parent, False
        if kind not in ("stream", "display_data", "execute_result", "error",
                        "update_display_data"):
            return parent, False
        if kind == "update_display_data":
            display_id = content.get("transient", {}).get("display_id")
            for out in self.displays.get(display_id, []):
                out["data"] = content.get("data", {})
                out["metadata"] = content.get("metadata", {})
            return parent, False
        if self.pending_clear.pop(parent, False):
            cell.outputs = []
        out = nbformat.v4.output_from_msg(msg)
        if kind == "stream" and cell.outputs and cell.outputs[-1].get("output_type") == "stream" \
                and cell.outputs[-1].get("name") == out["name"]:
            cell.outputs[-1]["text"] += out["text"]
            return parent, False
        display_id = content.get("transient", {}).get("display_id")
        if display_id and kind in ("display_data", "execute_result"):
            self.displays.setdefault(display_id, []).append(out)
        cell.outputs.append(out)
        return parent, False


def wait_idle(client, collector, msg_id, timeout_s):
    """Reads iopub until the idle status answering `msg_id`; False on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        try:
            msg = client.get_iopub_msg(timeout=remaining)
        except queue.Empty:
            return False
        parent, idle = collector.handle(msg)
        if idle and parent == msg_id:
            return True


def wait_quiet(client, collector, quiet_s):
    """Reads iopub until no message arrived for `quiet_s` (late outputs attach by msg_id)."""
    while True:
        try:
            msg = client.get_iopub_msg(timeout=quiet_s)
        except queue.Empty:
            return
        collector.handle(msg)


def execute(nb, args, cwd):
    km = KernelManager(kernel_name=args.kernel)
    client = None
    errors = []
    try:
        km.start_kernel(cwd=cwd)
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        collector = OutputCollector()
        count = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if not cell.source.strip():
                continue
            msg_id = client.execute(cell.source, store_history=True, allow_stdin=False)
            collector.track(msg_id, cell)
            if not wait_idle(client, collector, msg_id, args.timeout):
                raise TimeoutError(f"cell {index} did not finish within {args.timeout:g} s")
            reply = client.get_shell_msg(timeout=args.timeout)
            while reply.get("parent_header", {}).get("msg_id") != msg_id:
                reply = client.get_shell_msg(timeout=args.timeout)
            count = reply["content"].get("execution_count") or count + 1
            cell.execution_count = count
            wait_quiet(client, collector, args.quiet_ms / 1000)
        # Errors are judged after all outputs settled, since an error output can arrive late.
        for index, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    errors.append((index, out.get("ename", ""), out.get("evalue", "")))
    finally:
        if client is not None:
            client.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return errors


def write_atomic(nb, path):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".run_notebook-", suffix=".ipynb", dir=folder)
    try:
        # mkstemp makes the file private (0600); a notebook keeps its mode, or gets 0644.
        mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    args = parse_args(argv)
    path = os.path.abspath(args.notebook)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # noqa: BLE001 - any parse failure is a usage error
        print(f"Cannot read notebook {args.notebook}: {e}", file=sys.stderr)
        return 2
    try:
        errors = execute(nb, args, os.path.dirname(path))
    except NoSuchKernel:
        print(f"Cannot execute {args.notebook}: no kernelspec named {args.kernel} "
              "(install one with `deno jupyter --install`, and point JUPYTER_PATH or "
              "XDG_DATA_HOME at it)", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - report kernel failures without a traceback
        print(f"Cannot execute {args.notebook}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    write_atomic(nb, os.path.abspath(args.out) if args.out else path)
    for index, ename, evalue in errors:
        print(f"Cell {index} of {args.notebook} raised {ename}: {evalue}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
