"""A training process for the SIGKILL test: trains a small model with the recorder, slowly, until it is killed.

    python -m tests.runs.proc_train URL ROOT OWNER
prints the run id, then trains 40 epochs of shapes (each epoch held 0.3 s longer, so the test can kill it mid-run).
"""
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(url, root, owner):
    import keras

    from cnnviz.runs.recorder import create_for, train_and_record
    from cnnviz.runs.store import open_store
    from cnnviz.training.datasets import load_shapes
    from cnnviz.training.run import TrainingRun, TrainSettings
    from tests.runs.helpers import TINY

    class Slow(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            time.sleep(0.3)

    store = open_store(url, root)
    run = TrainingRun(TINY, load_shapes(n=120, size=16, validation_split=0.25, seed=1), TrainSettings(epochs=40, seed=0))
    run_id = create_for(store, owner, run, "killed").run_id
    print(run_id, flush=True)
    train_and_record(store, owner, run_id, run, callbacks=[Slow()])


if __name__ == "__main__":
    main(*sys.argv[1:])
