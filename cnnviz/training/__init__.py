"""Training on real data: data sets, safe archives, the run and its live progress, the queue, evaluation and curves."""
