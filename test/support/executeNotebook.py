"""Executes a notebook with a real IPython kernel (nbclient) and saves it with its outputs.
Usage: /usr/bin/python3 executeNotebook.py IN.ipynb OUT.ipynb WORKING_DIR
An error output (a traceback) in any cell fails the run: the magics must report problems as one stderr line."""

import sys

import nbformat
from nbclient import NotebookClient

source, target, cwd = sys.argv[1:4]
notebook = nbformat.read(source, as_version=4)
NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": cwd}}).execute()
nbformat.write(notebook, target)
