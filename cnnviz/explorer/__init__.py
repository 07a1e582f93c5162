"""The convolution explorer: one live Keras stage, its settings, kernels, one pixel's arithmetic and its pictures."""
