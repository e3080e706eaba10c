; Inno Setup script: a per-user install that needs no administrator rights.
; Build the folder first (pyinstaller build_installer.spec), then compile this script.
#define AppVersion GetVersionNumbersString("..\dist\Disclosure Desk\Disclosure Desk.exe")

[Setup]
AppId={{6F1D3C1A-8C7E-4C41-9F3B-5D2A8E0B7C11}
AppName=Disclosure Desk
AppVersion={#AppVersion}
AppPublisher=Disclosure Desk
DefaultDirName={localappdata}\Programs\Disclosure Desk
DefaultGroupName=Disclosure Desk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=DisclosureDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "..\dist\Disclosure Desk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Disclosure Desk"; Filename: "{app}\Disclosure Desk.exe"
Name: "{userdesktop}\Disclosure Desk"; Filename: "{app}\Disclosure Desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\Disclosure Desk.exe"; Description: "Start Disclosure Desk"; Flags: nowait postinstall skipifsilent
