"""Strings of model files and of a live model's summary: why a file cannot be opened, the notes on summary rows."""

STRINGS = {
    "models.status.no_formula": ("no formula: Keras's numbers", "공식 없음: Keras가 센 값"),
    "models.status.differs": ("Keras's numbers (cnnviz's formula gave something else here)",
                              "Keras가 센 값 (여기서는 cnnviz 공식의 결과가 달랐습니다)"),
    "models.status.shared": ("shared layer: its weights are counted on its first row",
                             "공유된 층: 가중치는 처음 나온 행에서 셉니다"),
    "models.status.container": ("nested model: the total of the indented rows below", "안에 든 모델: 아래 들여 쓴 행들의 합"),
    "models.err.not_model": (
        "This is neither a Keras .keras file (a zip) nor a Keras .h5 file. Save the model with "
        "model.save('name.keras') and upload that file.",
        "Keras .keras 파일(zip)도 Keras .h5 파일도 아닙니다. model.save('이름.keras')로 저장한 파일을 올려 주세요."),
    "models.err.no_file": ("Cannot read the model file {path}. Check the path.", "모델 파일 {path}을(를) 읽을 수 없습니다. 경로를 확인해 주세요."),
    "models.err.h5_weights_only": (
        "This .h5 file holds only weights, not a model: there is no architecture in it. Save the whole model with "
        "model.save('name.keras') (or model.save('name.h5')) and upload that file.",
        "이 .h5 파일에는 가중치만 있고 모델 구조가 없습니다. model.save('이름.keras')(또는 model.save('이름.h5'))로 "
        "모델 전체를 저장해 올려 주세요."),
    "models.err.h5_no_model": (
        "This HDF5 file is not a Keras model (it has no model_config). Save the model with model.save('name.keras') "
        "and upload that file.",
        "이 HDF5 파일은 Keras 모델이 아닙니다(model_config가 없습니다). model.save('이름.keras')로 저장한 파일을 올려 주세요."),
    "models.err.h5_unreadable": ("This .h5 file cannot be read (it may be damaged or cut short). Download or save it again.",
                                 "이 .h5 파일을 읽을 수 없습니다(손상되었거나 잘렸을 수 있습니다). 다시 내려받거나 저장해 주세요."),
    "models.err.config_too_big": ("The model's architecture description is larger than {limit_mb} MB; it is refused.",
                                  "모델 구조 설명이 {limit_mb} MB보다 커서 받지 않습니다."),
    "models.err.op_layer": (
        "The model contains a {type} layer, which calls TensorFlow functions named in the file; this page does not "
        "run them. Rebuild the model from Keras layers and save it again.",
        "모델에 {type} 층이 있습니다. 이 층은 파일에 적힌 TensorFlow 함수를 호출하므로 이 페이지는 실행하지 않습니다. "
        "Keras 층으로 모델을 다시 만들어 저장해 주세요."),
    "models.err.groups": (
        "The layer {name} is a DepthwiseConv2D with groups={groups}, which Keras 3 cannot build. Only groups=1 "
        "(what tf.keras writes by default) can be opened.",
        "{name} 층은 groups={groups}인 DepthwiseConv2D라서 Keras 3가 만들 수 없습니다. groups=1(tf.keras의 기본값)만 열 수 있습니다."),
    "models.err.bad_info": ("The model file's cnnviz.json has a malformed {field}; save the model again with cnnviz.",
                            "모델 파일의 cnnviz.json에 있는 {field} 값이 잘못되었습니다. cnnviz로 모델을 다시 저장해 주세요."),
    "models.err.labels_count": ("labels.txt names {labels} classes but the model has {classes} outputs. Upload the "
                                "labels.txt exported with this model.",
                                "labels.txt에는 클래스가 {labels}개인데 모델의 출력은 {classes}개입니다. 이 모델과 함께 내보낸 "
                                "labels.txt를 올려 주세요."),
    "models.err.labels_empty": ("labels.txt has no class names (one per line, e.g. \"0 cat\").",
                                "labels.txt에 클래스 이름이 없습니다(한 줄에 하나씩, 예: \"0 cat\")."),
    "models.err.labels_not_text": ("labels.txt is not UTF-8 text. Upload the labels.txt exported with the model.",
                                   "labels.txt가 UTF-8 텍스트가 아닙니다. 모델과 함께 내보낸 labels.txt를 올려 주세요."),
    "models.err.labels_too_big": ("labels.txt is larger than {limit_kb} kB; it is refused.",
                                  "labels.txt가 {limit_kb} kB보다 커서 받지 않습니다."),
    "models.err.labels_too_many": ("labels.txt has {count} lines; at most {limit} classes are shown.",
                                   "labels.txt가 {count}줄입니다. 클래스는 {limit}개까지 보여 줍니다."),
    "models.err.labels_indices": ("The {count} lines of labels.txt must be numbered 0, 1, 2, … once each (\"0 cat\").",
                                  "labels.txt의 {count}줄은 0, 1, 2, …로 한 번씩 번호가 붙어 있어야 합니다(\"0 cat\")."),
}
