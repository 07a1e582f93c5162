"""Class mode in a real browser: a whole class round (a teacher and three learners), the key refused without it,
another learner's data refused, membership kept across a reload, and class images kept across a server restart."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from cnnviz.web.harness import open_page, start_streamlit, stop, wait_idle

KEY = "open-sesame-42"
VIEW = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("class_data")


def _start(data_dir):
    return start_streamlit("app.py", env={"CNNVIZ_DATA_DIR": str(data_dir), "CNNVIZ_TEACHER_KEY": KEY,
                                          "CNNVIZ_DATABASE_URL": ""})


@pytest.fixture(scope="module")
def class_server(browser, data_dir):
    """A server of its own: a known teacher key and a fresh data folder (database and images)."""
    proc, url = _start(data_dir)
    try:
        warm = browser.new_page()
        open_page(warm, url, "/?lang=en")
        warm.close()
        yield url
    finally:
        stop(proc)


def teacher_page(browser, url: str, labels: str = "rock, paper"):
    """A teacher's tab with the key typed and a new class started; returns (page, join code)."""
    page = browser.new_context(viewport=VIEW).new_page()
    open_page(page, url, "/teacher?lang=en")
    page.get_by_label("Teacher key").fill(KEY)
    page.get_by_role("button", name="Open").click()
    page.get_by_text("Start a new class").wait_for(timeout=30_000)
    wait_idle(page)
    if not page.get_by_role("button", name="Start the class").is_visible():  # other classes are open: it is folded
        page.get_by_text("Start a new class").click()
    page.get_by_label("Classes of the data set, separated by commas").fill(labels)
    before = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    page.get_by_role("button", name="Start the class").click()
    page.wait_for_function("old => { const m = document.querySelector('[data-testid=\"stMetricValue\"]');"
                           " return m && !old.includes(m.innerText); }", arg=before, timeout=30_000)
    return page, page.locator('[data-testid="stMetricValue"]').first.inner_text().replace(" ", "")


def learner_page(browser, url: str, code: str, name: str, path: str = "/"):
    """A learner's tab (a browser context of its own) that joined with the link's code and `name`."""
    page = browser.new_context(viewport=VIEW).new_page()
    open_page(page, url, f"{path}?class={code}&lang=en")
    page.get_by_label("Your name in the class").fill(name)
    page.get_by_role("button", name="Join").click()
    page.get_by_text(f"as {name}").wait_for(timeout=60_000)  # a join reruns the page: slow on a loaded machine
    return page


def _plotted_answers(page) -> list:
    return page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                         ".map(p => [p.data[0].x, p.data[0].y])")


def test_a_whole_class_round(browser, class_server):
    teacher, code = teacher_page(browser, class_server)
    learners = [learner_page(browser, class_server, code, name, path)
                for name, path in (("Mina", "/"), ("Jun", "/explorer"), ("Kim", "/architecture"))]
    teacher.get_by_role("button", name="Ask the class").click()
    for page, answer in zip(learners, ("222x222x8", "221 x 221 x 8", "(221, 221, 8)")):
        page.get_by_text("Question from your teacher").wait_for(timeout=15_000)  # polled: no reload
        page.get_by_label("Your answer (height × width × channels)").fill(answer)
        page.get_by_role("button", name="Send my answer").click()
        page.get_by_text("Wait for your teacher to reveal the right one.").wait_for(timeout=15_000)
    teacher.get_by_text("3 / 3").wait_for(timeout=15_000)  # the live view refreshes by itself
    teacher.get_by_text("Most common wrong answer: 221 × 221 × 8 (2×)").wait_for(timeout=15_000)
    teacher.get_by_text("Forgot the + 1").wait_for(timeout=5_000)
    teacher.wait_for_function("() => { const p = document.querySelector('.js-plotly-plot');"
                              " return p && p.data[0].y.reduce((a, b) => a + b, 0) === 3; }", timeout=15_000)
    assert _plotted_answers(teacher) == [[["221 × 221 × 8", "✓ 222 × 222 × 8"], [2, 1]]]
    teacher.get_by_role("button", name="Reveal the answer").click()
    learners[0].get_by_text("Right: 222 × 222 × 8.").wait_for(timeout=15_000)
    for page in learners[1:]:
        page.get_by_text("the right answer is 222 × 222 × 8").wait_for(timeout=15_000)
    for page in learners:
        page.locator('[data-testid="stMain"] .katex').first.wait_for(timeout=15_000)  # the worked formula
    for page in [teacher, *learners]:
        page.context.close()


def test_the_teacher_page_is_refused_without_the_key(browser, class_server):
    page = browser.new_context(viewport=VIEW).new_page()
    open_page(page, class_server, f"/teacher?lang=en&key={KEY}&teacher_key={KEY}&presenter=1")  # a URL cannot open it
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("This page is for the teacher: type the teacher key to open it.").wait_for(timeout=15_000)
    page.get_by_role("button", name="Open").wait_for(timeout=15_000)
    field = {"Teacher key", "visibility"}  # the key field's label and its show-password icon, when drawn
    lines = [line.strip() for line in main.inner_text().splitlines() if line.strip() not in field | {""}]
    assert lines == ["Teacher", "This page is for the teacher: type the teacher key to open it.", "Open"]
    assert page.get_by_label("Teacher key").input_value() == ""  # nothing from the URL went into the field
    page.get_by_label("Teacher key").fill("not-the-key")
    page.get_by_role("button", name="Open").click()
    page.get_by_text("That is not the teacher key.").wait_for(timeout=15_000)
    assert main.get_by_text("Start the class").count() == 0 and page.locator(".js-plotly-plot").count() == 0
    page.context.close()


def test_another_learners_data_is_refused(browser, class_server):
    teacher, code = teacher_page(browser, class_server)
    teacher.get_by_role("button", name="Ask the class").click()
    mina = learner_page(browser, class_server, code, "Mina")
    mina.get_by_text("Question from your teacher").wait_for(timeout=15_000)
    mina.get_by_label("Your answer (height × width × channels)").fill("221x221x8")
    mina.get_by_role("button", name="Send my answer").click()
    mina.get_by_text("Your answer: 221 × 221 × 8").wait_for(timeout=15_000)
    token = next(c["value"] for c in mina.context.cookies() if c["name"] == "cnnviz_member")
    assert token not in mina.url  # the token never travels in a link

    other = browser.new_context(viewport=VIEW).new_page()  # another learner opens Mina's very URL, and guesses
    open_page(other, class_server, mina.url.split(class_server, 1)[1] + f"&class={code}&member={token}&token={token}")
    other.get_by_label("Your name in the class").wait_for(timeout=15_000)  # only the join form
    body = other.locator("body").inner_text()
    assert "Mina" not in body and "221 × 221 × 8" not in body and "Question from your teacher" not in body
    open_page(other, class_server, "/teacher?lang=en")
    assert "Mina" not in other.locator("body").inner_text()
    for page in (teacher, mina, other):
        page.context.close()


def test_membership_is_kept_across_a_reload_and_leaving_forgets_it(browser, class_server):
    teacher, code = teacher_page(browser, class_server)
    page = learner_page(browser, class_server, code, "Mina", "/explorer")
    page.reload()
    wait_idle(page)
    page.get_by_text("as Mina").wait_for(timeout=30_000)
    page.get_by_role("button", name="Leave the class").click()
    page.get_by_text("Join a class").wait_for(timeout=15_000)
    page.reload()
    wait_idle(page)
    page.get_by_text("Join a class").wait_for(timeout=30_000)  # the cookie is gone too
    assert page.get_by_text("as Mina").count() == 0
    teacher.context.close()
    page.context.close()


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 160, 60)).save(out, "PNG")
    return out.getvalue()


def test_class_images_survive_a_server_restart(browser, tmp_path):
    proc, url = _start(tmp_path)
    try:
        teacher, code = teacher_page(browser, url, "rock, paper")
        mina = learner_page(browser, url, code, "Mina")
        mina.get_by_text("Add images to the class data set").click()
        mina.get_by_label("This image shows").wait_for(timeout=15_000)
        mina.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(
            [{"name": "rock1.png", "mimeType": "image/png", "buffer": _photo()}])
        mina.get_by_role("button", name="Add the uploaded images").click()
        mina.get_by_text("1 image(s) added to 'rock'.").wait_for(timeout=30_000)
        teacher.close()
    finally:
        stop(proc)
    stored = list((tmp_path / "classes").glob("*/*.jpg"))
    assert len(stored) == 1
    proc, url2 = _start(tmp_path)
    try:
        page = browser.new_context(viewport=VIEW).new_page()
        open_page(page, url2, "/teacher?lang=en")
        page.get_by_label("Teacher key").fill(KEY)
        page.get_by_role("button", name="Open").click()
        page.get_by_text("Class data set").click()
        wait_idle(page)
        page.get_by_text("rock · Mina").wait_for(timeout=30_000)  # the thumbnail's caption
        assert page.locator('[data-testid="stMain"] [data-testid="stImage"] img').count() >= 2  # QR and the image
        mina.goto(mina.url.replace(url, url2))  # the learner's browser, against the new server process
        wait_idle(mina)
        mina.get_by_text("as Mina").wait_for(timeout=30_000)  # the cookie and the database outlived the process
        page.context.close()
        mina.context.close()
    finally:
        stop(proc)
