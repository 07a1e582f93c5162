"""Strings of the settings every page reads from its link: values out of range, unknown choices, link values not used."""

STRINGS = {
    "settings.out_of_range": (
        "{knob} = {value} is outside {lo}–{hi}. Choose a value in that range.",
        "{knob} = {value}은(는) {lo}–{hi} 범위 밖입니다. 그 범위의 값을 고르세요.",
    ),
    "settings.bad_choice": (
        "{knob} = '{value}' is not one of: {choices}.",
        "{knob} = '{value}'은(는) 다음 중 하나가 아닙니다: {choices}.",
    ),
    "settings.notice.fallback": (
        "The link's {key}='{value}' is not a valid setting, so {key}={used} is used instead.",
        "링크의 {key}='{value}'은(는) 올바른 설정이 아니라서 {key}={used}을(를) 대신 씁니다.",
    ),
}
