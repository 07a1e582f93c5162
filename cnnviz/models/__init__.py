"""Real Keras models: a spec built into a keras.Model, cnnviz's own layers, and model files opened safely."""
