"""Use cases that the CLI, the GUI and the tests all call. No Qt here."""
