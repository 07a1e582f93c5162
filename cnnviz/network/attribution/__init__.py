"""Which pixels made the decision: one module per attribution technique, each built with the model and called with an image."""
