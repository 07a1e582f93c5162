"""The architecture builder: a draft of layers edited step by step, the learner's predictions checked, Keras code."""
