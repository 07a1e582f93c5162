"""Runs that last: every training run saved (metrics, curves, weights per epoch, the model) in a store that survives restarts."""
