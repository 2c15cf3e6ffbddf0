"""tests/packaging: the installer build (build_installer.py, packaging/)"""
