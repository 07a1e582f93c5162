"""Every training run saved and lasting: metadata in SQL, weights on disk, read back by its owner only.

- `store`: the API (`open_store`, `RunStore`); `writes`: an epoch, a heartbeat, the end of a run;
  `quota` and `limits`: bounded disk; `owners`: owner tokens; `records`: the values handed out.
- `schema`: the tables on one `MetaData` that later features extend; `database`: engines, SQLite WAL.
- `files`: atomic file writes and snapshots; `recorder`: the Keras callback; `timeline`: a run at any
  epoch; `export` and `notebook`: the ``.keras``, CSV and ``.ipynb`` downloads.

Importing this package imports neither Keras nor SQLAlchemy; `store` imports SQLAlchemy, and only the
recorder, the timeline and the ``.keras`` export import Keras (inside functions).
"""
