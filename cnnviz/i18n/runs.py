"""Strings of the run store: its error sentences, pruning notices, run statuses and the exported notebook."""

STRINGS = {
    # --- errors -------------------------------------------------------------------------------
    "runs.err.not_found": (
        "There is no run {id} that is yours or shared with you. Check the id, or pick a run from your list.",
        "내 실행이나 공유된 실행 중에 {id} 실행이 없습니다. 아이디를 확인하거나 목록에서 실행을 고르세요."),
    "runs.err.owner": (
        "The owner token is missing or malformed. Reload the page to get one (on the command line, delete the "
        "owner_token file in the cnnviz data folder).",
        "소유자 토큰이 없거나 형식이 잘못되었습니다. 페이지를 새로 고쳐 새 토큰을 받으세요 (명령줄에서는 cnnviz 데이터 "
        "폴더의 owner_token 파일을 지우세요)."),
    "runs.err.name": ("A run name needs 1 to {most} printable characters.",
                      "실행 이름은 출력 가능한 문자 1~{most}자여야 합니다."),
    "runs.err.epoch": ("Epoch {epoch} is not stored for this run; it has epochs 1 to {done}.",
                       "이 실행에는 에포크 {epoch}이(가) 저장되어 있지 않습니다. 저장된 에포크는 1~{done}입니다."),
    "runs.err.status": ("A run can finish as {known}, not as {status}.",
                        "실행은 {known} 중 하나로 끝나야 합니다. {status}은(는) 쓸 수 없습니다."),
    "runs.err.too_big": (
        "This run would need about {need} MB, more than the {most} MB one learner may keep. Use smaller images, "
        "fewer epochs or a smaller model.",
        "이 실행에는 약 {need} MB가 필요해 학습자 한 명이 보관할 수 있는 {most} MB를 넘습니다. 이미지 크기나 "
        "에포크를 줄이거나 더 작은 모델을 쓰세요."),
    "runs.err.full_owner": (
        "You already keep {most} runs and none can be removed to make room (they are still running or shared). "
        "Delete a run, then train again.",
        "이미 실행 {most}개를 보관 중이고, 모두 학습 중이거나 공유되어 자리를 비울 수 없습니다. 실행 하나를 지운 뒤 "
        "다시 학습하세요."),
    "runs.err.full_owner_mb": (
        "Your runs already fill the {most} MB you may keep, and none can be removed (they are still running or "
        "shared). Delete a run, then train again.",
        "내 실행이 보관 한도 {most} MB를 채웠고, 모두 학습 중이거나 공유되어 지울 수 없습니다. 실행 하나를 지운 뒤 "
        "다시 학습하세요."),
    "runs.err.full_server": (
        "The server's run storage ({most} MB) is full. Ask your teacher to delete old runs or to raise "
        "CNNVIZ_RUNS_MAX_MB.",
        "서버의 실행 저장 공간({most} MB)이 가득 찼습니다. 선생님께 오래된 실행을 지우거나 CNNVIZ_RUNS_MAX_MB를 "
        "늘려 달라고 하세요."),
    "runs.err.database": (
        "Cannot use the database {url}: {reason}. Set CNNVIZ_DATABASE_URL to sqlite:///PATH or "
        "postgresql+psycopg://USER@HOST/NAME.",
        "데이터베이스 {url}을(를) 쓸 수 없습니다: {reason}. CNNVIZ_DATABASE_URL을 sqlite:///경로 또는 "
        "postgresql+psycopg://사용자@호스트/이름 으로 설정하세요."),
    "runs.err.limit": ("{name}={value} is not a valid limit; set it to a positive number.",
                       "{name}={value}은(는) 올바른 한도가 아닙니다. 양수로 설정하세요."),
    "runs.err.snapshot": ("A snapshot of run {id} cannot be read ({reason}).",
                          "실행 {id}의 스냅숏을 읽을 수 없습니다 ({reason})."),
    "runs.err.no_model": ("Run {id} has no stored model: it ended before its first epoch finished.",
                          "실행 {id}에는 저장된 모델이 없습니다. 첫 에포크가 끝나기 전에 멈췄습니다."),
    "runs.err.format": ("Unknown export format {format}; use one of {known}.",
                        "알 수 없는 내보내기 형식 {format}입니다. {known} 중 하나를 쓰세요."),
    "runs.err.out": ("Cannot write {path}: {reason}.", "{path}에 쓸 수 없습니다: {reason}."),
    # --- notices ------------------------------------------------------------------------------
    "runs.notice.pruned": ("To make room, your {count} oldest finished run(s) were deleted: {names}.",
                           "자리를 만들기 위해 가장 오래된 내 실행 {count}개를 지웠습니다: {names}."),
    "runs.notice.pruned_others": ("To make room on the server, {count} older run(s) of other learners were deleted.",
                                  "서버에 자리를 만들기 위해 다른 학습자의 오래된 실행 {count}개를 지웠습니다."),
    "runs.notice.fewer_snapshots": (
        "This model is large, so to fit in your {most} MB the timeline keeps the whole model at {count} epoch(s) "
        "and at the end; the first and last Conv2D kernels are kept at every epoch. Smaller images make it smaller.",
        "모델이 커서 내 저장 공간 {most} MB에 맞추려고 타임라인은 전체 모델을 {count}개 에포크와 마지막에만 저장합니다. "
        "첫 번째와 마지막 Conv2D 커널은 모든 에포크에 저장됩니다. 이미지를 작게 하면 모델도 작아집니다."),
    # --- statuses -----------------------------------------------------------------------------
    "runs.status.running": ("training", "학습 중"),
    "runs.status.done": ("done", "완료"),
    "runs.status.stopped": ("stopped", "중지됨"),
    "runs.status.failed": ("failed", "실패"),
    "runs.status.interrupted": ("interrupted", "중단됨"),
    # --- the exported notebook ----------------------------------------------------------------
    "runs.nb.title": (
        "# {name}\n\nThis notebook trains the cnnviz run *{name}* again: the same data, the same model, the "
        "same settings (seed {seed}). Run the cells from top to bottom. cnnviz recorded a final validation "
        "accuracy of {val_accuracy}; a new run lands close to it (exactly the same only on the same machine "
        "and versions).",
        "# {name}\n\n이 노트북은 cnnviz 실행 *{name}*을(를) 다시 학습합니다. 같은 데이터, 같은 모델, 같은 설정(시드 "
        "{seed})을 씁니다. 위에서부터 차례로 셀을 실행하세요. cnnviz에 기록된 최종 검증 정확도는 {val_accuracy}이며, "
        "다시 학습하면 비슷한 값이 나옵니다 (같은 컴퓨터와 같은 버전에서만 똑같이 나옵니다)."),
    "runs.nb.setup": ("## 1. Imports and the seed", "## 1. 라이브러리와 시드"),
    "runs.nb.data_flowers": (
        "## 2. Data\n\nTensorFlow's flower photos, as in the image-classification tutorial: {n_train} training and "
        "{n_val} validation images of {shape}, classes {classes}. `keras.utils.get_file` downloads them once into "
        "Keras's cache.",
        "## 2. 데이터\n\n이미지 분류 튜토리얼의 TensorFlow 꽃 사진: 학습 이미지 {n_train}장, 검증 이미지 {n_val}장, 크기 "
        "{shape}, 클래스 {classes}. `keras.utils.get_file`이 Keras 캐시에 한 번 내려받습니다."),
    "runs.nb.data_shapes": (
        "## 2. Data\n\ncnnviz's offline shapes: {n_train} training and {n_val} validation images of {shape}, "
        "classes {classes}. `load_shapes` draws them again from the same seed.",
        "## 2. 데이터\n\ncnnviz의 오프라인 도형 데이터: 학습 이미지 {n_train}장, 검증 이미지 {n_val}장, 크기 {shape}, "
        "클래스 {classes}. `load_shapes`가 같은 시드로 똑같이 다시 그립니다."),
    "runs.nb.data_keras": (
        "## 2. Data\n\n`keras.datasets.{name}`: the first {n_train} training images, and {n_val} test images as "
        "the validation set. Classes: {classes}.",
        "## 2. 데이터\n\n`keras.datasets.{name}`: 학습 이미지 앞쪽 {n_train}장과 테스트 이미지 {n_val}장(검증용). "
        "클래스: {classes}."),
    "runs.nb.data_folder": (
        "## 2. Data\n\nYour own images, one folder per class ({classes}), read with "
        "`keras.utils.image_dataset_from_directory` as in TensorFlow's image-classification tutorial. Put the "
        "path of your folder in `data_dir`.",
        "## 2. 데이터\n\n클래스마다 폴더가 하나씩 있는 내 이미지({classes})를 TensorFlow 이미지 분류 튜토리얼처럼 "
        "`keras.utils.image_dataset_from_directory`로 읽습니다. `data_dir`에 내 폴더 경로를 넣으세요."),
    "runs.nb.folder_path": ("the folder with one sub-folder per class", "클래스마다 하위 폴더가 있는 폴더"),
    "runs.nb.model": (
        "## 3. Model\n\nThe model as cnnviz trained it: your layers, plus what training puts in — data "
        "augmentation in front, `Rescaling(1/255)` when the model had none, and Dropout before Flatten when set.",
        "## 3. 모델\n\ncnnviz가 학습한 그대로의 모델입니다. 내가 만든 층에 학습이 덧붙인 층이 더해져 있습니다: 앞쪽의 "
        "데이터 증강, 모델에 없을 때 넣는 `Rescaling(1/255)`, 설정했을 때 Flatten 앞의 드롭아웃."),
    "runs.nb.compile": ("## 4. Compile and train", "## 4. 컴파일과 학습"),
    "runs.nb.plot": (
        "## 5. Accuracy and loss per epoch\n\nSolid lines: this notebook's run. Dashed: what cnnviz recorded.",
        "## 5. 에포크별 정확도와 손실\n\n실선: 이 노트북의 학습. 점선: cnnviz에 기록된 값."),
    "runs.nb.c_seed": ("None: a new random start each time", "None이면 매번 다른 무작위 시작"),
    "runs.nb.c_random": ("fixes Python's, NumPy's and TensorFlow's random numbers",
                         "Python, NumPy, TensorFlow의 난수를 고정합니다"),
    "runs.nb.c_held_out": ("the test images, held out from training", "테스트 이미지: 학습에 쓰지 않습니다"),
    "runs.nb.c_recorded": ("what cnnviz recorded, per epoch", "cnnviz에 기록된 에포크별 값"),
    "training.runs.header": ("Your runs", "내 학습 기록"),
    "training.runs.none": ("No runs yet: every run you train is saved here, and stays after a reload or a restart.",
                           "아직 학습 기록이 없습니다. 학습할 때마다 여기에 저장되고, 새로 고치거나 서버를 다시 켜도 남아 있습니다."),
    "training.runs.pick": ("Pick one run for its timeline and downloads, or 2–4 runs to compare their curves.",
                           "기록 하나를 고르면 타임라인과 내려받기가, 2–4개를 고르면 곡선 비교가 나옵니다."),
    "training.runs.name": ("Run name", "학습 이름"),
    "training.runs.share": ("Share with my class", "우리 반과 공유하기"),
    "training.runs.share_help": ("Your teacher and classmates can then open it (not change or delete it).",
                                 "교사와 반 친구들이 열어 볼 수 있습니다 (바꾸거나 지울 수는 없습니다)."),
    "training.runs.saved": ("Saved in your runs as “{name}”.", "내 학습 기록에 “{name}”(으)로 저장했습니다."),
    "training.runs.aug": ("augmentation", "데이터 증강"),
    "training.runs.epochs": ("{n} epochs", "{n} 에포크"),
    "training.runs.shared": ("shared", "공유됨"),
    "training.runs.col.name": ("Name", "이름"),
    "training.runs.col.when": ("When", "언제"),
    "training.runs.col.data": ("Data", "데이터"),
    "training.runs.col.model": ("Model", "모델"),
    "training.runs.col.options": ("Augmentation / Dropout", "증강 / 드롭아웃"),
    "training.runs.col.epochs": ("Epochs", "에포크"),
    "training.runs.col.best": ("Best val_accuracy", "최고 검증 정확도"),
    "training.runs.col.duration": ("Time", "걸린 시간"),
    "training.runs.col.status": ("Status", "상태"),
    "training.runs.download.keras": ("Model (.keras)", "모델 (.keras)"),
    "training.runs.download.csv": ("History (.csv)", "기록 (.csv)"),
    "training.runs.download.ipynb": ("Notebook (.ipynb)", "노트북 (.ipynb)"),
    "training.runs.rename": ("New name", "새 이름"),
    "training.runs.rename_button": ("Rename", "이름 바꾸기"),
    "training.runs.delete": ("Delete this run", "이 기록 지우기"),
    "training.runs.delete_confirm": ("Delete “{name}” with its model and snapshots? This cannot be undone.",
                                     "“{name}”을(를) 모델과 스냅숏까지 지울까요? 되돌릴 수 없습니다."),
    "training.runs.delete_yes": ("Yes, delete it", "네, 지웁니다"),
    "training.compare.header": ("Runs compared", "학습 비교"),
    "training.compare.one_run": (
        "Run {name}: training {accuracy:.0%}, validation {val_accuracy:.0%} at the last of {epochs} epochs "
        "({points}-point gap; at most {max_points}).",
        "{name}: {epochs}에포크 마지막에 학습 {accuracy:.0%}, 검증 {val_accuracy:.0%} ({points}포인트 차이; 가장 클 때 "
        "{max_points}).",
    ),
    "training.timeline.header": ("Timeline: the network epoch by epoch", "타임라인: 에포크마다의 네트워크"),
    "training.timeline.intro": (
        "Slide through the epochs (or press play) and watch the first kernels turn from noise into detectors, "
        "the maps sharpen and the confusion matrix fill its diagonal — from the weights saved at each epoch.",
        "에포크를 움직여 보세요(또는 재생). 첫 커널이 잡음에서 검출기로 바뀌고, 피처맵이 또렷해지고, 혼동 행렬의 대각선이 "
        "채워지는 모습을 에포크마다 저장한 가중치로 보여 줍니다.",
    ),
    "training.timeline.layer": ("Maps of layer", "피처맵을 볼 층"),
    "training.timeline.image": ("Validation image", "검증 이미지"),
    "training.timeline.epoch": ("Epoch", "에포크"),
    "training.timeline.play": ("Play", "재생"),
    "training.timeline.preparing": ("Preparing the timeline: epoch {done} of {total}", "타임라인 준비 중: {total}개 중 {done}번째 에포크"),
    "training.timeline.exact": ("Every weight as it was at the end of this epoch.", "이 에포크가 끝났을 때의 가중치 그대로입니다."),
    "training.timeline.approx": (
        "The first and last convolutions as they were at epoch {epoch}; the other layers from the snapshot of epoch "
        "{weights} (whole-model snapshots are kept at a few epochs only).",
        "첫 합성곱과 마지막 합성곱은 {epoch}에포크 그대로이고, 나머지 층은 {weights}에포크 스냅숏입니다 (모델 전체 스냅숏은 몇 "
        "에포크에만 저장합니다).",
    ),
    "training.timeline.kernels": ("Kernels of {layer} at epoch {epoch}", "{epoch}에포크의 {layer} 커널"),
    "training.timeline.maps": ("Maps of {layer} for this image at epoch {epoch}", "{epoch}에포크에서 이 이미지의 {layer} 피처맵"),
    "training.timeline.gradcam": ("Where it looked (Grad-CAM)", "모델이 본 곳 (Grad-CAM)"),
    "training.timeline.accuracy": ("Validation accuracy at this epoch: {accuracy}", "이 에포크의 검증 정확도: {accuracy}"),
}
