"""Printing a PDF (the packet) through Qt: each page rendered with QtPdf and painted onto the
printer, on a sheet of its own orientation.

:func:`paint_pdf` opens the file itself, so the window can run it on the task runner (Qt
paints on a QPrinter from any thread) with progress and Stop, and the print preview can call
it directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.domain.errors import EnvironmentProblem
from app.services.jobs import Cancelled, Job

MAX_DPI = 300   # sharp on paper, without a 1200-dpi printer's page images of half a gigabyte


def set_paper_of(printer: QPrinter, document: QPdfDocument) -> None:
    """Offer the paper the PDF was laid out on (the clerk may choose another)."""
    if document.pageCount() <= 0:
        return
    size = document.pagePointSize(0)
    printer.setPageSize(QPageSize(QSizeF(min(size.width(), size.height()),
                                         max(size.width(), size.height())),
                                  QPageSize.Unit.Point, "",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))


def paint_pdf(path: Path | str, printer: QPrinter, job: Job | None = None) -> int:
    """Paint pages ``printer.fromPage()``..``toPage()`` (all when 0) of the PDF at ``path``
    onto ``printer``; returns how many. Stopping (``job``) abandons the print job."""
    job = job or Job()
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise EnvironmentProblem(f"The packet's PDF could not be read: {path}.",
                                 "Build the packet again, then print it.")
    count = document.pageCount()
    first = max(printer.fromPage(), 1) if printer.fromPage() else 1
    last = min(printer.toPage(), count) if printer.toPage() else count
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    printed = 0
    try:
        for index in range(first - 1, last):
            job.progress(printed, last - first + 1, f"printing page {index + 1}")
            size = document.pagePointSize(index)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape
                                       if size.width() > size.height()
                                       else QPageLayout.Orientation.Portrait)
            if printed == 0:
                if not painter.begin(printer):
                    raise EnvironmentProblem("The printer could not be started.",
                                             "Check that it is on and connected, then print "
                                             "again.")
            elif not printer.newPage():
                raise EnvironmentProblem("The printer stopped taking pages.",
                                         "Check the printer, then print again.")
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            image = document.render(index, QSize(round(size.width() * dpi / 72),
                                                 round(size.height() * dpi / 72)))
            # The painter's origin is the printable area's corner: the page fills it, its
            # proportions kept.
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(QPoint(0, 0), scaled), image)
            printed += 1
    except Cancelled:
        if painter.isActive():
            printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    job.progress(printed, printed, "printed")
    return printed
