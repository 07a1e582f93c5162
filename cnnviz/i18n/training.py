"""Strings of the training page, its data loaders, the archive checks and the `train` CLI."""

STRINGS = {
    # --- page ---------------------------------------------------------------------------------
    "training.title": ("Train a CNN", "CNN 학습시키기"),
    "training.intro": (
        "Pick data and a model, press **Train**, and watch accuracy and loss grow epoch by epoch, as in "
        "TensorFlow's image-classification tutorial. Then see what the model got wrong, check for overfitting, "
        "and try data augmentation and Dropout.",
        "데이터와 모델을 고르고 **학습 시작**을 누르면 TensorFlow 이미지 분류 튜토리얼처럼 에포크마다 정확도와 손실이 "
        "변하는 모습을 볼 수 있습니다. 학습이 끝나면 모델이 틀린 이미지를 살펴보고, 과대적합인지 확인하고, "
        "데이터 증강과 드롭아웃을 시험해 보세요."),
    "training.data.header": ("Data", "데이터"),
    "training.data.source": ("Data set", "데이터 세트"),
    "training.data.shapes": ("Shapes — circles, squares, triangles, crosses (offline)",
                             "도형 — 원, 사각형, 삼각형, 십자 (오프라인)"),
    "training.data.mnist": ("MNIST — handwritten digits", "MNIST — 손글씨 숫자"),
    "training.data.fashion_mnist": ("Fashion-MNIST — clothes", "Fashion-MNIST — 옷"),
    "training.data.cifar10": ("CIFAR-10 — ten kinds of objects", "CIFAR-10 — 10가지 사물"),
    "training.data.upload": ("My own images (.zip or .tar.gz, one folder per class)",
                             "내 이미지 (.zip 또는 .tar.gz, 클래스마다 폴더 하나)"),
    "training.data.zip_help": ("Like the tutorial's flower_photos: daisy/…, roses/…, tulips/…",
                               "튜토리얼의 flower_photos처럼: daisy/…, roses/…, tulips/…"),
    "training.data.image_size": ("Image size (pixels, H = W)", "이미지 크기 (픽셀, H = W)"),
    "training.data.split": ("Validation split", "검증 데이터 비율 (validation_split)"),
    "training.data.limit": ("Training images to use", "사용할 학습 이미지 수"),
    "training.data.summary": ("{n_train} training and {n_val} validation images of shape {shape}; {k} classes: {names}",
                              "학습 이미지 {n_train}장, 검증 이미지 {n_val}장, 형태 {shape}, 클래스 {k}개: {names}"),
    "training.data.downloading": ("Downloading {name}: {done} of {total} MB", "{name} 내려받는 중: {done} / {total} MB"),
    "training.data.skipped": ("{n} files in the archive were skipped:", "압축 파일에서 {n}개 파일을 건너뛰었습니다:"),
    "training.data.need_zip": ("Upload a .zip or .tar.gz first.", "먼저 .zip 또는 .tar.gz 파일을 올려 주세요."),
    "training.data.samples": ("Some training images", "학습 이미지 예시"),
    "training.model.header": ("Model", "모델"),
    "training.model.preset": ("Architecture", "모델 구조"),
    "training.model.architecture": ("From the architecture page", "모델 구조 설계 페이지에서 만든 모델"),
    "training.model.adapted": ("The last Dense layer gets {k} units (one per class); the input becomes {shape}.",
                               "마지막 Dense 층의 유닛 수를 클래스 수인 {k}로, 입력을 {shape}로 바꿉니다."),
    "training.settings.header": ("Settings", "학습 설정"),
    "training.settings.optimizer": ("Optimizer", "옵티마이저"),
    "training.settings.adam": ("Adam", "Adam"),
    "training.settings.sgd": ("SGD with momentum 0.9", "SGD (모멘텀 0.9)"),
    "training.settings.rmsprop": ("RMSprop", "RMSprop"),
    "training.settings.learning_rate": ("Learning rate", "학습률 (learning rate)"),
    "training.settings.batch_size": ("Batch size", "배치 크기 (batch_size)"),
    "training.settings.epochs": ("Epochs", "에포크 (epochs)"),
    "training.aug.header": ("Data augmentation and Dropout (against overfitting)",
                            "데이터 증강과 드롭아웃 (과대적합 줄이기)"),
    "training.aug.flip": ("RandomFlip (horizontal)", "RandomFlip (좌우 뒤집기)"),
    "training.aug.rotation": ("RandomRotation (fraction of a full turn)", "RandomRotation (한 바퀴에 대한 비율)"),
    "training.aug.zoom": ("RandomZoom", "RandomZoom (확대·축소)"),
    "training.aug.dropout": ("Dropout rate (before Flatten)", "드롭아웃 비율 (Flatten 앞)"),
    "training.aug.preview": ("The same image, augmented 9 times", "같은 이미지를 9번 증강한 모습"),
    "training.train": ("Train", "학습 시작"),
    "training.stop": ("Stop", "멈추기"),
    "training.waiting": ("Waiting for a free place: you are number {place} in line (trainings running on this server: {running}).",
                         "빈자리를 기다리는 중입니다: 대기 {place}번째입니다 (이 서버에서 학습 {running}개가 진행 중)."),
    "training.progress": ("Epoch {epoch} of {epochs} · batch {batch} of {steps} · about {left} s left",
                          "에포크 {epoch}/{epochs} · 배치 {batch}/{steps} · 약 {left}초 남음"),
    "training.starting": ("Starting …", "시작하는 중 …"),
    "training.stopping": ("Stopping after this batch …", "이 배치가 끝나면 멈춥니다 …"),
    "training.done": ("Finished {epochs} epochs in {seconds} s.", "{epochs} 에포크를 {seconds}초 만에 마쳤습니다."),
    "training.stopped": ("Stopped after {batches} batches; the weights and the history so far are kept.",
                         "배치 {batches}개 뒤에 멈췄습니다. 지금까지의 가중치와 기록은 그대로 남아 있습니다."),
    "training.failed": ("Training failed: {reason}", "학습에 실패했습니다: {reason}"),
    "training.cancelled": ("Cancelled before it started.", "시작하기 전에 취소했습니다."),
    "training.abandoned": ("This training was cancelled because its page was closed.",
                           "페이지가 닫혀서 이 학습은 취소되었습니다."),
    "training.run_gone": (
        "The training in this link is no longer on the server (the server keeps a finished training for 10 "
        "minutes, and forgets it when it restarts). Press Train to start a new one.",
        "이 링크의 학습은 더 이상 서버에 없습니다 (끝난 학습은 10분 동안 보관되며, 서버가 다시 시작되면 사라집니다). "
        "학습 시작을 눌러 새로 학습하세요."),
    # --- plots --------------------------------------------------------------------------------
    "training.plot.accuracy": ("Accuracy", "정확도"),
    "training.plot.loss": ("Loss", "손실"),
    "training.plot.epoch": ("epoch", "에포크"),
    "training.plot.confusion": ("Confusion matrix (validation images)", "혼동 행렬 (검증 이미지)"),
    "training.plot.true": ("true class", "실제 클래스"),
    "training.plot.predicted": ("predicted class", "예측 클래스"),
    # --- after --------------------------------------------------------------------------------
    "training.result.header": ("Results", "결과"),
    "training.result.val_accuracy": ("Validation accuracy", "검증 정확도"),
    "training.result.val_loss": ("Validation loss", "검증 손실"),
    "training.result.images": ("Images (training / validation)", "이미지 (학습 / 검증)"),
    "training.result.mistakes": ("Misclassified validation images", "잘못 분류한 검증 이미지"),
    "training.result.mistake": ("true: {true} → predicted: {pred} ({p:.0%})", "실제: {true} → 예측: {pred} ({p:.0%})"),
    "training.result.no_mistakes": ("No validation image was misclassified.", "잘못 분류한 검증 이미지가 없습니다."),
    "training.result.overfit": (
        "**Overfitting**: training accuracy is {gap:.0%} above validation accuracy (validation loss {rise:.0%} above "
        "its best). The model learns details of the training images that do not carry over to new ones. Remedies, "
        "as in the tutorial: turn on data augmentation (RandomFlip, RandomRotation, RandomZoom), add Dropout, use "
        "more images, train fewer epochs, or use a smaller model.",
        "**과대적합**: 학습 정확도가 검증 정확도보다 {gap:.0%} 높습니다 (검증 손실은 최저점보다 {rise:.0%} 높음). "
        "모델이 새 이미지에는 통하지 않는 학습 이미지의 세부까지 외우고 있습니다. 튜토리얼의 해결책: 데이터 증강"
        "(RandomFlip, RandomRotation, RandomZoom)을 켜고, 드롭아웃을 추가하고, 이미지를 늘리거나, 에포크를 줄이거나, "
        "더 작은 모델을 쓰세요."),
    "training.result.no_overfit": ("Training and validation curves stay close: no sign of overfitting.",
                                   "학습 곡선과 검증 곡선이 가깝습니다: 과대적합의 징후가 없습니다."),
    "training.predict.header": ("Predict an image", "이미지 예측하기"),
    "training.predict.pick": ("Validation image number", "검증 이미지 번호"),
    "training.predict.upload": ("…or upload an image", "…또는 이미지를 올리세요"),
    "training.predict.answer": ("Most likely **{name}** ({p:.1%}).", "가장 가능성이 높은 클래스는 **{name}** ({p:.1%})입니다."),
    "training.download.model": ("Download the model (.keras)", "모델 내려받기 (.keras)"),
    "training.download.history": ("Download the history (.csv)", "학습 기록 내려받기 (.csv)"),
    "training.shared": ("The trained model is now available on the other pages of this session.",
                        "학습한 모델을 이 세션의 다른 페이지에서도 쓸 수 있습니다."),
    # --- class names of the built-in data sets ------------------------------------------------
    "training.class.circle": ("circle", "원"),
    "training.class.square": ("square", "사각형"),
    "training.class.triangle": ("triangle", "삼각형"),
    "training.class.cross": ("cross", "십자"),
    "training.class.T-shirt/top": ("T-shirt/top", "티셔츠/상의"),
    "training.class.Trouser": ("Trouser", "바지"),
    "training.class.Pullover": ("Pullover", "풀오버"),
    "training.class.Dress": ("Dress", "드레스"),
    "training.class.Coat": ("Coat", "코트"),
    "training.class.Sandal": ("Sandal", "샌들"),
    "training.class.Shirt": ("Shirt", "셔츠"),
    "training.class.Sneaker": ("Sneaker", "운동화"),
    "training.class.Bag": ("Bag", "가방"),
    "training.class.Ankle boot": ("Ankle boot", "앵클부츠"),
    "training.class.airplane": ("airplane", "비행기"),
    "training.class.automobile": ("automobile", "자동차"),
    "training.class.bird": ("bird", "새"),
    "training.class.cat": ("cat", "고양이"),
    "training.class.deer": ("deer", "사슴"),
    "training.class.dog": ("dog", "개"),
    "training.class.frog": ("frog", "개구리"),
    "training.class.horse": ("horse", "말"),
    "training.class.ship": ("ship", "배"),
    "training.class.truck": ("truck", "트럭"),
    # --- errors (SettingError templates) ------------------------------------------------------
    "training.err.unknown_dataset": ("There is no data set called {name!r}; choose one of: {known}.",
                                     "{name!r}라는 데이터 세트는 없습니다. 다음 중에서 고르세요: {known}."),
    "training.err.offline": (
        "Could not download {url} ({reason}). Without internet, place that file at {path} (Keras's cache) and try again, "
        "or choose the offline Shapes data set.",
        "{url}을(를) 내려받지 못했습니다 ({reason}). 인터넷이 없으면 그 파일을 {path}에 (Keras 캐시) 넣고 다시 시도하거나, "
        "오프라인 도형 데이터 세트를 고르세요."),
    "training.err.bad_cache": ("The cached file {path} could not be read ({reason}). Delete it and download it again.",
                               "캐시 파일 {path}을(를) 읽지 못했습니다 ({reason}). 지우고 다시 내려받으세요."),
    "training.err.split": ("validation_split must be between 0.05 and 0.5, got {value}. Move the validation split slider.",
                           "validation_split은 0.05와 0.5 사이여야 하는데 {value}입니다. 검증 데이터 비율을 조정하세요."),
    "training.err.image_size": ("Image size {h}×{w} is outside {lo}…{hi} pixels. Choose a size in that range.",
                                "이미지 크기 {h}×{w}가 {lo}…{hi} 픽셀 범위를 벗어납니다. 그 범위에서 고르세요."),
    "training.err.few_classes": ("Found {found} class folder(s) ({names}); a classifier needs at least 2. "
                                 "Put each class's images in its own folder inside the .zip.",
                                 "클래스 폴더를 {found}개 찾았습니다 ({names}). 분류하려면 2개 이상 필요합니다. "
                                 ".zip 안에 클래스마다 폴더를 하나씩 만들어 이미지를 넣으세요."),
    "training.err.small_class": ("These class folders have too few images: {names}; each needs at least {need}. "
                                 "Add images or remove those folders.",
                                 "이미지가 너무 적은 클래스 폴더가 있습니다: {names}. 클래스마다 최소 {need}장이 필요합니다. "
                                 "이미지를 더 넣거나 그 폴더를 빼세요."),
    "training.err.too_few": ("Only {n} images: with validation split {split} one of the two parts is empty. Add images.",
                             "이미지가 {n}장뿐이라 검증 비율 {split}로 나누면 한쪽이 비어 있습니다. 이미지를 더 넣으세요."),
    "training.err.optimizer": ("Unknown optimizer {name!r}; choose one of: {known}.",
                               "알 수 없는 옵티마이저 {name!r}입니다. 다음 중에서 고르세요: {known}."),
    "training.err.range": ("{key} = {value} is outside {lo}…{hi}. Choose a value in that range.",
                           "{key} = {value}가 {lo}…{hi} 범위를 벗어납니다. 그 범위의 값을 고르세요."),
    "training.err.build": ("Keras could not build this model: {reason}. Change the architecture and try again.",
                           "Keras가 이 모델을 만들지 못했습니다: {reason}. 모델 구조를 바꿔 다시 시도하세요."),
    "training.err.spec_file": ("Could not read the model {path}: {reason}. Give a preset name or a spec .json file.",
                               "모델 {path}을(를) 읽지 못했습니다: {reason}. 프리셋 이름이나 명세 .json 파일을 주세요."),
    "training.err.data_path": ("{path} is neither a folder nor a .zip file. Give a folder with one sub-folder per class, or a .zip.",
                               "{path}은(는) 폴더도 .zip 파일도 아닙니다. 클래스마다 하위 폴더가 있는 폴더나 .zip을 주세요."),
    # --- archives -----------------------------------------------------------------------------
    "training.archive.not_zip": ("The file is not a .zip archive. Compress the class folders as .zip and upload it again.",
                                 "이 파일은 .zip 압축 파일이 아닙니다. 클래스 폴더들을 .zip으로 압축해 다시 올려 주세요."),
    "training.archive.damaged": ("The archive is damaged at {name} ({reason}). Create the .zip again and upload it.",
                                 "압축 파일의 {name} 부분이 손상되었습니다 ({reason}). .zip을 다시 만들어 올려 주세요."),
    "training.archive.too_many": ("The archive has {n} entries; at most {limit} are accepted. Use fewer images.",
                                  "압축 파일에 항목이 {n}개 있습니다. 최대 {limit}개까지 받습니다. 이미지 수를 줄여 주세요."),
    "training.archive.too_big": ("The archive unpacks to {mb} MB; at most {limit} MB are accepted. Use fewer or smaller images.",
                                 "압축을 풀면 {mb} MB입니다. 최대 {limit} MB까지 받습니다. 이미지 수나 크기를 줄여 주세요."),
    "training.archive.file_too_big": ("{name} is {mb} MB; one image may be at most {limit} MB. Resize it.",
                                      "{name}의 크기가 {mb} MB입니다. 이미지 하나는 최대 {limit} MB입니다. 크기를 줄여 주세요."),
    "training.archive.bomb": ("The archive expands {ratio}× (at most {limit}× is accepted): it looks like a zip bomb and was refused.",
                              "압축 파일이 {ratio}배로 늘어납니다 (최대 {limit}배): 압축 폭탄으로 보여 거부했습니다."),
    "training.archive.unsafe_path": ("Skipped {name}: its path leaves the archive's folder.",
                                     "{name}을(를) 건너뜀: 경로가 압축 폴더 밖을 가리킵니다."),
    "training.archive.symlink": ("Skipped {name}: symbolic links are not extracted.", "{name}을(를) 건너뜀: 심볼릭 링크는 풀지 않습니다."),
    "training.archive.nested": ("Skipped {name}: archives inside the archive are not opened.",
                                "{name}을(를) 건너뜀: 압축 파일 안의 압축 파일은 열지 않습니다."),
    "training.archive.not_image": ("Skipped {name}: not a PNG, JPEG, GIF or BMP image.",
                                   "{name}을(를) 건너뜀: PNG, JPEG, GIF, BMP 이미지가 아닙니다."),
    "training.archive.no_class": ("Skipped {name}: images must be inside a class folder.",
                                  "{name}을(를) 건너뜀: 이미지는 클래스 폴더 안에 있어야 합니다."),
    "training.archive.duplicate": ("Skipped {name}: the archive holds it twice.", "{name}을(를) 건너뜀: 같은 파일이 두 번 들어 있습니다."),
    # --- CLI ----------------------------------------------------------------------------------
    "training.cli.help": ("Train a model on a data set and print its history.", "데이터 세트로 모델을 학습하고 기록을 출력합니다."),
    # --- the overfitting lesson's data, flowers, folders from archives and URLs -----------------
    "training.data.few_shapes": ("Few shapes — five shapes on textured backgrounds, only 1,000 images of 64×64 (overfits; offline)",
                                 "적은 도형 — 무늬 배경 위 다섯 가지 도형, 64×64 이미지 1,000장뿐 (과대적합이 보임, 오프라인)"),
    "training.data.flowers": ("Flowers — TensorFlow's flower_photos: 3,670 photos of five flowers (218 MB download)",
                              "꽃 — TensorFlow의 flower_photos: 꽃 다섯 종류 사진 3,670장 (218 MB 내려받기)"),
    "training.data.archive": ("Upload a .zip or .tar.gz with one folder per class", "클래스마다 폴더가 하나씩 있는 .zip 또는 .tar.gz 파일을 올려 주세요"),
    "training.data.url": ("…or the address (URL) of such an archive", "…또는 그런 압축 파일의 주소(URL)"),
    "training.data.color_mode": ("Colour mode", "색상 모드 (color_mode)"),
    "training.data.rgb": ("colour (rgb)", "컬러 (rgb)"),
    "training.data.grayscale": ("grey (grayscale)", "흑백 (grayscale)"),
    "training.data.streamed": ("Streamed from disk with tf.data (cache, shuffle, prefetch), not loaded at once.",
                               "tf.data로 디스크에서 읽어 옵니다 (cache, shuffle, prefetch). 한꺼번에 메모리에 올리지 않습니다."),
    "training.class.star": ("star", "별"),
    "training.class.daisy": ("daisy", "데이지"),
    "training.class.dandelion": ("dandelion", "민들레"),
    "training.class.roses": ("roses", "장미"),
    "training.class.sunflowers": ("sunflowers", "해바라기"),
    "training.class.tulips": ("tulips", "튤립"),
    "training.err.color_mode": ("Colour mode {value!r} is not known; choose one of: {known}.",
                                "색상 모드 {value!r}는 알 수 없습니다. 다음 중에서 고르세요: {known}."),
    "training.err.url": ("{url} cannot be fetched ({reason}). Give the http:// or https:// address of an archive on a public server.",
                         "{url}은(는) 가져올 수 없습니다 ({reason}). 공개 서버에 있는 압축 파일의 http:// 또는 https:// 주소를 주세요."),
    "training.err.url_failed": ("Could not download {url} ({reason}). Check the address, or download the archive yourself and give its path.",
                                "{url}을(를) 내려받지 못했습니다 ({reason}). 주소를 확인하거나, 압축 파일을 직접 내려받아 그 경로를 주세요."),
    "training.err.url_too_big": ("{url} is larger than {limit} MB ({mb} MB). Use an archive with fewer or smaller images.",
                                 "{url}이(가) {limit} MB보다 큽니다 ({mb} MB). 이미지 수나 크기를 줄인 압축 파일을 쓰세요."),
    "training.err.store_full": ("The unpacked data sets would take {mb} MB, more than the {limit} MB allowed, and none can be "
                                "removed now. Try again later, or use a smaller archive.",
                                "압축을 푼 데이터 세트가 {mb} MB가 되어 허용된 {limit} MB를 넘는데, 지금은 지울 수 있는 것이 없습니다. "
                                "나중에 다시 하거나 더 작은 압축 파일을 쓰세요."),
    "training.err.monitor": ("Cannot watch {name!r}; choose one of: {known}.", "{name!r}은(는) 지켜볼 수 없습니다. 다음 중에서 고르세요: {known}."),
    "training.archive.unknown_format": (
        "The file is neither a .zip nor a .tar, .tar.gz or .tgz archive. Pack the class folders as .zip or .tar.gz and try again.",
        "이 파일은 .zip도 .tar, .tar.gz, .tgz 압축 파일도 아닙니다. 클래스 폴더들을 .zip이나 .tar.gz로 압축해 다시 시도하세요."),
    "training.archive.special": ("Skipped {name}: not a regular file (a device, pipe or sparse file).",
                                 "{name}을(를) 건너뜀: 일반 파일이 아닙니다 (장치, 파이프 또는 희소 파일)."),
    # --- reading overfitting, comparing two runs ----------------------------------------------
    "training.result.overfit_gap": (
        "**Overfitting** at epoch {epoch}: training accuracy {accuracy:.0%}, validation accuracy {val_accuracy:.0%}: "
        "a {points}-point gap. The model learns details of the training images that do not carry over to new ones. "
        "Remedies, as in the tutorial: data augmentation (RandomFlip, RandomRotation, RandomZoom), Dropout, more "
        "images, fewer epochs, or a smaller model.",
        "에포크 {epoch}에서 **과대적합**: 학습 정확도 {accuracy:.0%}, 검증 정확도 {val_accuracy:.0%}로 {points}%p 차이가 "
        "납니다. 모델이 새 이미지에는 통하지 않는 학습 이미지의 세부까지 외우고 있습니다. 튜토리얼의 해결책: 데이터 증강"
        "(RandomFlip, RandomRotation, RandomZoom), 드롭아웃, 더 많은 이미지, 더 적은 에포크, 더 작은 모델."),
    "training.result.overfit_val_loss": (
        "**Overfitting begins**: validation loss is {val_loss_rise:.0%} above its lowest (epoch {best_epoch}) while training "
        "loss kept falling; training accuracy {accuracy:.0%}, validation accuracy {val_accuracy:.0%} ({points}-point gap). "
        "Stopping near epoch {best_epoch} (EarlyStopping), data augmentation or Dropout would help.",
        "**과대적합이 시작됩니다**: 학습 손실은 계속 줄어드는데 검증 손실은 최저점(에포크 {best_epoch})보다 "
        "{val_loss_rise:.0%} 높습니다. 학습 정확도 {accuracy:.0%}, 검증 정확도 {val_accuracy:.0%} ({points}%p 차이). "
        "에포크 {best_epoch} 근처에서 멈추거나(EarlyStopping) 데이터 증강이나 드롭아웃을 쓰면 도움이 됩니다."),
    "training.compare.one_overfits": (
        "After epoch {since} run {overfit}'s gap grows to {points} points; run {steady}'s validation accuracy stays close "
        "to its training accuracy: {mean} points apart on average over the same epochs, {steady_points} at the last.",
        "에포크 {since}부터 실행 {overfit}의 차이는 {points}%p까지 벌어지지만, 실행 {steady}의 검증 정확도는 학습 정확도에 "
        "가깝게 유지됩니다: 같은 에포크 동안 평균 {mean}%p, 마지막 에포크에서 {steady_points}%p 차이입니다."),
    "training.compare.both_overfit": (
        "Both runs overfit: at the last epoch training accuracy is {points_a} points above validation accuracy in run "
        "{a} and {points_b} points in run {b}.",
        "두 실행 모두 과대적합입니다: 마지막 에포크에서 학습 정확도가 검증 정확도보다 실행 {a}는 {points_a}%p, "
        "실행 {b}는 {points_b}%p 높습니다."),
    "training.compare.neither": (
        "Neither run overfits: at the last epoch training accuracy is {points_a} points above validation accuracy in run "
        "{a} and {points_b} points in run {b}.",
        "두 실행 모두 과대적합이 아닙니다: 마지막 에포크에서 학습 정확도와 검증 정확도의 차이가 실행 {a}는 {points_a}%p, "
        "실행 {b}는 {points_b}%p입니다."),
    "training.compare.val_higher": (
        "Run {better} reaches a validation accuracy of {val_better:.0%}, {points} points above run {worse} ({val_worse:.0%}).",
        "실행 {better}의 검증 정확도는 {val_better:.0%}로, 실행 {worse}({val_worse:.0%})보다 {points}%p 높습니다."),
    "training.compare.val_same": ("Both runs reach a validation accuracy of {val:.0%}.", "두 실행의 검증 정확도는 모두 {val:.0%}입니다."),
    # --- the notes' training options (callbacks) ----------------------------------------------
    "training.options.header": ("Training options (Keras callbacks)", "학습 옵션 (Keras 콜백)"),
    "training.options.early_stopping": ("EarlyStopping: stop when the watched value stops improving",
                                        "EarlyStopping: 지켜보는 값이 더 나아지지 않으면 멈추기"),
    "training.options.reduce_lr": ("ReduceLROnPlateau: lower the learning rate on a plateau",
                                   "ReduceLROnPlateau: 정체되면 학습률 낮추기"),
    "training.options.checkpoint": ("Keep the best epoch (ModelCheckpoint, save_best_only)",
                                    "가장 좋은 에포크 저장 (ModelCheckpoint, save_best_only)"),
    "training.options.monitor": ("monitor (the value watched)", "monitor (지켜볼 값)"),
    "training.options.patience": ("patience (epochs without improvement)", "patience (나아지지 않고 기다릴 에포크 수)"),
    "training.options.factor": ("factor (the learning rate is multiplied by it)", "factor (학습률에 곱할 값)"),
    "training.options.restore": ("restore_best_weights (end with the best epoch's weights)",
                                 "restore_best_weights (가장 좋은 에포크의 가중치로 끝내기)"),
    "training.plot.lr_drop": ("LR ↓ {lr}", "학습률 ↓ {lr}"),
    "training.plot.early_stop": ("early stop", "조기 종료"),
    "training.plot.best": ("best epoch", "최고 에포크"),
    "training.event.lr_drop": (
        "After epoch {epoch} the learning rate dropped from {lr:g} to {new_lr:g}: {monitor} had not improved for "
        "{patience} epochs (ReduceLROnPlateau).",
        "에포크 {epoch} 뒤에 학습률이 {lr:g}에서 {new_lr:g}(으)로 낮아졌습니다: {monitor}이(가) {patience} 에포크 동안 "
        "나아지지 않았습니다 (ReduceLROnPlateau)."),
    "training.event.early_stop": (
        "Training stopped early after epoch {epoch}: {monitor} had not improved for {patience} epochs since epoch "
        "{best_epoch} (EarlyStopping).",
        "에포크 {epoch} 뒤에 학습을 일찍 멈췄습니다: {monitor}이(가) 에포크 {best_epoch} 이후 {patience} 에포크 동안 "
        "나아지지 않았습니다 (EarlyStopping)."),
    "training.event.early_stop_restored": (
        "Training stopped early after epoch {epoch}: {monitor} had not improved for {patience} epochs since epoch "
        "{best_epoch} (EarlyStopping); the model keeps the weights of epoch {best_epoch}.",
        "에포크 {epoch} 뒤에 학습을 일찍 멈췄습니다: {monitor}이(가) 에포크 {best_epoch} 이후 {patience} 에포크 동안 "
        "나아지지 않았습니다 (EarlyStopping). 모델은 에포크 {best_epoch}의 가중치를 씁니다."),
    "training.event.best": ("The best epoch by {monitor} was epoch {epoch} ({monitor} = {value:.4f}); its weights are kept.",
                            "{monitor} 기준으로 가장 좋은 에포크는 에포크 {epoch}입니다 ({monitor} = {value:.4f}). 그 가중치를 저장해 두었습니다."),
    "training.event.best_restored": (
        "The best epoch by {monitor} was epoch {epoch} ({monitor} = {value:.4f}); the model now has its weights.",
        "{monitor} 기준으로 가장 좋은 에포크는 에포크 {epoch}입니다 ({monitor} = {value:.4f}). 모델은 이제 그 가중치를 씁니다."),
    # --- the page's own labels for the data, the seed and the lesson ----------------------------
    "training.data.own_size": ("the data set's own", "데이터 세트 그대로"),
    "training.data.folder": ("A folder of class folders, an archive of one, or its address (URL)",
                             "클래스 폴더들이 든 폴더, 그 압축 파일, 또는 그 주소(URL)"),
    "training.data.folder_help": (
        "An http(s) address of a .zip or .tar.gz with one folder per class (the malaria and dental notes' layout), "
        "or a folder or archive on this server inside a folder the teacher allowed (CNNVIZ_DATA_PATHS).",
        "클래스마다 폴더가 하나씩 있는 .zip 또는 .tar.gz의 http(s) 주소 (말라리아·치과 노트의 구성), 또는 교사가 허락한 폴더"
        "(CNNVIZ_DATA_PATHS) 안에 있는 이 서버의 폴더나 압축 파일."),
    "training.data.need_source": ("Type an address or a folder first.", "먼저 주소나 폴더를 입력해 주세요."),
    "training.settings.seed": ("Random seed (the same seed trains the same model)", "난수 시드 (같은 시드는 같은 모델을 만듭니다)"),
    "training.options.lr_patience": ("patience of ReduceLROnPlateau (epochs)", "ReduceLROnPlateau의 patience (에포크)"),
    "training.options.note": (
        "The curves mark where the learning rate dropped and where training stopped early; the results say why.",
        "곡선에 학습률이 낮아진 곳과 학습이 일찍 멈춘 곳이 표시되고, 결과에 그 이유가 적힙니다."),
    "training.lesson": ("Lesson", "수업"),
    "training.lesson.intro": (
        "**The lesson's comparison.** The flowers model of TensorFlow's tutorial, trained {epochs} epochs on the "
        "few-shapes data (800 training images), once as it is and once with augmentation (RandomFlip, RandomRotation, "
        "RandomZoom) and Dropout(0.2). Both are saved in your runs; the comparison below grows as they train.",
        "**수업의 비교.** TensorFlow 튜토리얼의 꽃 모델을 적은 도형 데이터(학습 이미지 800장)로 {epochs}에포크 학습합니다. "
        "한 번은 그대로, 한 번은 데이터 증강(RandomFlip, RandomRotation, RandomZoom)과 Dropout(0.2)을 더해서. 둘 다 내 학습 "
        "기록에 저장되고, 아래 비교는 학습하는 동안 자랍니다."),
    "training.lesson.start": ("Train both and compare", "둘 다 학습하고 비교하기"),
    "training.lesson.waiting": ("{name}: waiting, place {place} in the queue", "{name}: 대기 중, {place}번째"),
    "training.lesson.training": ("{name}: epoch {epoch} of {epochs}", "{name}: {epochs}에포크 중 {epoch}"),
    "training.lesson.run.tf_flowers": ("Lesson: flowers model", "수업: 꽃 모델"),
    "training.lesson.run.tf_flowers_augmented": ("Lesson: with augmentation and Dropout", "수업: 데이터 증강 + 드롭아웃"),
    "training.monitor.val_loss": ("val_loss (validation loss)", "val_loss (검증 손실)"),
    "training.monitor.val_accuracy": ("val_accuracy (validation accuracy)", "val_accuracy (검증 정확도)"),
    "training.monitor.loss": ("loss (training loss)", "loss (학습 손실)"),
    "training.monitor.accuracy": ("accuracy (training accuracy)", "accuracy (학습 정확도)"),
    "training.err.path_not_allowed": (
        "{path} is not inside a folder this server shares for data ({roots}). Put the class folders there, or ask the "
        "teacher to add the folder to CNNVIZ_DATA_PATHS.",
        "{path}은(는) 이 서버가 데이터용으로 공유하는 폴더({roots}) 안에 있지 않습니다. 클래스 폴더를 그곳에 두거나, 교사에게 "
        "그 폴더를 CNNVIZ_DATA_PATHS에 넣어 달라고 하세요."),
}
