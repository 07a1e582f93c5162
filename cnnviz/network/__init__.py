"""A trained network taken apart for one image: every layer's output, Grad-CAM and their pictures."""
