"""Strings of the convolution explorer (/explorer): knobs, captions, notices and its error sentences."""

STRINGS = {
    # --- errors a learner can cause on the explorer -------------------------------------------
    "explorer.err.unknown_kernel": (
        "There is no kernel called '{name}'. Pick one of: {names}, random, or type a grid.",
        "'{name}'라는 커널은 없습니다. 다음 중에서 고르세요: {names}, random, 또는 직접 입력.",
    ),
    "explorer.err.kernel_range": (
        "A kernel of {kh} × {kw} is not allowed: each side must be between 1 and {max}. Change the kernel size.",
        "{kh} × {kw} 커널은 쓸 수 없습니다. 각 변은 1에서 {max} 사이여야 합니다. 커널 크기를 바꾸세요.",
    ),
    "explorer.err.grid_empty": (
        "The kernel grid is empty. Type at least one number.",
        "커널 격자가 비어 있습니다. 숫자를 하나 이상 입력하세요.",
    ),
    "explorer.err.grid_number": (
        "Row {row} of the kernel grid has '{cell}', which is not a number between −1000 and 1000. Fix that cell.",
        "커널 격자 {row}행의 '{cell}'은(는) −1000에서 1000 사이의 숫자가 아닙니다. 그 칸을 고치세요.",
    ),
    "explorer.err.grid_ragged": (
        "The rows of the kernel grid have different lengths ({widths}). Give every row the same number of values.",
        "커널 격자의 행 길이가 서로 다릅니다 ({widths}). 모든 행에 같은 개수의 값을 넣으세요.",
    ),
    "explorer.err.grid_shape": (
        "The typed kernel is {gh} × {gw} but the kernel size is {kh} × {kw}. Set the kernel size to {gh} × {gw} "
        "or retype the grid.",
        "입력한 커널은 {gh} × {gw}인데 커널 크기는 {kh} × {kw}입니다. 커널 크기를 {gh} × {gw}로 바꾸거나 "
        "격자를 다시 입력하세요.",
    ),
    "explorer.err.kernel_too_big": (
        "The kernel reaches {extent} pixels along {dim} (kernel size {k}, dilation {d}) but the padded input is only "
        "{size} pixels there, so there is no place to put it ({formula} = {value}). Make the kernel or the dilation "
        "smaller, add padding, or use a larger image.",
        "커널이 {dim} 방향으로 {extent}픽셀을 덮는데 (커널 크기 {k}, 팽창 {d}) 패딩한 입력은 {size}픽셀뿐이라 "
        "커널을 놓을 자리가 없습니다 ({formula} = {value}). 커널이나 팽창을 줄이거나, 패딩을 더하거나, 더 큰 이미지를 쓰세요.",
    ),
    "explorer.err.pool_too_big": (
        "The pooling window is {window} pixels along {dim} but the activation map is only {size} pixels there "
        "({formula} = {value}). Make the pool size smaller, choose pooling padding 'same', or make the feature map bigger.",
        "풀링 창이 {dim} 방향으로 {window}픽셀인데 활성화 맵은 {size}픽셀뿐입니다 ({formula} = {value}). "
        "풀 크기를 줄이거나, 풀링 패딩을 'same'으로 하거나, 피처맵을 키우세요.",
    ),
    "explorer.err.stride_and_dilation": (
        "Keras cannot use a stride above 1 together with a dilation above 1 (stride {stride}, dilation {dilation}). "
        "Set the stride or the dilation back to 1.",
        "Keras는 스트라이드가 1보다 크면서 팽창(dilation)도 1보다 큰 합성곱을 만들 수 없습니다 "
        "(스트라이드 {stride}, 팽창 {dilation}). 스트라이드나 팽창 중 하나를 1로 되돌리세요.",
    ),
    "explorer.err.position": (
        "Position ({row}, {col}) of filter {filter} is outside the {h} × {w} × {f} feature maps. Pick a position inside.",
        "필터 {filter}의 위치 ({row}, {col})은(는) {h} × {w} × {f} 피처맵 밖입니다. 안쪽 위치를 고르세요.",
    ),
    # --- link notices ---------------------------------------------------------------------------

    # --- page, groups, knobs ---------------------------------------------------------------------
    "explorer.intro": (
        "Turn the knobs and watch one real Keras stage — padding → Conv2D → activation → pooling — run on a photo. "
        "Every setting is in the link, so you can share exactly what you see.",
        "손잡이를 돌리며 실제 Keras 한 단계(패딩 → 합성곱 Conv2D → 활성화 → 풀링)가 사진 위에서 도는 모습을 보세요. "
        "모든 설정이 링크에 담기므로 보이는 그대로 공유할 수 있습니다.",
    ),
    "explorer.group.image": ("Image", "이미지"),
    "explorer.group.conv": ("Convolution (Conv2D)", "합성곱 (Conv2D)"),
    "explorer.group.kernel": ("Kernel weights", "커널 가중치"),
    "explorer.group.pool": ("Pooling", "풀링"),
    "explorer.upload": ("Your own image (PNG, JPEG, BMP, GIF, WebP)", "내 이미지 (PNG, JPEG, BMP, GIF, WebP)"),
    "explorer.image": ("Image", "이미지"),
    "explorer.your_upload": ("your upload", "내가 올린 이미지"),
    "explorer.sample.astronaut": ("astronaut (Eileen Collins)", "우주비행사 (아일린 콜린스)"),
    "explorer.sample.brick": ("brick wall", "벽돌 벽"),
    "explorer.sample.camera": ("cameraman", "카메라맨"),
    "explorer.sample.cat": ("Chelsea the cat", "고양이 첼시"),
    "explorer.sample.coffee": ("coffee cup", "커피잔"),
    "explorer.sample.coins": ("Greek coins", "그리스 동전"),
    "explorer.sample.hubble": ("Hubble deep field", "허블 딥 필드"),
    "explorer.sample.rocket": ("rocket launch", "로켓 발사"),
    "explorer.size": ("Input size (pixels, square)", "입력 크기 (픽셀, 정사각형)"),
    "explorer.color": ("Colour", "색"),
    "explorer.color.rgb": ("RGB (3 channels)", "RGB (채널 3개)"),
    "explorer.color.gray": ("grayscale (1 channel)", "흑백 (채널 1개)"),
    "explorer.filters": ("filters (F)", "필터 수 (filters, F)"),
    "explorer.kernel_size": ("kernel_size (k_h)", "커널 크기 (kernel_size, k_h)"),
    "explorer.square": ("square kernel (k_w = k_h)", "정사각형 커널 (k_w = k_h)"),
    "explorer.kernel_w": ("kernel width (k_w)", "커널 너비 (k_w)"),
    "explorer.stride": ("strides (s)", "스트라이드 (strides, s)"),
    "explorer.padding": ("padding", "패딩 (padding)"),
    "explorer.padding.valid": ("valid (none)", "valid (없음)"),
    "explorer.padding.same": ("same", "same (크기 유지)"),
    "explorer.padding.explicit": ("p zeros", "0을 p칸"),
    "explorer.padding_p": ("zero padding p on every side", "사방에 채울 0의 폭 p"),
    "explorer.dilation": ("dilation_rate (d)", "팽창 (dilation_rate, d)"),
    "explorer.activation": ("activation", "활성화 함수 (activation)"),
    "explorer.act.relu": ("ReLU", "ReLU"),
    "explorer.act.leaky_relu": ("Leaky ReLU (slope 0.2)", "Leaky ReLU (기울기 0.2)"),
    "explorer.act.sigmoid": ("sigmoid", "시그모이드 (sigmoid)"),
    "explorer.act.tanh": ("tanh", "쌍곡탄젠트 (tanh)"),
    "explorer.act.linear": ("linear (no activation)", "선형 (활성화 없음)"),
    "explorer.bias": ("use_bias (Keras starts the bias at 0)", "편향 사용 (use_bias, Keras는 0에서 시작)"),
    "explorer.kernel": ("kernel", "커널"),
    "explorer.kernel.identity": ("identity", "항등 (identity)"),
    "explorer.kernel.box_blur": ("box blur", "평균 흐림 (box blur)"),
    "explorer.kernel.gaussian_blur": ("Gaussian blur", "가우시안 흐림"),
    "explorer.kernel.sharpen": ("sharpen", "선명하게 (sharpen)"),
    "explorer.kernel.sobel_x": ("Sobel x (vertical edges)", "소벨 x (세로 경계)"),
    "explorer.kernel.sobel_y": ("Sobel y (horizontal edges)", "소벨 y (가로 경계)"),
    "explorer.kernel.laplacian": ("Laplacian", "라플라시안"),
    "explorer.kernel.emboss": ("emboss", "엠보스 (emboss)"),
    "explorer.kernel.outline": ("outline", "윤곽선 (outline)"),
    "explorer.kernel.random": ("random (glorot_uniform, as Keras starts)", "무작위 (glorot_uniform, Keras 초기값)"),
    "explorer.kernel.custom": ("typed by you", "직접 입력"),
    "explorer.seed": ("seed", "시드 (seed)"),
    "explorer.grid": ("kernel, one row per line", "커널 (한 줄에 한 행)"),
    "explorer.grid_help": (
        "Numbers separated by spaces or commas; rows by new lines or ';'. The grid must be k_h × k_w; "
        "every input channel and filter uses it (divided by the number of channels).",
        "숫자는 공백이나 쉼표로, 행은 줄바꿈이나 ';'로 나눕니다. 격자는 k_h × k_w여야 하며 "
        "모든 입력 채널과 필터가 이 커널을 (채널 수로 나누어) 씁니다.",
    ),
    "explorer.pool": ("pooling", "풀링"),
    "explorer.pool.max": ("max", "최대 (max)"),
    "explorer.pool.avg": ("average", "평균 (average)"),
    "explorer.pool.min": ("min", "최소 (min)"),
    "explorer.pool.none": ("none", "없음"),
    "explorer.pool_size": ("pool_size (f)", "풀 크기 (pool_size, f)"),
    "explorer.pool_stride": ("pooling strides (s)", "풀링 스트라이드 (strides, s)"),
    "explorer.pool_padding": ("pooling padding", "풀링 패딩"),
    "explorer.starting": ("Starting TensorFlow for the live model (only the first time)…",
                          "실시간 모델을 위해 TensorFlow를 시작하는 중입니다 (처음 한 번만)…"),
    "explorer.impossible_hint": (
        "Nothing is drawn until the setting is possible; change the knob named above.",
        "설정이 가능해질 때까지 아무것도 그리지 않습니다. 위에서 말한 손잡이를 바꾸세요.",
    ),
    # --- formulas and pictures -----------------------------------------------------------------
    "explorer.formula.all": (
        "From the top: output size of the convolution, output size of the pooling, parameters of the Conv2D layer "
        "(weights + biases).",
        "위에서부터: 합성곱 출력 크기, 풀링 출력 크기, Conv2D 층의 파라미터 수 (가중치 + 편향).",
    ),
    "explorer.formula.no_pool": (
        "From the top: output size of the convolution, parameters of the Conv2D layer (weights + biases).",
        "위에서부터: 합성곱 출력 크기, Conv2D 층의 파라미터 수 (가중치 + 편향).",
    ),
    "explorer.pic.input": ("Input as the convolution sees it, {shape} (zero padding outlined)",
                           "합성곱이 보는 입력, {shape} (0 패딩 테두리 표시)"),
    "explorer.pic.input_plain": ("Input as the convolution sees it, {shape}", "합성곱이 보는 입력, {shape}"),
    "explorer.pic.kernels": ("Kernels {shape} (rows: input channels, columns: filters) — {names}",
                             "커널 {shape} (행: 입력 채널, 열: 필터) — {names}"),
    "explorer.pic.feature_maps": ("Feature maps before the activation, {shape}", "활성화 전 피처맵, {shape}"),
    "explorer.pic.activation_maps": ("Activation maps after {act}, {shape}", "{act} 뒤의 활성화 맵, {shape}"),
    "explorer.pic.pooled": ("After {pool} pooling, {shape}", "{pool} 풀링 뒤, {shape}"),
    "explorer.shared_scale": ("one colour scale for all maps", "모든 맵에 같은 색 척도"),
    "explorer.shared_scale_help": (
        "Off: each map uses its own range ±m (written on it), so weak maps stay visible. "
        "On: one range for all, so maps can be compared. Blue is negative, white 0, red positive.",
        "끄면 맵마다 자기 범위 ±m(맵 위에 표시)을 써서 약한 맵도 보입니다. 켜면 모두 같은 범위라 서로 비교할 수 "
        "있습니다. 파랑은 음수, 흰색은 0, 빨강은 양수입니다.",
    ),
    "explorer.download": ("Download this stage as .npz (NumPy arrays)", "이 단계를 .npz로 내려받기 (NumPy 배열)"),
    # --- predict, then reveal ------------------------------------------------------------------
    "explorer.predict": ("Predict, then reveal", "먼저 예측하고 확인하기"),
    "explorer.predict_help": (
        "Hides the output shape and the parameter count until you type your answer.",
        "답을 입력할 때까지 출력 모양과 파라미터 수를 숨깁니다.",
    ),
    "explorer.guess_h": ("H′ (height after Conv2D)", "H′ (합성곱 뒤 높이)"),
    "explorer.guess_w": ("W′ (width after Conv2D)", "W′ (합성곱 뒤 너비)"),
    "explorer.guess_c": ("channels after Conv2D", "합성곱 뒤 채널 수"),
    "explorer.guess_params": ("parameters", "파라미터 수"),
    "explorer.check": ("Check my answer", "답 확인"),
    "explorer.predict_hint": ("Type your four numbers, then check.", "네 개의 숫자를 입력한 뒤 확인을 누르세요."),
    "explorer.checked": ("{right} of {total} right. Here is how it is worked out:",
                         "{total}개 중 {right}개 맞았습니다. 계산 과정은 다음과 같습니다:"),
    # --- views ------------------------------------------------------------------------------------
    "explorer.view": ("Look closer", "자세히 보기"),
    "explorer.view.arithmetic": ("one pixel's arithmetic", "한 픽셀의 계산"),
    "explorer.view.enlarge": ("enlarge a map", "맵 크게 보기"),
    "explorer.view.compare": ("compare two settings", "두 설정 비교"),
    "explorer.filter": ("filter", "필터"),
    "explorer.pick.help": ("Click a filter's map to pick it, then a pixel of it; or type the numbers.",
                           "필터의 맵을 눌러 고르고, 그 맵의 픽셀을 누르세요. 숫자를 직접 넣어도 됩니다."),
    "explorer.pick.filter": ("Feature maps: click one", "피처맵: 하나를 누르세요"),
    "explorer.pick.pixel": ("Feature map {f}: click a pixel", "피처맵 {f}: 픽셀을 누르세요"),
    "explorer.direction": ("Direction", "방향"),
    "explorer.direction.forward": ("forwards", "앞으로 (순전파)"),
    "explorer.direction.backward": ("backwards", "뒤로 (역전파)"),
    "explorer.loss": ("Loss L", "손실 L"),
    "explorer.loss.mean": ("mean of all outputs", "모든 출력의 평균"),
    "explorer.loss.pixel": ("the output of this pixel", "이 픽셀의 출력"),
    "explorer.learning_rate": ("Learning rate η", "학습률 η"),
    "explorer.backward.loss_mean": ("**L** = the mean of all {n} outputs = {value}; every output gets ∂L/∂p = 1/{n}.",
                                    "**L** = 출력 {n}개 전체의 평균 = {value}; 출력마다 ∂L/∂p = 1/{n}."),
    "explorer.backward.loss_pixel": ("**L** = the one output p[{row}, {col}, {f}] = {value}; it gets ∂L/∂p = 1, every "
                                     "other output 0.",
                                     "**L** = 출력 하나 p[{row}, {col}, {f}] = {value}; 이 출력은 ∂L/∂p = 1, 나머지는 0."),
    "explorer.backward.routes": ("Back through {pool} pooling: each window holding this pixel passes on its gradient "
                                 "times the pixel's share (max and min: 1 for the winner, 0 for the others; "
                                 "average: 1/n)",
                                 "{pool} 풀링을 거꾸로: 이 픽셀을 담은 창마다 자기 기울기에 이 픽셀의 몫을 곱해 넘깁니다 "
                                 "(최대·최소: 이긴 픽셀 1, 나머지 0; 평균: 1/n)"),
    "explorer.backward.no_route": ("No pooling window reads this pixel (valid pooling drops it), so its gradient is 0.",
                                   "이 픽셀을 읽는 풀링 창이 없어서 (valid 풀링이 버림) 기울기가 0입니다."),
    "explorer.backward.activation": ("Back through the activation ({act}): times its slope f'(z) at this pixel",
                                     "활성화 함수({act})를 거꾸로: 이 픽셀에서의 기울기 f'(z)를 곱합니다"),
    "explorer.backward.weight": ("Back to one kernel weight: the weight met one input pixel at each of the {n} output "
                                 "positions; {nonzero} of them have a gradient (the first {shown} are written out). "
                                 "Then one SGD step.",
                                 "커널 가중치 하나까지: 이 가중치는 출력 위치 {n}곳에서 입력 픽셀 하나씩을 만났고, 그중 {nonzero}곳에 "
                                 "기울기가 있습니다 (처음 {shown}개를 적었습니다). 그다음 SGD 한 걸음."),
    "explorer.backward.npz": ("The .npz download holds ∂L/∂kernels (grad_kernels) and ∂L/∂bias (grad_bias) for L = the "
                              "mean of all outputs.",
                              ".npz 내려받기에는 L = 모든 출력의 평균일 때의 ∂L/∂kernels (grad_kernels)와 ∂L/∂bias "
                              "(grad_bias)가 들어 있습니다."),
    "explorer.row": ("row", "행"),
    "explorer.col": ("column", "열"),
    "explorer.arith.patch": (
        "Receptive field: padded-input rows {rows}, columns {cols} (stride {stride}, dilation {dilation}). "
        "Per channel: patch ⊙ kernel = products, then their sum Σ.",
        "수용 영역: 패딩한 입력의 행 {rows}, 열 {cols} (스트라이드 {stride}, 팽창 {dilation}). "
        "채널마다: 패치 ⊙ 커널 = 곱, 그리고 그 합 Σ.",
    ),
    "explorer.arith.sum": ("Sum over channels + bias b = the feature-map value",
                           "채널 합 + 편향 b = 피처맵 값"),
    "explorer.arith.activation": ("The activation turns it into the activation-map value",
                                  "활성화 함수가 이것을 활성화 맵 값으로 바꿉니다"),
    "explorer.arith.pool": ("The pooling window of pooled cell ({row}, {col}) holding this pixel",
                            "이 픽셀이 들어 있는 풀링 칸 ({row}, {col})의 창"),
    "explorer.arith.dropped": (
        "No pooling window holds this pixel (valid pooling drops it); the nearest pooled cell is ({row}, {col})",
        "이 픽셀을 담는 풀링 창이 없습니다 (valid 풀링이 버림). 가장 가까운 풀링 칸은 ({row}, {col})입니다",
    ),
    "explorer.arith.check": ("Keras computed {model}; the sum above gives {numpy}.",
                             "Keras가 계산한 값은 {model}, 위의 합은 {numpy}입니다."),
    "explorer.enlarge.stage": ("map", "맵"),
    "explorer.stage.feature_maps": ("feature map", "피처맵"),
    "explorer.stage.activation_maps": ("activation map", "활성화 맵"),
    "explorer.stage.pooled": ("pooled map", "풀링한 맵"),
    "explorer.hover": ("row %{y}, column %{x}: %{z:.4f}<extra></extra>", "행 %{y}, 열 %{x}: %{z:.4f}<extra></extra>"),
    "explorer.compare.knob": ("B differs from A in", "B가 A와 다른 점"),
    "explorer.compare.stride": ("stride 1 ↔ 2", "스트라이드 1 ↔ 2"),
    "explorer.compare.padding": ("valid ↔ same", "valid ↔ same 패딩"),
    "explorer.compare.pool": ("max ↔ min pooling", "최대 ↔ 최소 풀링"),
    "explorer.compare.kernel": ("another kernel", "다른 커널"),
}
