"""Find ARM templates on which Checkov's ARM graph builder raises, so that
bench/compare_tools.sh can leave them out of the input set for every tool.

Run with the Python of Checkov's venv, in the folder Checkov will scan (compare_tools.sh does):
    python checkov_arm_probe.py FOLDER
Prints the paths (relative to FOLDER) of the templates on which graph building raises. Checkov
3.3.30 raises IndexError taking apart some reference()/resourceId() strings while it makes
edges, and TypeError in adjust_value() when a value it renders again is already an int or bool
(for example a copy.count taken from an integer variable); in a real run the first such error
ends `checkov --framework arm` with exit code 2 and no report. Whether it happens depends
on the other files (the renderer re-evaluates edge groups across the whole graph), so the probe
builds one graph of all the files, as a real run does, and catches each failing call.
"""
import logging
import os
import sys

logging.disable(logging.CRITICAL)

from checkov.arm.graph_manager import ArmGraphManager  # noqa: E402
from checkov.arm.utils import get_files_definitions, get_scannable_file_paths  # noqa: E402
from checkov.common.graph.db_connectors.networkx.networkx_db_connector import NetworkxConnector  # noqa: E402
from checkov.arm.graph_builder.local_graph import ArmLocalGraph  # noqa: E402
import checkov.arm.graph_builder.variable_rendering.renderer as renderer  # noqa: E402

failed = set()


def _catching(cls, name, origin_path):
    """Wrap cls.name so that an error is recorded against the file of the vertex it concerns."""
    orig = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        try:
            return orig(self, *args, **kwargs)
        except Exception:  # noqa: BLE001 - any error here ends a real checkov run
            failed.add(origin_path(self, *args))

    setattr(cls, name, wrapper)


# Edge creation: reference()/resourceId() strings it cannot take apart (IndexError).
for _name in ("_create_implicit_edge", "_create_explicit_edge"):
    _catching(ArmLocalGraph, _name, lambda self, origin, *_: self.vertices[origin].path)
# Variable rendering: values already rendered to an int or bool (TypeError).
_catching(renderer.ArmVariableRenderer, "evaluate_vertex_attribute_from_edge",
          lambda self, edges: self.local_graph.vertices[edges[0].origin].path)


def main():
    root = os.path.abspath(sys.argv[1])
    files = sorted(get_scannable_file_paths(root_folder=root))
    defs, _, _ = get_files_definitions(files)
    if defs:
        ArmGraphManager(db_connector=NetworkxConnector()).build_graph_from_definitions(definitions=defs)
    for path in sorted(failed):
        print(os.path.relpath(path, root))


if __name__ == "__main__":
    main()
