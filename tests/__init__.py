"""The test suite is a package, so ``tests/retention`` and ``tests/forms`` never shadow the ``retention``
and ``forms`` packages on ``sys.path`` (pytest's rootdir insertion would otherwise put ``tests/`` first)."""
