"""What runs inside the learner's sandboxed process: the zygote, the child, the isolation layers
they apply to themselves, and the wire format both sides speak.

The zygote is started as a script and loads these modules by file path, so this package is
never imported inside the sandbox; it imports only the standard library and numpy, never the
trusted side of the grader (a test holds it so). The trusted side may import from it.
"""
