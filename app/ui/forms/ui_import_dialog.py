# GENERATED FILE - do not edit. Source: forms/import_dialog.ui
# Regenerate with: uv run python -m app.ui.formgen
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'import_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog,
    QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QProgressBar, QPushButton, QSizePolicy,
    QSpacerItem, QTableView, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget)

class Ui_ImportDialog(object):
    def setupUi(self, ImportDialog):
        if not ImportDialog.objectName():
            ImportDialog.setObjectName(u"ImportDialog")
        ImportDialog.resize(1000, 760)
        self.mainLayout = QVBoxLayout(ImportDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.fileLabel = QLabel(ImportDialog)
        self.fileLabel.setObjectName(u"fileLabel")
        self.fileLabel.setWordWrap(True)
        self.fileLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mainLayout.addWidget(self.fileLabel)

        self.shapeLabel = QLabel(ImportDialog)
        self.shapeLabel.setObjectName(u"shapeLabel")
        self.shapeLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.shapeLabel)

        self.settingsForm = QGridLayout()
        self.settingsForm.setObjectName(u"settingsForm")
        self.systemLabel = QLabel(ImportDialog)
        self.systemLabel.setObjectName(u"systemLabel")

        self.settingsForm.addWidget(self.systemLabel, 0, 0, 1, 1)

        self.systemEdit = QLineEdit(ImportDialog)
        self.systemEdit.setObjectName(u"systemEdit")

        self.settingsForm.addWidget(self.systemEdit, 0, 1, 1, 1)

        self.zoneLabel = QLabel(ImportDialog)
        self.zoneLabel.setObjectName(u"zoneLabel")

        self.settingsForm.addWidget(self.zoneLabel, 0, 2, 1, 1)

        self.zoneCombo = QComboBox(ImportDialog)
        self.zoneCombo.setObjectName(u"zoneCombo")
        self.zoneCombo.setEditable(True)

        self.settingsForm.addWidget(self.zoneCombo, 0, 3, 1, 1)

        self.dateOrderLabel = QLabel(ImportDialog)
        self.dateOrderLabel.setObjectName(u"dateOrderLabel")

        self.settingsForm.addWidget(self.dateOrderLabel, 1, 0, 1, 1)

        self.dateOrderCombo = QComboBox(ImportDialog)
        self.dateOrderCombo.setObjectName(u"dateOrderCombo")

        self.settingsForm.addWidget(self.dateOrderCombo, 1, 1, 1, 1)

        self.sheetLabel = QLabel(ImportDialog)
        self.sheetLabel.setObjectName(u"sheetLabel")

        self.settingsForm.addWidget(self.sheetLabel, 1, 2, 1, 1)

        self.sheetCombo = QComboBox(ImportDialog)
        self.sheetCombo.setObjectName(u"sheetCombo")

        self.settingsForm.addWidget(self.sheetCombo, 1, 3, 1, 1)


        self.mainLayout.addLayout(self.settingsForm)

        self.mappingTitle = QLabel(ImportDialog)
        self.mappingTitle.setObjectName(u"mappingTitle")
        self.mappingTitle.setWordWrap(True)

        self.mainLayout.addWidget(self.mappingTitle)

        self.mappingTable = QTableWidget(ImportDialog)
        if (self.mappingTable.columnCount() < 3):
            self.mappingTable.setColumnCount(3)
        __qtablewidgetitem = QTableWidgetItem()
        self.mappingTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.mappingTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.mappingTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        self.mappingTable.setObjectName(u"mappingTable")
        self.mappingTable.setTabKeyNavigation(False)
        self.mappingTable.setColumnCount(3)

        self.mainLayout.addWidget(self.mappingTable)

        self.previewTitle = QLabel(ImportDialog)
        self.previewTitle.setObjectName(u"previewTitle")

        self.mainLayout.addWidget(self.previewTitle)

        self.previewTable = QTableView(ImportDialog)
        self.previewTable.setObjectName(u"previewTable")
        self.previewTable.setTabKeyNavigation(False)

        self.mainLayout.addWidget(self.previewTable)

        self.problemsLabel = QLabel(ImportDialog)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.problemsLabel)

        self.progressBar = QProgressBar(ImportDialog)
        self.progressBar.setObjectName(u"progressBar")
        self.progressBar.setVisible(False)

        self.mainLayout.addWidget(self.progressBar)

        self.buttonRow = QHBoxLayout()
        self.buttonRow.setObjectName(u"buttonRow")
        self.loadMappingButton = QPushButton(ImportDialog)
        self.loadMappingButton.setObjectName(u"loadMappingButton")

        self.buttonRow.addWidget(self.loadMappingButton)

        self.saveMappingButton = QPushButton(ImportDialog)
        self.saveMappingButton.setObjectName(u"saveMappingButton")

        self.buttonRow.addWidget(self.saveMappingButton)

        self.rememberCheck = QCheckBox(ImportDialog)
        self.rememberCheck.setObjectName(u"rememberCheck")
        self.rememberCheck.setChecked(True)

        self.buttonRow.addWidget(self.rememberCheck)

        self.buttonSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttonRow.addItem(self.buttonSpacer)

        self.importButton = QPushButton(ImportDialog)
        self.importButton.setObjectName(u"importButton")

        self.buttonRow.addWidget(self.importButton)

        self.cancelButton = QPushButton(ImportDialog)
        self.cancelButton.setObjectName(u"cancelButton")

        self.buttonRow.addWidget(self.cancelButton)


        self.mainLayout.addLayout(self.buttonRow)

#if QT_CONFIG(shortcut)
        self.systemLabel.setBuddy(self.systemEdit)
        self.zoneLabel.setBuddy(self.zoneCombo)
        self.dateOrderLabel.setBuddy(self.dateOrderCombo)
        self.sheetLabel.setBuddy(self.sheetCombo)
        self.mappingTitle.setBuddy(self.mappingTable)
        self.previewTitle.setBuddy(self.previewTable)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.fileLabel, self.shapeLabel)
        QWidget.setTabOrder(self.shapeLabel, self.systemEdit)
        QWidget.setTabOrder(self.systemEdit, self.zoneCombo)
        QWidget.setTabOrder(self.zoneCombo, self.dateOrderCombo)
        QWidget.setTabOrder(self.dateOrderCombo, self.sheetCombo)
        QWidget.setTabOrder(self.sheetCombo, self.mappingTable)
        QWidget.setTabOrder(self.mappingTable, self.previewTable)
        QWidget.setTabOrder(self.previewTable, self.problemsLabel)
        QWidget.setTabOrder(self.problemsLabel, self.rememberCheck)
        QWidget.setTabOrder(self.rememberCheck, self.loadMappingButton)
        QWidget.setTabOrder(self.loadMappingButton, self.saveMappingButton)
        QWidget.setTabOrder(self.saveMappingButton, self.importButton)
        QWidget.setTabOrder(self.importButton, self.cancelButton)

        self.retranslateUi(ImportDialog)

        self.importButton.setDefault(True)


        QMetaObject.connectSlotsByName(ImportDialog)
    # setupUi

    def retranslateUi(self, ImportDialog):
        ImportDialog.setWindowTitle(QCoreApplication.translate("ImportDialog", u"Import audit log", None))
#if QT_CONFIG(accessibility)
        self.fileLabel.setAccessibleDescription(QCoreApplication.translate("ImportDialog", u"File being imported", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.shapeLabel.setAccessibleDescription(QCoreApplication.translate("ImportDialog", u"What the importer found", None))
#endif // QT_CONFIG(accessibility)
        self.systemLabel.setText(QCoreApplication.translate("ImportDialog", u"&System:", None))
#if QT_CONFIG(accessibility)
        self.systemEdit.setAccessibleName(QCoreApplication.translate("ImportDialog", u"System the log comes from", None))
#endif // QT_CONFIG(accessibility)
        self.systemEdit.setPlaceholderText(QCoreApplication.translate("ImportDialog", u"e.g. clearview, flock", None))
        self.zoneLabel.setText(QCoreApplication.translate("ImportDialog", u"&Time zone (times without one):", None))
#if QT_CONFIG(accessibility)
        self.zoneCombo.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Time zone of timestamps that name none", None))
#endif // QT_CONFIG(accessibility)
        self.dateOrderLabel.setText(QCoreApplication.translate("ImportDialog", u"&Day and month:", None))
#if QT_CONFIG(accessibility)
        self.dateOrderCombo.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Order of day and month in numeric dates", None))
#endif // QT_CONFIG(accessibility)
        self.sheetLabel.setText(QCoreApplication.translate("ImportDialog", u"S&heet:", None))
#if QT_CONFIG(accessibility)
        self.sheetCombo.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Sheet of the workbook to import", None))
#endif // QT_CONFIG(accessibility)
        self.mappingTitle.setText(QCoreApplication.translate("ImportDialog", u"<b>&Columns</b> &mdash; what each column of the file holds (unmapped columns are kept in the original row only):", None))
        ___qtablewidgetitem = self.mappingTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ImportDialog", u"Column in the file", None))
        ___qtablewidgetitem1 = self.mappingTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ImportDialog", u"Holds", None))
        ___qtablewidgetitem2 = self.mappingTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ImportDialog", u"First values", None))
#if QT_CONFIG(accessibility)
        self.mappingTable.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Column mapping", None))
#endif // QT_CONFIG(accessibility)
        self.previewTitle.setText(QCoreApplication.translate("ImportDialog", u"<b>Pre&view</b> &mdash; the first rows as they will be stored (times in UTC):", None))
#if QT_CONFIG(accessibility)
        self.previewTable.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Preview of the normalised rows", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.problemsLabel.setAccessibleDescription(QCoreApplication.translate("ImportDialog", u"Problems to correct before importing", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.progressBar.setAccessibleName(QCoreApplication.translate("ImportDialog", u"Import progress", None))
#endif // QT_CONFIG(accessibility)
        self.loadMappingButton.setText(QCoreApplication.translate("ImportDialog", u"&Load mapping file\u2026", None))
        self.saveMappingButton.setText(QCoreApplication.translate("ImportDialog", u"Save mapping &file\u2026", None))
        self.rememberCheck.setText(QCoreApplication.translate("ImportDialog", u"&Remember this mapping", None))
#if QT_CONFIG(tooltip)
        self.rememberCheck.setToolTip(QCoreApplication.translate("ImportDialog", u"Use it again for files with the same columns", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.rememberCheck.setAccessibleDescription(QCoreApplication.translate("ImportDialog", u"Use it again for files with the same columns", None))
#endif // QT_CONFIG(accessibility)
        self.importButton.setText(QCoreApplication.translate("ImportDialog", u"&Import", None))
        self.cancelButton.setText(QCoreApplication.translate("ImportDialog", u"Cancel", None))
    # retranslateUi

