"""Sentences for impossible or malformed specs and layer settings (raised by the calculators)."""

_L = "Layer {index} ({type})"
_LK = "{index}번 층({type})"

STRINGS = {
    "spec.too_big": ("The spec is {size:,} bytes; specs are limited to {limit:,} bytes. Upload a smaller JSON file.",
                     "명세가 {size:,}바이트입니다. 명세는 {limit:,}바이트까지만 받습니다. 더 작은 JSON 파일을 올려 주세요."),
    "spec.not_utf8": ("The spec is not UTF-8 text. Save the JSON file as UTF-8 and upload it again.",
                      "명세가 UTF-8 텍스트가 아닙니다. JSON 파일을 UTF-8로 저장해 다시 올려 주세요."),
    "spec.too_deep": ("The spec nests brackets more than {limit} levels deep; a spec needs only 4. Check the JSON.",
                      "명세의 괄호가 {limit}단계보다 깊게 중첩되어 있습니다. 명세에는 4단계면 충분합니다. JSON을 확인해 주세요."),
    "spec.bad_json": ("The spec is not valid JSON: {reason} at line {line}, column {column}. Fix that spot and try again.",
                      "명세가 올바른 JSON이 아닙니다: {line}행 {column}열에서 {reason}. 그 부분을 고쳐 다시 시도해 주세요."),
    "spec.not_object": ('A spec must be a JSON object like {{"input_shape": [32, 32, 3], "layers": [...]}}.',
                        '명세는 {{"input_shape": [32, 32, 3], "layers": [...]}} 같은 JSON 객체여야 합니다.'),
    "spec.unknown_key": ("The spec has an unknown key {key!r}; allowed keys are name, input_shape, layers, source, description.",
                         "명세에 알 수 없는 키 {key!r}가 있습니다. 쓸 수 있는 키는 name, input_shape, layers, source, description입니다."),
    "spec.input_shape": ("input_shape must be [H, W, C] with three whole numbers of at least 1, got {value}. Write it like [32, 32, 3].",
                         "input_shape은 1 이상의 정수 세 개로 된 [H, W, C]여야 하는데 {value}입니다. [32, 32, 3]처럼 적어 주세요."),
    "spec.no_layers": ("The spec has no layers: add a list of layers under \"layers\".",
                       "명세에 층이 없습니다. \"layers\" 아래에 층 목록을 넣어 주세요."),
    "spec.too_many_layers": ("The spec has {count} layers; at most {limit} are allowed. Remove some layers.",
                             "명세의 층이 {count}개입니다. 최대 {limit}개까지 됩니다. 층을 줄여 주세요."),
    "spec.duplicate_name": (_L + ": the name {name!r} is already used by an earlier layer. Give each layer its own name.",
                            _LK + ": 이름 {name!r}은 앞의 층이 이미 쓰고 있습니다. 층마다 다른 이름을 붙여 주세요."),
    "spec.bad_text": ("The spec's {key!r} must be a short text.", "명세의 {key!r}는 짧은 글이어야 합니다."),
    "spec.layer_not_object": ('Layer {index} must be an object with a "type", like {{"type": "Conv2D", "filters": 32, "kernel_size": 3}}.',
                              '{index}번 층은 {{"type": "Conv2D", "filters": 32, "kernel_size": 3}}처럼 "type"이 있는 객체여야 합니다.'),
    "spec.unknown_layer": ("Layer {index}: cnnviz does not know the layer type {type}. Use one of: {known}.",
                           "{index}번 층: cnnviz가 모르는 층 종류 {type}입니다. 다음 중 하나를 쓰세요: {known}."),
    "spec.unknown_arg": (_L + ": {arg} is not an argument cnnviz understands for this layer. Allowed: {allowed}.",
                         _LK + ": {arg}는 이 층에서 cnnviz가 이해하는 인자가 아닙니다. 쓸 수 있는 인자: {allowed}."),
    "spec.unknown_arg_input_shape": (_L + ": put the input shape once, at the top of the spec as \"input_shape\", not inside a layer.",
                                     _LK + ": 입력 모양은 층 안이 아니라 명세 맨 위에 \"input_shape\"으로 한 번만 적어 주세요."),
    "spec.missing_arg": (_L + ": the argument {arg} is required. Add it to the layer.",
                         _LK + ": {arg} 인자가 필요합니다. 층에 추가해 주세요."),
    "spec.bad_name": (_L + ": a layer name must be 1–64 letters, digits, '_', '-' or '.'.",
                      _LK + ": 층 이름은 글자, 숫자, '_', '-', '.'로 된 1–64자여야 합니다."),
    "spec.bad_int": (_L + ": {arg} must be a whole number of at least {min}, got {value}. Set {arg} to {min} or more.",
                     _LK + ": {arg}는 {min} 이상의 정수여야 하는데 {value}입니다. {arg}를 {min} 이상으로 바꿔 주세요."),
    "spec.bad_float": (_L + ": {arg} must be a number from {lo} to {hi}, got {value}.",
                       _LK + ": {arg}는 {lo}에서 {hi} 사이의 수여야 하는데 {value}입니다."),
    "spec.bad_bool": (_L + ": {arg} must be true or false, got {value}.",
                      _LK + ": {arg}는 true 또는 false여야 하는데 {value}입니다."),
    "spec.bad_pair": (_L + ": {arg} must be a whole number or a pair [h, w], got {value}.",
                      _LK + ": {arg}는 정수 하나 또는 [h, w] 두 정수여야 하는데 {value}입니다."),
    "spec.pair_too_small": (_L + ": {arg} must be at least 1 in each direction, got {value}. Set it to 1 or more.",
                            _LK + ": {arg}는 가로세로 모두 1 이상이어야 하는데 {value}입니다. 1 이상으로 바꿔 주세요."),
    "spec.bad_padding": (_L + ": padding must be 'valid' or 'same', got {value}. For an explicit zero padding add a ZeroPadding2D layer.",
                         _LK + ": padding은 'valid' 또는 'same'이어야 하는데 {value}입니다. 원하는 만큼 0을 덧대려면 ZeroPadding2D 층을 넣으세요."),
    "spec.bad_zero_padding": (_L + ": padding must be p, [p_h, p_w] or [[top, bottom], [left, right]] with whole numbers, got {value}.",
                              _LK + ": padding은 p, [p_h, p_w], [[위, 아래], [왼쪽, 오른쪽]] 중 하나의 정수여야 하는데 {value}입니다."),
    "spec.negative_padding": (_L + ": padding cannot be negative, got {value}. Use 0 or more.",
                              _LK + ": 패딩은 음수일 수 없는데 {value}입니다. 0 이상을 쓰세요."),
    "spec.bad_activation": (_L + ": activation {value} is unknown. Use one of: {choices}.",
                            _LK + ": 활성화 함수 {value}는 알 수 없습니다. 다음 중 하나를 쓰세요: {choices}."),
    "spec.bad_choice": (_L + ": {arg} must be one of {choices}, got {value}.",
                        _LK + ": {arg}는 {choices} 중 하나여야 하는데 {value}입니다."),
    "shape.needs_image": (_L + " needs an image-shaped input H × W × C, but gets {shape}. Move it before Flatten or Dense.",
                          _LK + "은 H × W × C 모양의 이미지 입력이 필요한데 {shape}를 받습니다. Flatten이나 Dense 앞으로 옮겨 주세요."),
    "shape.too_small": (_L + ": the output {dim} would be {formula}, less than 1: a window of {window} does not fit "
                        "in an input of {size}. Make {knob} smaller, use padding='same', or give it a bigger input.",
                        _LK + ": 출력 {dim}가 {formula}로 1보다 작습니다. 크기 {window}의 창이 크기 {size}의 입력에 들어가지 않습니다. "
                        "{knob}를 줄이거나, padding='same'을 쓰거나, 더 큰 입력을 주세요."),
    "shape.stride_and_dilation": (_L + ": Keras does not allow strides > 1 together with dilation_rate > 1 "
                                  "(strides={strides}, dilation_rate={dilation}). Set one of them to 1.",
                                  _LK + ": Keras는 strides > 1과 dilation_rate > 1을 함께 쓸 수 없습니다 "
                                  "(strides={strides}, dilation_rate={dilation}). 둘 중 하나를 1로 바꿔 주세요."),
    "shape.dense_needs_flat": (_L + " gets an un-flattened input {shape}. Keras would apply it to each pixel separately "
                               "(giving {shape} → … × {units}), which is almost never meant: add Flatten or "
                               "GlobalAveragePooling2D before it.",
                               _LK + "이 펼치지 않은 입력 {shape}를 받습니다. Keras는 이를 픽셀마다 따로 적용하는데(결과 … × {units}), "
                               "보통 원하는 것이 아닙니다. 앞에 Flatten이나 GlobalAveragePooling2D를 넣으세요."),
}

STRINGS.update({
    "preset.unknown": ("There is no preset called {name!r}. Choose one of: {known}.",
                       "{name!r}라는 프리셋은 없습니다. 다음 중에서 고르세요: {known}."),
    "preset.no_dense": ("The model {name!r} has no Dense layer to give one unit per class.",
                        "모델 {name!r}에는 클래스마다 출력을 줄 Dense 층이 없습니다."),
})

STRINGS.update({
    "cli.no_spec_file": ("No spec file at {path!r}. Give a JSON spec file or a preset name ({presets}).",
                         "{path!r}에 명세 파일이 없습니다. JSON 명세 파일이나 프리셋 이름({presets})을 주세요."),
})
