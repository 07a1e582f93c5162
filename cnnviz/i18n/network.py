"""Strings of the whole-network view (/network): model and image choice, the overview, details, Grad-CAM."""

STRINGS = {
    "network.intro": (
        "One image through a trained CNN, as CNN Explainer shows it: every layer's feature maps in order, the "
        "flattened vector, the Dense outputs and the class probabilities. Pick a map to see where it came from.",
        "학습된 CNN에 이미지 한 장을 넣고 CNN Explainer처럼 봅니다: 층마다 나오는 피처맵을 차례로, 펼친 벡터, "
        "Dense 층의 출력, 클래스 확률까지. 피처맵을 고르면 어디서 왔는지 볼 수 있습니다."),
    "network.model": ("Model", "모델"),
    "network.model.shipped": ("Shipped TinyVGG (shapes, {accuracy} test accuracy)", "기본 TinyVGG (도형, 테스트 정확도 {accuracy})"),
    "network.model.trained": ("The model trained on /training in this session", "이번 세션에 학습 페이지에서 학습한 모델"),
    "network.model.upload": ("Upload a .keras or .h5 file", ".keras 또는 .h5 파일 올리기"),
    "network.model.run": ("A saved run, at any epoch", "저장한 학습, 원하는 에포크"),
    "network.model.class": ("The class's model", "우리 반 모델"),
    "network.model.no_class": (
        "No class model yet: join a class (in the sidebar) whose teacher trained a model on the class's images, or "
        "whose teacher put a shared run on the projector.",
        "아직 우리 반 모델이 없습니다. 교사가 반 이미지로 모델을 학습시켰거나 공유된 학습을 프로젝터에 띄운 반에 (사이드바에서) "
        "들어가세요."),
    "network.run": ("Run", "학습 기록"),
    "network.run.epoch": ("Epoch", "에포크"),
    "network.run.none": ("No saved run yet: train one on /training (every run is saved), or pick another model.",
                         "저장한 학습이 아직 없습니다. 학습 페이지에서 학습하거나 (모두 저장됩니다) 다른 모델을 고르세요."),
    "network.model.no_trained": ("No model has been trained in this session yet: train one on /training, or pick another.",
                                 "이번 세션에 학습한 모델이 아직 없습니다. 학습 페이지에서 학습하거나 다른 모델을 고르세요."),
    "network.model.file": ("Model file (.keras)", "모델 파일 (.keras)"),
    "network.model.file_help": ("Saved with model.save('name.keras'). It is opened in Keras's safe mode: no code in it runs.",
                                "model.save('이름.keras')로 저장한 파일입니다. Keras 안전 모드로 열어 파일 속 코드는 실행하지 않습니다."),
    "network.model.file_any": ("Model file (.keras or .h5)", "모델 파일 (.keras 또는 .h5)"),
    "network.model.file_any_help": (
        "Saved with model.save('name.keras'), or a Keras 2 / Teachable Machine keras_model.h5. It is opened in "
        "Keras's safe mode and checked first: no code in it runs.",
        "model.save('이름.keras')로 저장한 파일이나 Keras 2 / Teachable Machine의 keras_model.h5입니다. 먼저 검사한 뒤 "
        "Keras 안전 모드로 열어 파일 속 코드는 실행하지 않습니다."),
    "network.model.labels": ("Class names: labels.txt (optional; Teachable Machine exports one)",
                             "클래스 이름: labels.txt (선택, Teachable Machine이 함께 내보냄)"),
    "network.model.need_file": ("Choose a .keras file to upload.", ".keras 파일을 골라 올려 주세요."),
    "network.model.classes": ("Class names, separated by commas (optional)", "클래스 이름, 쉼표로 구분 (선택)"),
    "network.model.summary": ("{name}: input {shape}, {classes} classes, {params} parameters; {scale}.",
                              "{name}: 입력 {shape}, 클래스 {classes}개, 파라미터 {params}개; {scale}."),
    "network.scale.raw": ("takes pixels 0–255 (it rescales them itself)", "0–255 픽셀을 받습니다 (모델이 직접 스케일 조정)"),
    "network.scale.unit": ("takes pixels scaled to 0–1", "0–1로 스케일한 픽셀을 받습니다"),
    "network.accuracy": ("Measured accuracy of the shipped model on {n} held-out images: {accuracy}.",
                         "기본 모델을 학습에 쓰지 않은 이미지 {n}장으로 잰 정확도: {accuracy}."),
    "network.image": ("Image", "이미지"),
    "network.image.shape": ("A drawn shape (like the training data)", "그린 도형 (학습 데이터와 같은 종류)"),
    "network.image.sample": ("A sample photo", "예시 사진"),
    "network.image.upload": ("Upload an image", "이미지 올리기"),
    "network.image.kind": ("Shape", "도형"),
    "network.image.seed": ("Variation (seed)", "변형 (시드)"),
    "network.image.photo": ("Photo", "사진"),
    "network.image.file": ("Image file", "이미지 파일"),
    "network.image.need_file": ("Choose an image file to upload.", "이미지 파일을 골라 올려 주세요."),
    "network.input": ("Input {shape}", "입력 {shape}"),
    "network.overview": ("Every layer's maps", "모든 층의 피처맵"),
    "network.overview.caption": ("Columns are layers, left to right; each square is one channel's map, "
                                 "dark = low, bright = high (one colour scale per layer).",
                                 "열은 왼쪽부터 차례로 층이고, 네모 하나가 채널 하나의 피처맵입니다. 어두울수록 작고 밝을수록 큰 값입니다 (층마다 색 범위 하나)."),
    "network.show_all": ("Show all channels", "모든 채널 보기"),
    "network.overview.page": ("Page", "페이지"),
    "network.show_first": ("Showing the first {n} channels of each layer.", "층마다 처음 {n}개 채널을 보여 줍니다."),
    "network.overview.channels": ("Channels {first}–{last} of {total}", "채널 {total}개 중 {first}–{last}"),
    "network.overview.layers": ("Layers {first}–{last} of {total}", "층 {total}개 중 {first}–{last}"),
    "network.known_classes": ("The model only knows its {k} classes: {classes}. It gives every image one of them, "
                              "even an image of something else.",
                              "이 모델은 자기 클래스 {k}개만 압니다: {classes}. 다른 것을 찍은 이미지에도 이 중 하나를 답합니다."),
    "network.unlike_data": ("This image looks unlike the images the model was trained on (its pixel statistics are "
                            "{distance} away from theirs; {threshold} or less is usual), so the answer tells little.",
                            "이 이미지는 모델이 학습한 이미지와 달라 보입니다(픽셀 통계의 거리 {distance}, 보통은 "
                            "{threshold} 이하). 그래서 이 답은 별 의미가 없습니다."),
    "network.vectors": ("Flatten, Dense and softmax", "펼치기(Flatten), Dense, 소프트맥스"),
    "network.flatten": ("{name}: the maps flattened into {n} numbers", "{name}: 피처맵을 펼친 숫자 {n}개"),
    "network.dense": ("{name}: {n} outputs", "{name}: 출력 {n}개"),
    "network.value": ("value", "값"),
    "network.position": ("position", "위치"),
    "network.output": ("output", "출력"),
    "network.prediction": ("Prediction: {name} ({probability})", "예측: {name} ({probability})"),
    "network.logits_note": ("This model outputs logits; the softmax was applied here so the probabilities sum to 1.",
                            "이 모델은 로짓을 내보내므로 여기서 소프트맥스를 적용해 확률의 합이 1이 되게 했습니다."),
    "network.detail": ("A closer look at one map", "피처맵 하나 자세히 보기"),
    "network.detail.layer": ("Layer", "층"),
    "network.detail.channel": ("Channel", "채널"),
    "network.detail.pick": ("Click a map to pick its channel ({n} of {total} shown)", "맵을 눌러 채널을 고르세요 ({total}개 중 {n}개)"),
    "network.detail.conv": ("Output channel {channel} of {name} = the sum over the {cin} input maps of each map "
                            "convolved with its kernel (below it), plus the bias {bias}, then {activation}.",
                            "{name}의 출력 채널 {channel} = 입력 피처맵 {cin}개 각각을 (아래의) 커널로 합성곱한 것의 합 + 편향 {bias}, "
                            "그다음 {activation}."),
    "network.detail.pool": ("{name} ({type}) takes each window of the input map and keeps one number.",
                            "{name}({type})은 입력 피처맵의 창마다 숫자 하나만 남깁니다."),
    "network.detail.other": ("{name} ({type}) turns its input map (left) into this map (right).",
                             "{name}({type})은 입력 피처맵(왼쪽)을 이 피처맵(오른쪽)으로 바꿉니다."),
    "network.detail.first_inputs": ("Showing the first {n} of {total} input maps.", "입력 피처맵 {total}개 중 처음 {n}개를 보여 줍니다."),
    "network.detail.explorer": ("Open this convolution in the explorer", "이 합성곱을 탐색기에서 열기"),
    "network.detail.explorer_note": ("The explorer applies one kernel to the average of the colour channels; the link "
                                     "carries this filter's kernels summed over its input channels.",
                                     "탐색기는 커널 하나를 색 채널의 평균에 적용합니다. 링크에는 이 필터의 커널을 입력 채널에 대해 더한 것이 담깁니다."),
    "network.detail.no_maps": ("This model has no layer with image-shaped outputs to show.",
                               "이 모델에는 보여 줄 이미지 모양의 출력을 내는 층이 없습니다."),
    "network.gradcam": ("Grad-CAM: where the model looked", "Grad-CAM: 모델이 본 곳"),
    "network.gradcam.class": ("Class to explain", "설명할 클래스"),
    "network.gradcam.method": ("Method", "방법"),
    "network.gradcam.method.auto": ("Best for this model", "이 모델에 맞는 방법"),
    "network.gradcam.method.gradcam": ("Grad-CAM", "Grad-CAM"),
    "network.gradcam.method.hirescam": ("HiResCAM", "HiResCAM"),
    "network.gradcam.predicted": ("the predicted class ({name})", "예측한 클래스 ({name})"),
    "network.gradcam.explain": (
        "Grad-CAM (Selvaraju et al., 2017) asks how the score of “{name}” would change if each map of the last "
        "convolution {layer} changed. Maps that raise the score get weight; their weighted sum, negatives cut to 0, is "
        "the heatmap. Red areas are the pixels that spoke most for “{name}”; it is a coarse map "
        "({h} × {w} cells, scaled up), not a proof of what the model understands.",
        "Grad-CAM(Selvaraju 외, 2017)은 마지막 합성곱 층 {layer}의 피처맵이 바뀔 때 “{name}” 점수가 얼마나 변하는지 봅니다. "
        "점수를 올리는 피처맵일수록 가중치가 크고, 그 가중합에서 음수를 0으로 자른 것이 히트맵입니다. 빨간 곳이 “{name}”에 "
        "가장 크게 기여한 픽셀입니다. ({h} × {w} 칸을 키운) 거친 지도이며, 모델이 무엇을 이해했는지의 증거는 아닙니다."),
    "network.gradcam.empty": ("This map is empty: at this layer nothing speaks for the class once the gradients are "
                              "averaged (Grad-CAM). HiResCAM keeps the gradient per position; try it.",
                              "지도가 비어 있습니다. Grad-CAM처럼 기울기를 평균하면 이 층에는 그 클래스를 지지하는 근거가 남지 않습니다. "
                              "위치마다 기울기를 그대로 쓰는 HiResCAM을 써 보세요."),
    "network.gradcam.hires": ("HiResCAM (Draelos & Carin, 2020) keeps each gradient at its own position instead of "
                              "averaging it over the map; for a last convolution followed by Flatten and Dense it shows "
                              "exactly which positions added to the score.",
                              "HiResCAM(Draelos & Carin, 2020)은 기울기를 피처맵 전체에서 평균하지 않고 위치마다 그대로 씁니다. "
                              "마지막 합성곱 뒤에 Flatten과 Dense가 오는 모델에서는 어느 위치가 점수를 올렸는지 정확히 보여 줍니다."),
    "network.gradcam.image": ("Input", "입력"),
    "network.class.circle": ("circle", "원"),
    "network.class.square": ("square", "사각형"),
    "network.class.triangle": ("triangle", "삼각형"),
    "network.class.cross": ("cross", "십자"),
    "network.err.empty": ("The model file is empty. Choose the .keras file again.", "모델 파일이 비어 있습니다. .keras 파일을 다시 골라 주세요."),
    "network.err.too_large": ("The model file is {size_mb} MB; this page takes up to {limit_mb} MB. Upload a smaller model.",
                              "모델 파일이 {size_mb} MB입니다. 이 페이지는 {limit_mb} MB까지 받습니다. 더 작은 모델을 올려 주세요."),
    "network.err.not_keras": ("This is not a Keras .keras file (a zip with config.json). Save the model with "
                              "model.save('name.keras') and upload that file.",
                              "Keras .keras 파일(config.json이 든 zip)이 아닙니다. model.save('이름.keras')로 저장한 파일을 올려 주세요."),
    "network.err.bomb": ("The model file unpacks to more than {limit_mb} MB; it is refused.",
                         "모델 파일을 풀면 {limit_mb} MB가 넘어서 받지 않습니다."),
    "network.err.lambda": ("The model contains a Lambda layer, which would run code from the file; this page never "
                           "runs such code. Replace the Lambda layer with a built-in layer and save again.",
                           "모델에 Lambda 층이 있습니다. Lambda 층은 파일 속 코드를 실행하므로 이 페이지는 열지 않습니다. "
                           "Lambda 층을 Keras 기본 층으로 바꿔 다시 저장해 주세요."),
    "network.err.unreadable": ("Keras could not open this model safely: {reason}", "Keras가 이 모델을 안전하게 열지 못했습니다: {reason}"),
    "network.err.io": ("This page shows models with one image input and one output; this one has {inputs} inputs and "
                       "{outputs} outputs.",
                       "이 페이지는 이미지 입력 하나, 출력 하나인 모델만 보여 줍니다. 이 모델은 입력 {inputs}개, 출력 {outputs}개입니다."),
    "network.err.input": ("This page needs an image input (H, W, C) with H and W from 8 to 512 and C = 1 or 3; the model takes {shape}.",
                          "이 페이지는 H, W가 8~512이고 C가 1 또는 3인 이미지 입력 (H, W, C)이 필요한데, 이 모델의 입력은 {shape}입니다."),
    "network.err.output": ("This page needs a classifier whose output is one score per class; the model outputs {shape}.",
                           "이 페이지는 클래스마다 점수 하나를 내는 분류 모델이 필요한데, 이 모델의 출력은 {shape}입니다."),
    "network.err.too_many_params": ("The model has {params:,} parameters; this page shows models up to {limit:,}.",
                                    "모델의 파라미터가 {params:,}개입니다. 이 페이지는 {limit:,}개까지 보여 줍니다."),
    "network.err.no_conv": ("Grad-CAM needs a convolution layer, and this model has none.",
                            "Grad-CAM에는 합성곱 층이 필요한데 이 모델에는 없습니다."),
}
