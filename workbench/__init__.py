"""workbench: a claim-verification workbench for newsroom fact-checkers.

The pipeline, one module per stage: clean → segment → claims → attribution /
figures → store → embed / index → search / stance → review → faces (CLI,
web).  ``Workbench`` is the plain Python API they all call; it is imported
lazily so that ``import workbench.figures`` stays light.
"""
__all__ = ["Workbench"]
__version__ = "0.1.0"


def __getattr__(name):
    if name == "Workbench":
        from .api import Workbench

        return Workbench
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")
