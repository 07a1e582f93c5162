"""A trained network taken apart for one image: every layer's output (`probe`), what a filter wants to see
(`featurevis`), which pixels made the decision (`attribution`: Grad-CAM, HiResCAM, saliency, SmoothGrad,
Integrated Gradients, occlusion) and their pictures."""
