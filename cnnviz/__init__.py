"""cnnviz: a CNN explainer's library — Keras-exact shape, parameter and cost calculators, and the live models behind the app.

Importing `cnnviz` (and the calculators `specs`, `shapes`, `params`, `cost`, `summary`, `presets`)
never imports TensorFlow; the modules that need Keras import it when they are used.
"""
__version__ = "0.1.0"
