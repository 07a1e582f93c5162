"""A second process writing one run into the store, for the concurrency tests.

    python -m tests.runs.proc_writer URL ROOT OWNER NAME EPOCHS
prints the run id, then writes EPOCHS epochs (each with a heartbeat) and finishes the run.
"""
import sys

from cnnviz.runs.limits import Limits
from cnnviz.runs.store import open_store
from tests.runs.helpers import new_run, write_epochs


def main(url, root, owner, name, epochs):
    store = open_store(url, root, Limits())
    run_id = new_run(store, owner, name=name, epochs=int(epochs), expected_bytes=0)
    print(run_id, flush=True)
    for epoch in range(1, int(epochs) + 1):
        store.heartbeat(run_id, owner)
        write_epochs(store, run_id, owner, 1, start=epoch)
    store.finish(run_id, owner, "done", duration=1.0)


if __name__ == "__main__":
    main(*sys.argv[1:])
