"""The PyQt6 desktop application (installed as ``gisgrid.ui``), thin over the core."""

import pandas as pd

# The app runs core work on worker threads while the GUI thread keeps using pandas. pandas 3
# stores text in pyarrow, and building pyarrow-backed strings from two threads at once
# crashed the process (SIGSEGV in ArrowExtensionArray.factorize, seen in the app's
# project-shapes test). Python-backed strings have the same "str" dtype and semantics.
pd.set_option("mode.string_storage", "python")
