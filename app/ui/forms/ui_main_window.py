# GENERATED FILE - do not edit. Source: forms/main_window.ui
# Regenerate with: uv run python -m app.ui.formgen
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QListWidget,
    QListWidgetItem, QMainWindow, QMenu, QMenuBar,
    QSizePolicy, QStackedWidget, QStatusBar, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 780)
        self.actionNewRequest = QAction(MainWindow)
        self.actionNewRequest.setObjectName(u"actionNewRequest")
        self.actionBackup = QAction(MainWindow)
        self.actionBackup.setObjectName(u"actionBackup")
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
        self.actionCopy = QAction(MainWindow)
        self.actionCopy.setObjectName(u"actionCopy")
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
        self.actionShowRequests = QAction(MainWindow)
        self.actionShowRequests.setObjectName(u"actionShowRequests")
        self.actionShowRecords = QAction(MainWindow)
        self.actionShowRecords.setObjectName(u"actionShowRecords")
        self.actionShowPersonnel = QAction(MainWindow)
        self.actionShowPersonnel.setObjectName(u"actionShowPersonnel")
        self.actionShowReports = QAction(MainWindow)
        self.actionShowReports.setObjectName(u"actionShowReports")
        self.actionShowSettings = QAction(MainWindow)
        self.actionShowSettings.setObjectName(u"actionShowSettings")
        self.actionRefresh = QAction(MainWindow)
        self.actionRefresh.setObjectName(u"actionRefresh")
        self.actionOpenLogFolder = QAction(MainWindow)
        self.actionOpenLogFolder.setObjectName(u"actionOpenLogFolder")
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QHBoxLayout(self.centralwidget)
        self.centralLayout.setSpacing(0)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.navList = QListWidget(self.centralwidget)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        QListWidgetItem(self.navList)
        self.navList.setObjectName(u"navList")
        self.navList.setMinimumSize(QSize(170, 0))
        self.navList.setMaximumSize(QSize(210, 16777215))
        self.navList.setFrameShape(QFrame.Shape.NoFrame)

        self.centralLayout.addWidget(self.navList)

        self.pages = QStackedWidget(self.centralwidget)
        self.pages.setObjectName(u"pages")

        self.centralLayout.addWidget(self.pages)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuEdit = QMenu(self.menubar)
        self.menuEdit.setObjectName(u"menuEdit")
        self.menuView = QMenu(self.menubar)
        self.menuView.setObjectName(u"menuView")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuEdit.menuAction())
        self.menubar.addAction(self.menuView.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionNewRequest)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionBackup)
        self.menuFile.addSeparator()
        self.menuFile.addAction(self.actionQuit)
        self.menuEdit.addAction(self.actionCopy)
        self.menuEdit.addSeparator()
        self.menuEdit.addAction(self.actionFind)
        self.menuView.addAction(self.actionShowRequests)
        self.menuView.addAction(self.actionShowRecords)
        self.menuView.addAction(self.actionShowPersonnel)
        self.menuView.addAction(self.actionShowReports)
        self.menuView.addAction(self.actionShowSettings)
        self.menuView.addSeparator()
        self.menuView.addAction(self.actionRefresh)
        self.menuHelp.addAction(self.actionOpenLogFolder)
        self.menuHelp.addSeparator()
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"Disclosure Desk", None))
        self.actionNewRequest.setText(QCoreApplication.translate("MainWindow", u"&New request\u2026", None))
#if QT_CONFIG(tooltip)
        self.actionNewRequest.setToolTip(QCoreApplication.translate("MainWindow", u"Log a new public-records request", None))
#endif // QT_CONFIG(tooltip)
        self.actionBackup.setText(QCoreApplication.translate("MainWindow", u"&Back up database\u2026", None))
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"E&xit", None))
        self.actionCopy.setText(QCoreApplication.translate("MainWindow", u"&Copy", None))
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Find\u2026", None))
        self.actionShowRequests.setText(QCoreApplication.translate("MainWindow", u"&Requests", None))
#if QT_CONFIG(shortcut)
        self.actionShowRequests.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+1", None))
#endif // QT_CONFIG(shortcut)
        self.actionShowRecords.setText(QCoreApplication.translate("MainWindow", u"&Audit records", None))
#if QT_CONFIG(shortcut)
        self.actionShowRecords.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+2", None))
#endif // QT_CONFIG(shortcut)
        self.actionShowPersonnel.setText(QCoreApplication.translate("MainWindow", u"&Personnel", None))
#if QT_CONFIG(shortcut)
        self.actionShowPersonnel.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+3", None))
#endif // QT_CONFIG(shortcut)
        self.actionShowReports.setText(QCoreApplication.translate("MainWindow", u"R&eports", None))
#if QT_CONFIG(shortcut)
        self.actionShowReports.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+4", None))
#endif // QT_CONFIG(shortcut)
        self.actionShowSettings.setText(QCoreApplication.translate("MainWindow", u"&Settings", None))
#if QT_CONFIG(shortcut)
        self.actionShowSettings.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+5", None))
#endif // QT_CONFIG(shortcut)
        self.actionRefresh.setText(QCoreApplication.translate("MainWindow", u"Re&fresh", None))
        self.actionOpenLogFolder.setText(QCoreApplication.translate("MainWindow", u"Open &log folder", None))
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About Disclosure Desk", None))

        __sortingEnabled = self.navList.isSortingEnabled()
        self.navList.setSortingEnabled(False)
        ___qlistwidgetitem = self.navList.item(0)
        ___qlistwidgetitem.setText(QCoreApplication.translate("MainWindow", u"Requests", None))
        ___qlistwidgetitem1 = self.navList.item(1)
        ___qlistwidgetitem1.setText(QCoreApplication.translate("MainWindow", u"Audit records", None))
        ___qlistwidgetitem2 = self.navList.item(2)
        ___qlistwidgetitem2.setText(QCoreApplication.translate("MainWindow", u"Personnel", None))
        ___qlistwidgetitem3 = self.navList.item(3)
        ___qlistwidgetitem3.setText(QCoreApplication.translate("MainWindow", u"Reports", None))
        ___qlistwidgetitem4 = self.navList.item(4)
        ___qlistwidgetitem4.setText(QCoreApplication.translate("MainWindow", u"Settings", None))
        self.navList.setSortingEnabled(__sortingEnabled)

#if QT_CONFIG(accessibility)
        self.navList.setAccessibleName(QCoreApplication.translate("MainWindow", u"Navigation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.navList.setAccessibleDescription(QCoreApplication.translate("MainWindow", u"Choose a part of the desk: requests, audit records, personnel, reports or settings", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.pages.setAccessibleName(QCoreApplication.translate("MainWindow", u"Current view", None))
#endif // QT_CONFIG(accessibility)
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menuEdit.setTitle(QCoreApplication.translate("MainWindow", u"&Edit", None))
        self.menuView.setTitle(QCoreApplication.translate("MainWindow", u"&View", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
    # retranslateUi

