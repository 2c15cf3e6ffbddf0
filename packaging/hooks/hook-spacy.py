"""spaCy for Andock (replaces the contributed hook, which also bundles the test suite and every
language): the modules that packaging/bundle.py keeps; its data (pruned by the spec)."""
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

from bundle import keep_module  # packaging/bundle.py (the spec puts packaging/ on sys.path)

datas = collect_data_files("spacy")
hiddenimports = collect_submodules("spacy", filter=keep_module)
