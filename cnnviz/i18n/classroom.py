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
