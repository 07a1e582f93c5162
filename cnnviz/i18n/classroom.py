"""Strings of the teacher's tools: presenter view, shareable links, locked controls."""

STRINGS = {
    "classroom.header": ("For the teacher", "교사용 도구"),
    "classroom.presenter": ("Presenter view (large type)", "발표 모드 (큰 글씨)"),
    "classroom.presenter_help": (
        "Larger text and widgets for a projector. A link with presenter=1 opens in this view.",
        "프로젝터용으로 글자와 위젯을 크게 보여 줍니다. presenter=1 이 붙은 링크는 이 모드로 열립니다.",
    ),
    "classroom.share": ("Link to this page with these settings", "이 설정 그대로 이 페이지를 여는 링크"),
    "classroom.share_help": (
        "Copy the link (button at its right) and hand it out: every student opens the same page with the same "
        "settings, and the locked controls cannot be changed.",
        "오른쪽 버튼으로 링크를 복사해 나눠 주세요. 학생 모두가 같은 설정으로 같은 페이지를 열고, 잠근 항목은 바꿀 수 없습니다.",
    ),
    "classroom.lock": ("Lock these controls", "잠글 항목"),
    "classroom.lock_presenter": ("Open in presenter view", "발표 모드로 열기"),
    "classroom.lock.unknown": (
        "The link asks to lock '{value}', which is not a control here; it was ignored.",
        "링크가 잠그라고 한 '{value}' 는 이 페이지의 항목이 아니어서 무시했습니다.",
    ),
    "classroom.locked_list": ("Locked: {names}", "잠긴 항목: {names}"),
}

# The names a teacher can lock, as the share box lists them (the URL keeps the Keras-style name).
_CONTROLS = {
    "image": ("image", "이미지"), "size": ("input size", "입력 크기"), "color": ("colour (RGB/grey)", "색 (RGB/흑백)"),
    "filters": ("filters", "필터 수"), "kernel_size": ("kernel size", "커널 크기"), "stride": ("stride", "스트라이드"),
    "padding": ("padding", "패딩"), "dilation": ("dilation", "팽창(dilation)"), "activation": ("activation", "활성화 함수"),
    "kernel": ("kernel weights", "커널 값"), "seed": ("random seed", "난수 시드"), "pool": ("pooling", "풀링"),
    "pool_size": ("pool size", "풀링 크기"), "pool_stride": ("pool stride", "풀링 스트라이드"),
    "bias": ("bias on/off", "편향(bias) 사용"), "pool_padding": ("pool padding", "풀링 패딩"),
    "preset": ("starting model", "시작 모델"), "spec": ("model spec", "모델 명세"), "input_shape": ("input shape", "입력 모양"),
    "num_classes": ("number of classes", "클래스 수"), "layer": ("layer", "층"), "dataset": ("data set", "데이터셋"),
    "epochs": ("epochs", "에포크 수"), "batch_size": ("batch size", "배치 크기"), "optimizer": ("optimizer", "옵티마이저"),
    "learning_rate": ("learning rate", "학습률"), "split": ("validation split", "검증 비율"),
    "augment": ("data augmentation", "데이터 증강"), "dropout": ("Dropout", "드롭아웃"),
}
STRINGS.update({f"classroom.control.{name}": (f"{en} · {name}", f"{ko} · {name}")
                for name, (en, ko) in _CONTROLS.items()})
