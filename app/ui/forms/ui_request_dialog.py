# GENERATED FILE - do not edit. Source: forms/request_dialog.ui
# Regenerate with: uv run python -m app.ui.formgen
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'request_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QFrame,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QScrollArea, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

from app.ui.date_field import DateField

class Ui_RequestDialog(object):
    def setupUi(self, RequestDialog):
        if not RequestDialog.objectName():
            RequestDialog.setObjectName(u"RequestDialog")
        RequestDialog.resize(900, 520)
        self.mainLayout = QVBoxLayout(RequestDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scrollArea = QScrollArea(RequestDialog)
        self.scrollArea.setObjectName(u"scrollArea")
        self.scrollArea.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scrollArea.setFrameShape(QFrame.Shape.NoFrame)
        self.scrollArea.setWidgetResizable(True)
        self.formPage = QWidget()
        self.formPage.setObjectName(u"formPage")
        self.pageLayout = QVBoxLayout(self.formPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(0, 0, 0, 0)
        self.columnsLayout = QHBoxLayout()
        self.columnsLayout.setObjectName(u"columnsLayout")
        self.leftColumn = QVBoxLayout()
        self.leftColumn.setObjectName(u"leftColumn")
        self.requestBox = QGroupBox(self.formPage)
        self.requestBox.setObjectName(u"requestBox")
        self.requestForm = QFormLayout(self.requestBox)
        self.requestForm.setObjectName(u"requestForm")
        self.lawLabel = QLabel(self.requestBox)
        self.lawLabel.setObjectName(u"lawLabel")

        self.requestForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.lawLabel)

        self.lawCombo = QComboBox(self.requestBox)
        self.lawCombo.setObjectName(u"lawCombo")

        self.requestForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.lawCombo)

        self.receivedLabel = QLabel(self.requestBox)
        self.receivedLabel.setObjectName(u"receivedLabel")

        self.requestForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.receivedLabel)

        self.receivedEdit = DateField(self.requestBox)
        self.receivedEdit.setObjectName(u"receivedEdit")

        self.requestForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.receivedEdit)

        self.channelLabel = QLabel(self.requestBox)
        self.channelLabel.setObjectName(u"channelLabel")

        self.requestForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.channelLabel)

        self.channelCombo = QComboBox(self.requestBox)
        self.channelCombo.setObjectName(u"channelCombo")

        self.requestForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.channelCombo)

        self.descriptionLabel = QLabel(self.requestBox)
        self.descriptionLabel.setObjectName(u"descriptionLabel")

        self.requestForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.descriptionLabel)

        self.descriptionEdit = QPlainTextEdit(self.requestBox)
        self.descriptionEdit.setObjectName(u"descriptionEdit")
        self.descriptionEdit.setMinimumSize(QSize(0, 90))
        self.descriptionEdit.setTabChangesFocus(True)

        self.requestForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.descriptionEdit)

        self.assigneeLabel = QLabel(self.requestBox)
        self.assigneeLabel.setObjectName(u"assigneeLabel")

        self.requestForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.assigneeLabel)

        self.assigneeCombo = QComboBox(self.requestBox)
        self.assigneeCombo.setObjectName(u"assigneeCombo")
        self.assigneeCombo.setEditable(True)

        self.requestForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.assigneeCombo)


        self.leftColumn.addWidget(self.requestBox)

        self.leftSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.leftColumn.addItem(self.leftSpacer)


        self.columnsLayout.addLayout(self.leftColumn)

        self.rightColumn = QVBoxLayout()
        self.rightColumn.setObjectName(u"rightColumn")
        self.requesterBox = QGroupBox(self.formPage)
        self.requesterBox.setObjectName(u"requesterBox")
        self.requesterForm = QFormLayout(self.requesterBox)
        self.requesterForm.setObjectName(u"requesterForm")
        self.nameLabel = QLabel(self.requesterBox)
        self.nameLabel.setObjectName(u"nameLabel")

        self.requesterForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(self.requesterBox)
        self.nameEdit.setObjectName(u"nameEdit")

        self.requesterForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.orgLabel = QLabel(self.requesterBox)
        self.orgLabel.setObjectName(u"orgLabel")

        self.requesterForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.orgLabel)

        self.orgEdit = QLineEdit(self.requesterBox)
        self.orgEdit.setObjectName(u"orgEdit")

        self.requesterForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.orgEdit)

        self.emailLabel = QLabel(self.requesterBox)
        self.emailLabel.setObjectName(u"emailLabel")

        self.requesterForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.emailLabel)

        self.emailEdit = QLineEdit(self.requesterBox)
        self.emailEdit.setObjectName(u"emailEdit")

        self.requesterForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.emailEdit)

        self.addressLabel = QLabel(self.requesterBox)
        self.addressLabel.setObjectName(u"addressLabel")

        self.requesterForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.addressEdit = QPlainTextEdit(self.requesterBox)
        self.addressEdit.setObjectName(u"addressEdit")
        self.addressEdit.setTabChangesFocus(True)
        self.addressEdit.setMaximumSize(QSize(16777215, 70))

        self.requesterForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.addressEdit)


        self.rightColumn.addWidget(self.requesterBox)

        self.criteriaBox = QGroupBox(self.formPage)
        self.criteriaBox.setObjectName(u"criteriaBox")
        self.criteriaForm = QFormLayout(self.criteriaBox)
        self.criteriaForm.setObjectName(u"criteriaForm")
        self.datesCheck = QCheckBox(self.criteriaBox)
        self.datesCheck.setObjectName(u"datesCheck")

        self.criteriaForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.datesCheck)

        self.datesLayout = QHBoxLayout()
        self.datesLayout.setObjectName(u"datesLayout")
        self.fromEdit = DateField(self.criteriaBox)
        self.fromEdit.setObjectName(u"fromEdit")
        self.fromEdit.setEnabled(False)

        self.datesLayout.addWidget(self.fromEdit)

        self.toLabel = QLabel(self.criteriaBox)
        self.toLabel.setObjectName(u"toLabel")

        self.datesLayout.addWidget(self.toLabel)

        self.toEdit = DateField(self.criteriaBox)
        self.toEdit.setObjectName(u"toEdit")
        self.toEdit.setEnabled(False)

        self.datesLayout.addWidget(self.toEdit)

        self.datesSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.datesLayout.addItem(self.datesSpacer)


        self.criteriaForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.datesLayout)

        self.systemsLabel = QLabel(self.criteriaBox)
        self.systemsLabel.setObjectName(u"systemsLabel")

        self.criteriaForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.systemsLabel)

        self.systemsEdit = QLineEdit(self.criteriaBox)
        self.systemsEdit.setObjectName(u"systemsEdit")

        self.criteriaForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.systemsEdit)

        self.usersLabel = QLabel(self.criteriaBox)
        self.usersLabel.setObjectName(u"usersLabel")

        self.criteriaForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.usersLabel)

        self.usersEdit = QLineEdit(self.criteriaBox)
        self.usersEdit.setObjectName(u"usersEdit")

        self.criteriaForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.usersEdit)

        self.unitsLabel = QLabel(self.criteriaBox)
        self.unitsLabel.setObjectName(u"unitsLabel")

        self.criteriaForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.unitsLabel)

        self.unitsEdit = QLineEdit(self.criteriaBox)
        self.unitsEdit.setObjectName(u"unitsEdit")

        self.criteriaForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.unitsEdit)

        self.caseNumbersLabel = QLabel(self.criteriaBox)
        self.caseNumbersLabel.setObjectName(u"caseNumbersLabel")

        self.criteriaForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.caseNumbersLabel)

        self.caseNumbersEdit = QLineEdit(self.criteriaBox)
        self.caseNumbersEdit.setObjectName(u"caseNumbersEdit")

        self.criteriaForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.caseNumbersEdit)

        self.keywordsLabel = QLabel(self.criteriaBox)
        self.keywordsLabel.setObjectName(u"keywordsLabel")

        self.criteriaForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.keywordsLabel)

        self.keywordsEdit = QLineEdit(self.criteriaBox)
        self.keywordsEdit.setObjectName(u"keywordsEdit")

        self.criteriaForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.keywordsEdit)


        self.rightColumn.addWidget(self.criteriaBox)

        self.rightSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.rightColumn.addItem(self.rightSpacer)


        self.columnsLayout.addLayout(self.rightColumn)


        self.pageLayout.addLayout(self.columnsLayout)

        self.deadlineLabel = QLabel(self.formPage)
        self.deadlineLabel.setObjectName(u"deadlineLabel")
        self.deadlineLabel.setWordWrap(True)
        self.deadlineLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.deadlineLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.pageLayout.addWidget(self.deadlineLabel)

        self.scrollArea.setWidget(self.formPage)

        self.mainLayout.addWidget(self.scrollArea)

        self.problemsLabel = QLabel(RequestDialog)
        self.problemsLabel.setObjectName(u"problemsLabel")
        self.problemsLabel.setWordWrap(True)
        self.problemsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard|Qt.TextInteractionFlag.TextSelectableByMouse)

        self.mainLayout.addWidget(self.problemsLabel)

        self.buttonBox = QDialogButtonBox(RequestDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.lawLabel.setBuddy(self.lawCombo)
        self.receivedLabel.setBuddy(self.receivedEdit)
        self.channelLabel.setBuddy(self.channelCombo)
        self.descriptionLabel.setBuddy(self.descriptionEdit)
        self.assigneeLabel.setBuddy(self.assigneeCombo)
        self.nameLabel.setBuddy(self.nameEdit)
        self.orgLabel.setBuddy(self.orgEdit)
        self.emailLabel.setBuddy(self.emailEdit)
        self.addressLabel.setBuddy(self.addressEdit)
        self.toLabel.setBuddy(self.toEdit)
        self.systemsLabel.setBuddy(self.systemsEdit)
        self.usersLabel.setBuddy(self.usersEdit)
        self.unitsLabel.setBuddy(self.unitsEdit)
        self.caseNumbersLabel.setBuddy(self.caseNumbersEdit)
        self.keywordsLabel.setBuddy(self.keywordsEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.lawCombo, self.receivedEdit)
        QWidget.setTabOrder(self.receivedEdit, self.channelCombo)
        QWidget.setTabOrder(self.channelCombo, self.descriptionEdit)
        QWidget.setTabOrder(self.descriptionEdit, self.assigneeCombo)
        QWidget.setTabOrder(self.assigneeCombo, self.nameEdit)
        QWidget.setTabOrder(self.nameEdit, self.orgEdit)
        QWidget.setTabOrder(self.orgEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.addressEdit)
        QWidget.setTabOrder(self.addressEdit, self.datesCheck)
        QWidget.setTabOrder(self.datesCheck, self.fromEdit)
        QWidget.setTabOrder(self.fromEdit, self.toEdit)
        QWidget.setTabOrder(self.toEdit, self.systemsEdit)
        QWidget.setTabOrder(self.systemsEdit, self.usersEdit)
        QWidget.setTabOrder(self.usersEdit, self.unitsEdit)
        QWidget.setTabOrder(self.unitsEdit, self.caseNumbersEdit)
        QWidget.setTabOrder(self.caseNumbersEdit, self.keywordsEdit)
        QWidget.setTabOrder(self.keywordsEdit, self.deadlineLabel)
        QWidget.setTabOrder(self.deadlineLabel, self.problemsLabel)

        self.retranslateUi(RequestDialog)

        QMetaObject.connectSlotsByName(RequestDialog)
    # setupUi

    def retranslateUi(self, RequestDialog):
        RequestDialog.setWindowTitle(QCoreApplication.translate("RequestDialog", u"New request", None))
        self.requestBox.setTitle(QCoreApplication.translate("RequestDialog", u"Request", None))
        self.lawLabel.setText(QCoreApplication.translate("RequestDialog", u"&Law:", None))
#if QT_CONFIG(accessibility)
        self.lawCombo.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Law", None))
#endif // QT_CONFIG(accessibility)
        self.receivedLabel.setText(QCoreApplication.translate("RequestDialog", u"&Received on:", None))
#if QT_CONFIG(accessibility)
        self.receivedEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Date received", None))
#endif // QT_CONFIG(accessibility)
        self.channelLabel.setText(QCoreApplication.translate("RequestDialog", u"C&hannel:", None))
#if QT_CONFIG(accessibility)
        self.channelCombo.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Channel", None))
#endif // QT_CONFIG(accessibility)
        self.descriptionLabel.setText(QCoreApplication.translate("RequestDialog", u"&Description:", None))
#if QT_CONFIG(accessibility)
        self.descriptionEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Description of the request", None))
#endif // QT_CONFIG(accessibility)
        self.descriptionEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"What the requester asked for, in their words", None))
        self.assigneeLabel.setText(QCoreApplication.translate("RequestDialog", u"Assi&gnee:", None))
#if QT_CONFIG(accessibility)
        self.assigneeCombo.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Assignee", None))
#endif // QT_CONFIG(accessibility)
        self.requesterBox.setTitle(QCoreApplication.translate("RequestDialog", u"Requester", None))
        self.nameLabel.setText(QCoreApplication.translate("RequestDialog", u"&Name:", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Requester name", None))
#endif // QT_CONFIG(accessibility)
        self.orgLabel.setText(QCoreApplication.translate("RequestDialog", u"&Organisation:", None))
#if QT_CONFIG(accessibility)
        self.orgEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Requester organisation", None))
#endif // QT_CONFIG(accessibility)
        self.emailLabel.setText(QCoreApplication.translate("RequestDialog", u"&E-mail:", None))
#if QT_CONFIG(accessibility)
        self.emailEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Requester e-mail", None))
#endif // QT_CONFIG(accessibility)
        self.addressLabel.setText(QCoreApplication.translate("RequestDialog", u"Postal &address:", None))
#if QT_CONFIG(accessibility)
        self.addressEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Requester postal address", None))
#endif // QT_CONFIG(accessibility)
        self.criteriaBox.setTitle(QCoreApplication.translate("RequestDialog", u"Records asked for (used to match audit records)", None))
        self.datesCheck.setText(QCoreApplication.translate("RequestDialog", u"Only records &from:", None))
#if QT_CONFIG(accessibility)
        self.datesCheck.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Limit records to a date range", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.fromEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Records from", None))
#endif // QT_CONFIG(accessibility)
        self.toLabel.setText(QCoreApplication.translate("RequestDialog", u"&to", None))
#if QT_CONFIG(accessibility)
        self.toEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Records to", None))
#endif // QT_CONFIG(accessibility)
        self.systemsLabel.setText(QCoreApplication.translate("RequestDialog", u"S&ystems:", None))
#if QT_CONFIG(accessibility)
        self.systemsEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Systems, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.systemsEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"e.g. clearview, flock (blank: all systems)", None))
        self.usersLabel.setText(QCoreApplication.translate("RequestDialog", u"&Users:", None))
#if QT_CONFIG(accessibility)
        self.usersEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Users, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.usersEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"e.g. Det. Garcia, P12345, jgarcia (blank: every searcher)", None))
        self.unitsLabel.setText(QCoreApplication.translate("RequestDialog", u"Un&its:", None))
#if QT_CONFIG(accessibility)
        self.unitsEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Units, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.unitsEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"e.g. Robbery, Gang Unit (blank: every unit)", None))
        self.caseNumbersLabel.setText(QCoreApplication.translate("RequestDialog", u"&Case numbers:", None))
#if QT_CONFIG(accessibility)
        self.caseNumbersEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Case numbers, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.caseNumbersEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"e.g. 19-004512 (blank: any case)", None))
        self.keywordsLabel.setText(QCoreApplication.translate("RequestDialog", u"&Keywords:", None))
#if QT_CONFIG(accessibility)
        self.keywordsEdit.setAccessibleName(QCoreApplication.translate("RequestDialog", u"Keywords, separated by commas", None))
#endif // QT_CONFIG(accessibility)
        self.keywordsEdit.setPlaceholderText(QCoreApplication.translate("RequestDialog", u"e.g. robbery, homicide (blank: no keyword filter)", None))
#if QT_CONFIG(accessibility)
        self.deadlineLabel.setAccessibleDescription(QCoreApplication.translate("RequestDialog", u"Determination deadline this request would have", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.problemsLabel.setAccessibleDescription(QCoreApplication.translate("RequestDialog", u"Problems to correct before the request can be saved", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

