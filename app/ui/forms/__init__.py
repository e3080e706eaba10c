"""Python code generated from forms/*.ui by app.ui.formgen (never edited by hand)."""
