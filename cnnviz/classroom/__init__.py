"""Teaching with cnnviz: the guided lesson, a teacher's links that fix and lock settings, and class mode.

Class mode lives in the run store's database, so every replica of the app sees the same class:
`classes` (join code, members), `questions` (predict, then reveal, for the whole class; `mistakes`
reads a wrong answer), `class_images` and `class_training` (the data set the class builds and the
model trained on it), `class_runs` (shared runs, ranked), `teacher_key` (the key and its rate limit).
Nothing here imports Streamlit; `cnnviz.web.classroom` draws it.
"""
