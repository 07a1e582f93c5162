"""Teaching with cnnviz: the guided lesson and a teacher's links that fix and lock settings."""
