"""The PySide6 front end. The only package (with start-up code) that imports Qt; it never runs
SQL and never blocks the event loop: work goes through :mod:`app.ui.tasks`."""
