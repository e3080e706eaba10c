"""Disclosure Desk: public-records requests about facial-recognition and ALPR search audits."""

__version__ = "0.1.0"
APP_NAME = "Disclosure Desk"
