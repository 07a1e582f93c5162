"""Strings of attribution (which pixels made the decision), feature visualisation and the explorer's backward pass."""

STRINGS = {
    # --- attribution methods: name and what the map measures ---------------------------------------
    "attribution.title": ("Which pixels made the decision: six ways to ask", "어떤 픽셀이 결정을 만들었나: 여섯 가지 방법"),
    "attribution.intro": (
        "Each map answers a slightly different question about the class “{name}”; where they agree, the evidence is "
        "strong. Red is evidence for the class, blue (on the signed maps) evidence against it.",
        "각 맵은 클래스 “{name}”에 대해 조금씩 다른 질문에 답합니다. 여러 맵이 같은 곳을 가리키면 근거가 강한 것입니다. "
        "빨간색은 그 클래스를 지지하는 근거, (부호가 있는 맵의) 파란색은 반대하는 근거입니다.",
    ),
    "attribution.params": ("Settings", "설정"),
    "attribution.param.last": ("the last convolution", "마지막 합성곱 층"),
    "attribution.gradcam": ("Grad-CAM", "Grad-CAM"),
    "attribution.gradcam.what": (
        "Which regions of the last convolution's maps raise the score, the maps weighted by their average gradient.",
        "마지막 합성곱 피처맵의 어느 영역이 점수를 올리는지, 피처맵마다 평균 기울기를 가중치로 곱해 보여 줍니다."),
    "attribution.hirescam": ("HiResCAM", "HiResCAM"),
    "attribution.hirescam.what": (
        "Which positions of the last convolution's maps added to the score, each map multiplied by its gradient there.",
        "마지막 합성곱 피처맵의 어느 위치가 점수에 더해졌는지, 위치마다 피처맵 값에 그 자리의 기울기를 곱해 보여 줍니다."),
    "attribution.saliency": ("Saliency (gradient)", "돌출 맵 (기울기)"),
    "attribution.saliency.what": (
        "How much the score would move if a pixel changed a little: the size of the gradient, largest over the colour channels.",
        "픽셀이 조금 바뀌면 점수가 얼마나 움직이는지, 곧 기울기의 크기를 색 채널 중 가장 큰 값으로 보여 줍니다."),
    "attribution.smoothgrad": ("SmoothGrad", "SmoothGrad"),
    "attribution.smoothgrad.what": (
        "The gradient averaged over copies of the image with random noise added, which removes the gradient's speckle.",
        "잡음을 섞은 이미지 여러 장에서 기울기를 평균해, 기울기의 자잘한 얼룩을 지운 지도입니다."),
    "attribution.ig": ("Integrated Gradients", "통합 기울기 (Integrated Gradients)"),
    "attribution.ig.what": (
        "Each pixel's share of the score's change from a baseline image to this one; the shares add up to that change.",
        "기준 이미지에서 이 이미지로 올 때 점수가 바뀐 양을 픽셀마다 나눈 몫이며, 몫을 모두 더하면 그 변화량이 됩니다."),
    "attribution.occlusion": ("Occlusion", "가리기 (Occlusion)"),
    "attribution.occlusion.what": (
        "How much the score drops when a patch around a pixel is covered: measured by running the model again, not by gradients.",
        "픽셀 주변 조각을 가렸을 때 점수가 얼마나 떨어지는지, 기울기가 아니라 모델을 다시 실행해서 잰 값입니다."),
    "attribution.score": ("Score explained: the logit of “{name}” = {score}", "설명하는 점수: “{name}”의 로짓 = {score}"),
    "attribution.ig.completeness": (
        "The attributions add up to {total}; the score changed by {change} from the baseline ({gap} off with {steps} steps).",
        "기여도의 합은 {total}이고, 기준 이미지에서 점수는 {change}만큼 바뀌었습니다 ({steps}단계로 {gap} 차이)."),
    # --- parameters ------------------------------------------------------------------------------------
    "attribution.param.layer": ("Convolution layer", "합성곱 층"),
    "attribution.param.samples": ("Noisy copies", "잡음 섞은 사본 수"),
    "attribution.param.noise": ("Noise σ (fraction of the input range)", "잡음 σ (입력 범위에 대한 비율)"),
    "attribution.param.seed": ("Random seed", "난수 시드"),
    "attribution.param.baseline": ("Baseline image", "기준 이미지"),
    "attribution.param.steps": ("Steps along the path", "경로 단계 수"),
    "attribution.param.patch": ("Patch size (pixels)", "조각 크기 (픽셀)"),
    "attribution.param.stride": ("Patch stride (pixels)", "조각 이동 간격 (픽셀)"),
    "attribution.param.fill": ("Patch fill (0 black, 0.5 grey, 1 white)", "조각 채우기 (0 검정, 0.5 회색, 1 흰색)"),
    "attribution.baseline.black": ("black", "검정"),
    "attribution.baseline.gray": ("grey", "회색"),
    "attribution.baseline.white": ("white", "흰색"),
    # --- errors ----------------------------------------------------------------------------------------
    "attribution.err.class": ("Class {index} does not exist: this model has {k} classes (0 to k − 1).",
                              "클래스 {index}는 없습니다. 이 모델의 클래스는 {k}개입니다 (0부터 k − 1까지)."),
    "attribution.err.shape": ("The image has shape {got} but the model takes {want}; resize the image first.",
                              "이미지 모양은 {got}인데 모델은 {want}을 받습니다. 먼저 이미지 크기를 맞춰 주세요."),
    "attribution.err.range": ("{name} = {value} is outside {low} … {high}; pick a value in that range.",
                              "{name} = {value}는 {low} … {high} 범위 밖입니다. 이 범위 안의 값을 골라 주세요."),
    "attribution.err.choice": ("{name} = {value} is not one of {choices}.", "{name} = {value}는 {choices} 중 하나가 아닙니다."),
    "attribution.err.positions": ("This patch and stride need {n} occluded images (at most {limit}); take a larger stride or patch.",
                                  "이 조각 크기와 간격으로는 가린 이미지가 {n}장 필요합니다 (최대 {limit}장). 간격이나 조각을 키워 주세요."),
    # --- feature visualisation -------------------------------------------------------------------------
    "featurevis.title": ("What a filter looks for", "필터가 찾는 것"),
    "featurevis.all": ("Every filter of the layer", "층의 모든 필터"),
    "featurevis.what": (
        "Starting from noise, the image is changed step by step in the direction that raises this filter's mean "
        "activation (gradient ascent), with small shifts and blurring so that it does not turn into noise.",
        "잡음에서 시작해 이 필터의 평균 활성값이 커지는 방향으로 이미지를 조금씩 바꿉니다 (경사 상승법). "
        "잡음으로 변하지 않도록 매 단계 조금씩 밀고 흐리게 합니다."),
    "featurevis.progress": ("Step {step} of {steps}", "{steps}단계 중 {step}단계"),
    "featurevis.gain": ("Mean activation: {before} for the starting noise → {after} for this image.",
                        "평균 활성값: 시작한 잡음 {before} → 이 이미지 {after}."),
    "featurevis.top": ("The {k} images of the data set that excite this filter most", "이 필터를 가장 강하게 활성화하는 데이터셋 이미지 {k}장"),
    "featurevis.grid": ("Every filter of {layer}", "{layer}의 모든 필터"),
    "featurevis.err.layer": ("{name} is not a convolution layer of this model; filters can be visualised for: {names}.",
                             "{name}은 이 모델의 합성곱 층이 아닙니다. 필터를 시각화할 수 있는 층: {names}."),
    "featurevis.err.filter": ("Filter {index} does not exist: layer {name} has {n} filters (0 to {last}).",
                              "필터 {index}는 없습니다. {name} 층의 필터는 {n}개입니다 (0부터 {last}까지)."),
    "featurevis.err.images": ("The images have shape {got}; the model takes a stack of {want} images.",
                              "이미지 모양이 {got}입니다. 모델은 {want} 이미지 묶음을 받습니다."),
    # --- the explorer's backward pass ----------------------------------------------------------------
    "backward.loss.mean": ("L = mean of all {n} outputs", "L = 출력 {n}개 전체의 평균"),
    "backward.loss.pixel": ("L = one output: {array}[{row}, {col}, {filter}]", "L = 출력 하나: {array}[{row}, {col}, {filter}]"),
    "backward.err.target": ("The loss can be the mean, or one pixel of 'pooled' or 'activation'; got {value}.",
                            "손실은 평균이거나 'pooled' 또는 'activation'의 픽셀 하나여야 하는데 {value}를 받았습니다."),
    "backward.err.weight": ("Weight [{i}, {j}, {c}, {f}] does not exist: the kernels have shape {shape}.",
                            "가중치 [{i}, {j}, {c}, {f}]는 없습니다. 커널의 모양은 {shape}입니다."),
}
