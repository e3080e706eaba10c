"""Reading vendor audit exports (CSV, XLSX, JSON): shape detection, mapping, normalisation."""
