"""Pure rules of the records desk: no I/O, no Qt, no database.

Everything here can be called from the GUI, the CLI and the tests alike, and imports nothing from
the other packages of ``app``.
"""
