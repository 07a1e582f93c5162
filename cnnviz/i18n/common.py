"""Strings shared by every page: navigation, the language switch, generic messages."""

STRINGS = {
    "common.language": ("Language", "언어"),
    "nav.lesson": ("Lesson", "수업"),
    "nav.explorer": ("Convolution explorer", "합성곱 탐색기"),
    "nav.architecture": ("Architecture builder", "모델 구조 설계"),
    "nav.network": ("Network view", "네트워크 보기"),
    "nav.training": ("Training", "학습"),
    "chart.probs": ("Class probabilities", "클래스 확률"),
    "chart.probability": ("probability", "확률"),
    "common.coming": ("This page is being built: {what}", "이 페이지는 만드는 중입니다: {what}"),
}
