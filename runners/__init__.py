"""winipc runners: set up the machine, build, run the conformance suite, compare and report.

Run as ``python3 -m runners <command>`` (or ``./winipc <command>`` from the repository root).
One module per stage: setup, build, execute (running), junit (parsing), expectations, compare, report.
"""
