"""Real-browser tests: JupyterLab started by the test, driven by Playwright and Chromium.

The modules here are small drivers named for what they drive: ``server`` (the
JupyterLab process), ``notebook`` (a notebook page), ``explorers`` and ``exercises``
(the course's widgets), ``accessibility`` (axe-core and the name checks).
"""
