"""A dark palette as Windows 11 in dark mode gives Qt (Qt 6.7+ follows the system colour
scheme): light text on dark bases. The GUI checks render the window under it."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

DARK = {
    QPalette.ColorRole.Window: "#202020", QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#1c1c1c", QPalette.ColorRole.AlternateBase: "#2b2b2b",
    QPalette.ColorRole.Text: "#ffffff", QPalette.ColorRole.Button: "#2d2d2d",
    QPalette.ColorRole.ButtonText: "#ffffff", QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#0078d4", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2b2b2b", QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#a0a0a0", QPalette.ColorRole.Link: "#99ebff",
    QPalette.ColorRole.Light: "#3c3c3c", QPalette.ColorRole.Midlight: "#333333",
    QPalette.ColorRole.Mid: "#2a2a2a", QPalette.ColorRole.Dark: "#111111",
    QPalette.ColorRole.Shadow: "#000000",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette
