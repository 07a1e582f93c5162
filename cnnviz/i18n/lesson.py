"""Strings of the guided lesson (the landing page): each step's title, explanation, links and widgets."""

STRINGS = {
    "lesson.title": ("A CNN, step by step", "CNN, 한 단계씩"),
    "lesson.intro": (
        "Ten short steps, in the order of TensorFlow's CNN tutorial (CIFAR-10, 32×32×3 images). "
        "Each step has a short explanation and either a live widget or a link that opens the right page "
        "with the right settings.",
        "TensorFlow CNN 튜토리얼(CIFAR-10, 32×32×3 이미지)의 순서를 따라가는 10단계입니다. "
        "단계마다 짧은 설명과 함께, 직접 움직여 보는 위젯이나 알맞은 설정으로 페이지를 여는 링크가 있습니다.",
    ),
    "lesson.step_label": ("Step {n} of {total}", "{total}단계 중 {n}단계"),
    "lesson.contents": ("Steps", "단계"),
    "lesson.try": ("Try it", "직접 해 보기"),

    # 1 — why not an MLP
    "lesson.mlp.title": ("Why an MLP on pixels loses spatial information", "왜 MLP(밀집층)는 이미지의 공간 정보를 잃을까"),
    "lesson.mlp.text": (
        "A multilayer perceptron (MLP, `Dense` layers) needs a 1-D vector, so the 32×32×3 image is first "
        "flattened into 3,072 numbers. Neighbouring pixels end up far apart in that vector, every pixel gets "
        "its own weight, and an object that moves by one pixel looks like a different input. The input is "
        "also large, so the first `Dense` layer needs many weights. A CNN keeps the image's height and width "
        "and slides one small filter over every position, so the same weights find the same feature anywhere.",
        "다층 퍼셉트론(MLP, `Dense` 밀집층)에는 1차원 벡터를 넣어야 하므로 32×32×3 이미지를 `flatten()` 으로 "
        "3,072개의 숫자로 펼칩니다. 그러면 이웃한 픽셀이 벡터에서 멀리 떨어지고(인접 공간 정보를 잃어버림), "
        "픽셀마다 다른 가중치가 붙어서 물체가 한 픽셀만 움직여도 전혀 다른 입력이 됩니다. 입력값이 커서 "
        "첫 `Dense` 층의 가중치도 아주 많아집니다. CNN은 이미지의 높이와 너비를 그대로 두고 작은 필터 하나를 "
        "모든 위치에 밀어 가며 적용하므로, 같은 가중치로 어디에 있든 같은 특징을 찾습니다.",
    ),
    "lesson.mlp.units": ("Dense units (MLP)", "Dense 유닛 수 (MLP)"),
    "lesson.mlp.filters": ("Conv2D filters (3×3 kernel)", "Conv2D 필터 수 (3×3 커널)"),
    "lesson.mlp.dense_metric": ("Dense on the flattened 32×32×3 image", "펼친 32×32×3 이미지에 Dense"),
    "lesson.mlp.conv_metric": ("Conv2D with 3×3 kernels", "3×3 커널의 Conv2D"),
    "lesson.mlp.params": ("{n} parameters", "파라미터 {n}개"),
    "lesson.mlp.ratio": (
        "The `Dense` layer needs {ratio}× as many parameters as the convolution, and it still throws away "
        "which pixels were neighbours.",
        "`Dense` 층은 합성곱 층보다 파라미터가 {ratio}배 많이 필요하고, 그래도 어떤 픽셀이 이웃이었는지는 잃어버립니다.",
    ),
    "lesson.mlp.neighbour": (
        "In the flattened vector, the pixel just below a pixel is {n} positions away (W·C = 32·3).",
        "펼친 벡터에서는 바로 아래 픽셀이 {n}칸이나 떨어져 있습니다 (W·C = 32·3).",
    ),
    "lesson.mlp.tutorial": (
        "The whole CNN of the TensorFlow tutorial has {n} parameters.",
        "TensorFlow 튜토리얼의 CNN 전체 파라미터는 {n}개입니다.",
    ),
    "lesson.link.architecture_cifar": ("The tutorial's CIFAR-10 model in the architecture builder",
                                       "모델 구조 설계에서 튜토리얼의 CIFAR-10 모델 보기"),

    # 2 — convolution and the feature map
    "lesson.conv.title": ("Convolution and the feature map", "합성곱(Convolution)과 피처맵(feature map)"),
    "lesson.conv.text": (
        "A convolution slides a small **filter** (its **kernel**, e.g. 3×3) over the image. At every position "
        "it multiplies the kernel with the pixels under it and adds them up (plus a bias): one number of the "
        "output. All these numbers together form a **feature map**. `Conv2D(filters=32, kernel_size=(3, 3))` "
        "learns 32 filters and gives 32 feature maps, one per filter. A Sobel kernel, for instance, "
        "lights up vertical edges.",
        "합성곱(Convolution)은 작은 **필터**(filter, 예: 3×3 **커널** kernel)를 이미지 위에서 한 칸씩 밀며, "
        "위치마다 커널과 그 아래 픽셀을 곱해 모두 더합니다(편향 bias 포함). 이것이 출력의 한 값이고, 이 값들을 "
        "모은 것이 **피처맵**(feature map)입니다. `Conv2D(filters=32, kernel_size=(3, 3))` 는 필터 32개를 학습하고, "
        "필터마다 하나씩 피처맵 32장을 만듭니다. 예를 들어 Sobel 커널은 세로 경계선에서 크게 반응합니다.",
    ),
    "lesson.link.conv_sobel": ("A Sobel filter on a photo", "사진에 Sobel 필터 적용해 보기"),
    "lesson.link.conv_random": ("Eight random filters, eight feature maps", "무작위 필터 8개, 피처맵 8장"),

    # 3 — padding
    "lesson.padding.title": ("Padding: valid vs same", "패딩(padding): valid와 same"),
    "lesson.padding.text": (
        "Without padding (`padding='valid'`, the `Conv2D` default) the kernel never leaves the image, so the "
        "output is smaller: 32 − 3 + 1 = 30. Padding adds a border of zeros first: with `kernel_size=3` and "
        "padding 1 the size stays 32, and `padding='same'` lets Keras pick the zeros so that the output has "
        "the same size (with stride 1). Padding also lets the edge pixels take part as often as the others.",
        "패딩이 없으면(`padding='valid'`, `Conv2D` 의 기본값) 커널이 이미지 밖으로 나가지 않으므로 출력이 작아집니다: "
        "32 − 3 + 1 = 30. 패딩은 먼저 이미지 가장자리에 0을 둘러 줍니다. `kernel_size=3` 에 패딩 1이면 크기가 32 그대로이고, "
        "`padding='same'` 은 출력 크기가 입력과 같아지도록(스트라이드 1일 때) Keras가 0의 개수를 정합니다. "
        "패딩은 가장자리 픽셀의 특징도 더 잘 학습하게 해 줍니다.",
    ),
    "lesson.kernel_size": ("kernel_size k", "커널 크기 kernel_size k"),
    "lesson.padding": ("padding", "패딩 padding"),
    "lesson.padding.valid": ("valid (p = 0)", "valid (p = 0)"),
    "lesson.padding.same": ("same", "same"),
    "lesson.padding.p": ("zeros p = {p}", "0 채우기 p = {p}"),
    "lesson.stride": ("stride s", "스트라이드 stride s"),
    "lesson.out_size": ("Output: {h}×{h}", "출력: {h}×{h}"),
    "lesson.out_caption": (
        "The formula is Keras's rule; the number is what `model.summary()` shows.",
        "이 식은 Keras의 규칙이고, 결과는 `model.summary()` 에 나오는 값과 같습니다.",
    ),
    "lesson.link.padding_valid": ("padding='valid' with a 3×3 kernel", "3×3 커널에 padding='valid'"),
    "lesson.link.padding_same": ("padding='same' with a 3×3 kernel", "3×3 커널에 padding='same'"),
    "lesson.link.padding_one": ("padding 1 with a 3×3 kernel", "3×3 커널에 패딩 1"),

    # 4 — stride
    "lesson.stride.title": ("Stride", "스트라이드(stride)"),
    "lesson.stride.text": (
        "The stride is how far the filter moves each time. The default is 1; with stride 2 the filter jumps "
        "two pixels, so the feature map is about half as high and half as wide and the convolution has a "
        "quarter of the work. Some detail is lost, but often only the unimportant part.",
        "스트라이드는 필터가 한 번에 이동하는 간격(보폭)입니다. 기본값은 1이고, 2로 하면 필터가 두 픽셀씩 건너뛰어 "
        "피처맵의 높이와 너비가 대략 절반이 되고 합성곱 연산은 4분의 1로 줄어듭니다. 세부 정보를 조금 잃지만, "
        "오히려 불필요한 특성을 없애는 효과가 있기도 합니다.",
    ),
    "lesson.link.stride_one": ("Stride 1", "스트라이드 1"),
    "lesson.link.stride_two": ("Stride 2: half the size", "스트라이드 2: 크기가 절반"),

    # 5 — activation map
    "lesson.activation.title": ("The activation map", "액티베이션맵(활성화 맵, activation map)"),
    "lesson.activation.text": (
        "A convolution is linear. An activation function after it adds non-linearity; `activation='relu'` "
        "keeps positive values and turns negative ones into 0. The feature map after the activation is "
        "called the **activation map**.",
        "합성곱은 선형 연산입니다. 그 뒤의 활성화 함수가 비선형성을 더해 줍니다. `activation='relu'` 는 양수는 그대로 두고 "
        "음수는 0으로 바꿉니다. 피처맵이 활성화 함수를 통과한 결과를 **액티베이션맵**(활성화 맵)이라고 부릅니다.",
    ),
    "lesson.activation.before": ("Feature map (after the convolution)", "피처맵 (합성곱 직후)"),
    "lesson.activation.after": ("Activation map (after ReLU)", "액티베이션맵 (ReLU 통과 후)"),
    "lesson.link.activation_relu": ("ReLU after a Sobel filter", "Sobel 필터 뒤에 ReLU"),
    "lesson.link.activation_linear": ("No activation (linear)", "활성화 함수 없음 (linear)"),

    # 6 — pooling
    "lesson.pooling.title": ("Pooling: max, average, min", "풀링(pooling): Max, Average, Min"),
    "lesson.pooling.text": (
        "Pooling shrinks the activation map: `MaxPooling2D(pool_size=(2, 2))` keeps the largest value of "
        "every 2×2 window, so the height and width are halved. Average pooling keeps the mean, min pooling "
        "the smallest value. Max pooling is the most common on colour images; min pooling is sometimes used "
        "on black-and-white images. Pooling has no weights: it compresses the data, saves computation and, "
        "because it abstracts the image, helps against overfitting.",
        "풀링은 액티베이션맵의 크기를 줄입니다. `MaxPooling2D(pool_size=(2, 2))` 는 2×2 영역마다 가장 큰 값만 남겨 "
        "높이와 너비가 절반이 됩니다. AveragePooling은 평균값, MinPooling은 최솟값을 남깁니다. 컬러 이미지에서는 "
        "MaxPooling을 가장 많이 쓰고, 흑백 이미지에서는 MinPooling을 쓰기도 합니다. 풀링에는 가중치가 없습니다. "
        "데이터를 압축해 계산을 줄이고, 이미지를 추상화하므로 과대적합을 막는 데도 도움이 됩니다.",
    ),
    "lesson.pool.kind": ("Pooling", "풀링 방식"),
    "lesson.pool.max": ("max", "max (최댓값)"),
    "lesson.pool.avg": ("average", "average (평균)"),
    "lesson.pool.min": ("min", "min (최솟값)"),
    "lesson.pool.input": ("4×4 activation map", "4×4 액티베이션맵"),
    "lesson.pool.output": ("After 2×2 pooling, stride 2", "2×2 풀링 (스트라이드 2) 후"),
    "lesson.link.pool_max": ("Max pooling", "Max 풀링"),
    "lesson.link.pool_avg": ("Average pooling", "Average 풀링"),
    "lesson.link.pool_min": ("Min pooling", "Min 풀링"),

    # 7 — flatten, dense, softmax
    "lesson.dense.title": ("Flatten, Dense, softmax", "Flatten, Dense, 소프트맥스(softmax)"),
    "lesson.dense.text": (
        "After the convolution and pooling blocks, `Flatten` lays the last activation maps out as one vector. "
        "That is fine now: they hold features the convolutions found, not raw pixels. `Dense` layers combine "
        "them, and the last `Dense(10)` gives one score per class. Softmax turns the scores into probabilities "
        "that add up to 1.",
        "합성곱과 풀링 블록 다음에 `Flatten` 이 마지막 액티베이션맵을 1차원 벡터로 펼칩니다. 이제는 펼쳐도 괜찮습니다. "
        "원본 픽셀이 아니라 합성곱이 찾아낸 특징이기 때문입니다. `Dense` 층이 이 특징을 조합하고, 마지막 `Dense(10)` 이 "
        "클래스마다 점수 하나를 냅니다. 소프트맥스(softmax)는 점수를 합이 1인 확률로 바꿉니다.",
    ),
    "lesson.dense.flatten": ("Flatten: {shape} → {n} values", "Flatten: {shape} → 값 {n}개"),
    "lesson.dense.total": ("Parameters of the whole model", "모델 전체 파라미터"),
    "lesson.dense.class": ("Class", "클래스"),
    "lesson.dense.score": ("Score (logit)", "점수 (logit)"),
    "lesson.dense.prob": ("Softmax probability", "소프트맥스 확률"),
    "lesson.class.cat": ("cat", "고양이"),
    "lesson.class.dog": ("dog", "개"),
    "lesson.class.frog": ("frog", "개구리"),
    "lesson.link.network": ("See the whole network", "네트워크 전체 보기"),

    # 8 — training
    "lesson.training.title": ("Training, and reading the accuracy curves", "학습, 그리고 정확도 곡선 읽기"),
    "lesson.training.text": (
        "`model.fit(train, validation_data=val, epochs=10)` shows the training data again and again; one "
        "pass is an epoch. After each epoch Keras reports the loss and the accuracy on the training data and "
        "on the validation data the model never learns from. Plot both: the training curves tell you whether "
        "the model learns at all, the validation curves whether it works on new images.",
        "`model.fit(train, validation_data=val, epochs=10)` 은 학습 데이터를 여러 번 보여 줍니다. 한 번 다 보는 것이 "
        "에포크(epoch)입니다. 에포크마다 Keras가 학습 데이터와, 모델이 학습하지 않는 검증 데이터에서의 손실(loss)과 "
        "정확도(accuracy)를 알려 줍니다. 둘 다 그래프로 그려 보세요. 학습 곡선은 모델이 배우고 있는지를, 검증 곡선은 "
        "새 이미지에서도 잘 맞히는지를 보여 줍니다.",
    ),
    "lesson.link.training": ("Train a model and watch the curves grow", "모델을 학습시키며 곡선 보기"),

    # 9 — overfitting
    "lesson.overfitting.title": ("Overfitting", "과대적합(overfitting)"),
    "lesson.overfitting.text": (
        "In the flowers tutorial the training accuracy keeps rising while the validation accuracy stays "
        "around 60%, and the gap grows: the model has learned the noise and details of its few training "
        "examples and does not generalise. That gap between the two curves is the sign of overfitting. "
        "It happens most when there are few training examples. Here it happens offline too: the same flowers model "
        "on the few-shapes data (1,000 images of 64×64) — train it, and next to it the same model with "
        "augmentation and Dropout, and compare the two pairs of curves.",
        "꽃 분류 튜토리얼에서 훈련 정확도는 계속 올라가는데 검증 정확도는 60% 근처에 머물고, 두 곡선의 차이가 커집니다. "
        "모델이 적은 훈련 예제의 노이즈나 원치 않는 세부까지 학습해서 새 데이터에서 일반화하지 못하는 것입니다. "
        "이 두 곡선의 차이가 과대적합의 징후이고, 훈련 예제가 적을 때 특히 잘 생깁니다. 여기서는 인터넷 없이도 볼 수 "
        "있습니다: 같은 꽃 모델을 적은 도형 데이터(64×64 이미지 1,000장)로 학습시키고, 옆에서 데이터 증강과 드롭아웃을 "
        "더한 같은 모델을 학습시켜 두 쌍의 곡선을 비교해 보세요.",
    ),
    "lesson.overfitting.note": (
        "Reading the curves: both rising together, fine; training up and validation flat or falling, overfitting; "
        "both low, underfitting (a bigger model or more epochs).",
        "곡선 읽는 법: 둘 다 함께 오르면 정상, 학습은 오르는데 검증이 멈추거나 떨어지면 과대적합, "
        "둘 다 낮으면 과소적합(모델을 키우거나 에포크를 늘리기).",
    ),
    "lesson.link.training_overfit": ("Train both models and compare their curves", "두 모델을 학습시키고 곡선 비교하기"),

    # 10 — augmentation and dropout
    "lesson.regularize.title": ("Data augmentation and Dropout", "데이터 증강(data augmentation)과 드롭아웃(Dropout)"),
    "lesson.regularize.text": (
        "Two remedies from the tutorial. **Data augmentation** makes new training examples from the old "
        "ones with random changes: `RandomFlip('horizontal')`, `RandomRotation(0.1)`, `RandomZoom(0.1)`. "
        "**Dropout** sets a random part of a layer's outputs to 0 during training: `Dropout(0.2)` drops 20%. "
        "Neither adds a single parameter, yet together they bring the training and validation curves closer.",
        "튜토리얼의 두 가지 해결책입니다. **데이터 증강**은 기존 예제에 무작위 변환을 해서 새 훈련 데이터를 만듭니다: "
        "`RandomFlip('horizontal')`(좌우 반전), `RandomRotation(0.1)`(회전), `RandomZoom(0.1)`(확대·축소). "
        "**드롭아웃**은 훈련하는 동안 층의 출력 일부를 무작위로 0으로 만듭니다: `Dropout(0.2)` 는 20%를 버립니다. "
        "둘 다 파라미터를 하나도 늘리지 않지만, 함께 쓰면 학습 곡선과 검증 곡선이 더 가까워집니다.",
    ),
    "lesson.regularize.plain": ("Flowers model", "꽃 분류 모델"),
    "lesson.regularize.augmented": ("With augmentation and Dropout(0.2)", "데이터 증강 + Dropout(0.2)"),
    "lesson.regularize.same": (
        "Same number of parameters: augmentation and Dropout change training, not the model's size.",
        "파라미터 수가 같습니다: 데이터 증강과 드롭아웃은 모델의 크기가 아니라 학습 방법을 바꿉니다.",
    ),
    "lesson.link.architecture_aug": ("The flowers model with augmentation and Dropout", "데이터 증강과 드롭아웃을 넣은 꽃 분류 모델"),
    "lesson.link.training_aug": ("Train it and compare the curves", "학습시키고 곡선 비교하기"),
}
