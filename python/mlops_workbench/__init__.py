"""MLOps Workbench notebook magics: `%load_ext mlops_workbench`, then `%mlops ...` and `%%mlops validate`."""

from .magics import mlops_magic


def load_ipython_extension(ipython) -> None:  # noqa: ANN001 - IPython's InteractiveShell, not imported at load time
    ipython.register_magic_function(mlops_magic, magic_kind="line_cell", magic_name="mlops")
