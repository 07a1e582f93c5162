"""Sentences about images: why an upload, a sample name or an input setting was refused."""

STRINGS = {
    "images.empty": (
        "The file {filename} is empty (0 bytes). Choose an image file (PNG, JPEG, BMP, GIF or WebP).",
        "파일 {filename}이(가) 비어 있습니다(0바이트). PNG, JPEG, BMP, GIF, WebP 이미지 파일을 고르세요.",
    ),
    "images.too_large_bytes": (
        "The file {filename} is {size_mb} MB; the limit is {limit_mb} MB. "
        "Save a smaller copy (for example 1024 px on the long side, as JPEG) and upload that.",
        "파일 {filename}의 크기는 {size_mb} MB인데 한도는 {limit_mb} MB입니다. "
        "더 작은 사본(예: 긴 변 1024 px, JPEG)으로 저장해서 올리세요.",
    ),
    "images.unsupported_format": (
        "{filename} is a {format} file, which this app cannot read. "
        "Export it as PNG or JPEG and upload that.",
        "{filename}은(는) {format} 파일이라 이 앱에서 읽을 수 없습니다. PNG나 JPEG로 내보낸 뒤 올리세요.",
    ),
    "images.not_image": (
        "{filename} is not an image this app can read. Upload a PNG, JPEG, BMP, GIF or WebP file.",
        "{filename}은(는) 이 앱이 읽을 수 있는 이미지가 아닙니다. PNG, JPEG, BMP, GIF, WebP 파일을 올리세요.",
    ),
    "images.corrupt": (
        "{filename} starts like a {format} image but is damaged or cut off, so it cannot be decoded. "
        "Save or download the picture again and upload the new copy.",
        "{filename}은(는) {format} 이미지처럼 보이지만 손상되었거나 잘려 있어 읽을 수 없습니다. "
        "사진을 다시 저장하거나 내려받아 새 파일을 올리세요.",
    ),
    "images.too_many_pixels": (
        "{filename} is {width} × {height} pixels ({megapixels} megapixels); the limit is {limit} megapixels. "
        "Resize it (for example to 1024 px on the long side) and upload it again.",
        "{filename}은(는) {width} × {height} 픽셀({megapixels} 메가픽셀)인데 한도는 {limit} 메가픽셀입니다. "
        "크기를 줄여서(예: 긴 변 1024 px) 다시 올리세요.",
    ),
    "images.bomb": (
        "{filename} declares more than {declared} megapixels, far more than its file size can hold "
        "(a decompression bomb); the limit is {limit} megapixels. Upload an ordinary photo instead.",
        "{filename}은(는) {declared} 메가픽셀이 넘는 크기를 선언하는데, 파일 크기에 비해 터무니없이 큽니다"
        "(압축 폭탄). 한도는 {limit} 메가픽셀입니다. 평범한 사진을 올리세요.",
    ),
    "images.unknown_sample": (
        "There is no sample image with that name. Choose one of: {choices}.",
        "그런 이름의 예제 이미지는 없습니다. 다음 중에서 고르세요: {choices}.",
    ),
    "images.bad_size": (
        "The input size must be a whole number of pixels from {low} to {high}, not {size}. "
        "Move the input size slider into that range.",
        "입력 크기는 {low}에서 {high} 사이의 정수(픽셀)여야 합니다. {size}은(는) 쓸 수 없습니다. "
        "입력 크기 슬라이더를 이 범위 안으로 옮기세요.",
    ),
    "images.bad_size_type": (
        "The input size must be a whole number of pixels from {low} to {high}. "
        "Move the input size slider into that range.",
        "입력 크기는 {low}에서 {high} 사이의 정수(픽셀)여야 합니다. 입력 크기 슬라이더를 이 범위 안으로 옮기세요.",
    ),
    "images.bad_color": (
        "The colour mode must be rgb or gray. Choose RGB (3 channels) or grayscale (1 channel).",
        "색상 모드는 rgb 또는 gray여야 합니다. RGB(채널 3개)나 흑백(채널 1개)을 고르세요.",
    ),
}
