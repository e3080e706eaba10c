; Inno Setup 6 script of the Disclosure Desk installer.
;
; Per user by default (no administrator rights: %LOCALAPPDATA%\Programs\Disclosure Desk); the
; first page offers "install for all users" to an administrator, and so does /ALLUSERS on the
; command line. Build the bundle first, then compile this script (README, "Building the Windows
; installer"):
;
;   uv run pyinstaller build_installer.spec --noconfirm
;   uv run python installer/build.py          (runs iscc with /DAppVersion from app/__init__.py)
;
; The version is app.__version__. installer/build.py reads it from app/__init__.py and passes
; /DAppVersion=...; compiled by hand without it, the script reads the same string from the
; ProductVersion of the executable's version resource, which build_installer.spec writes from
; app.__version__.

#define AppName "Disclosure Desk"
#define BundleDir AddBackslash(SourcePath) + "..\dist\Disclosure Desk"
#define WindowExe "Disclosure Desk.exe"
#define ConsoleExe "disclosure-desk.exe"
#ifndef AppVersion
  #ifnexist BundleDir + "\" + WindowExe
    #error No bundle: run "uv run pyinstaller build_installer.spec --noconfirm" first
  #endif
  #define AppVersion GetStringFileInfo(BundleDir + "\" + WindowExe, "ProductVersion")
#endif

[Setup]
; Fixed for ever: the same AppId is how a newer setup finds and upgrades an older install.
AppId={{6F1D3C1A-8C7E-4C41-9F3B-5D2A8E0B7C11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Disclosure Desk
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install, Program Files for all users.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Upgrade in place: an older install's folder, tasks and Start-menu group are kept.
UsePreviousAppDir=yes
UsePreviousTasks=yes
UsePreviousGroup=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The "Add to PATH" task changes the environment; running copies must close before files change.
ChangesEnvironment=yes
CloseApplications=yes
OutputDir=..\dist
OutputBaseFilename=DisclosureDesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#WindowExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked
Name: "addtopath"; Description: "Add the program folder to PATH, so that the disclosure-desk command works from a prompt and from Task Scheduler"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle's libraries as a whole: no stale file of an older version may
; be loaded by the new one. Only the program folder is touched, never the user's data.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; Both executables (the window and its console twin) and the _internal folder they share.
Source: "{#BundleDir}\{#WindowExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\{#ConsoleExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#WindowExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#WindowExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#WindowExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the database, settings and logs live in the user's data folder
; (%LOCALAPPDATA%\Disclosure Desk, app/paths.py), which the uninstaller leaves alone and names.

[Code]
const
  UserEnvKey = 'Environment';
  SystemEnvKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

{ The PATH of this install: the user's for a per-user install, the machine's for all users. }
procedure PathKey(var Root: Integer; var Key: String);
begin
  if IsAdminInstallMode then
  begin
    Root := HKEY_LOCAL_MACHINE;
    Key := SystemEnvKey;
  end
  else
  begin
    Root := HKEY_CURRENT_USER;
    Key := UserEnvKey;
  end;
end;

function PathHas(Path, Dir: String): Boolean;
begin
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') > 0;
end;

procedure AddToPath(Dir: String);
var
  Root: Integer;
  Key, Path: String;
begin
  PathKey(Root, Key);
  if not RegQueryStringValue(Root, Key, 'Path', Path) then
    Path := '';
  if PathHas(Path, Dir) then
    exit;
  if (Path <> '') and (Copy(Path, Length(Path), 1) <> ';') then
    Path := Path + ';';
  RegWriteExpandStringValue(Root, Key, 'Path', Path + Dir);
end;

procedure RemoveFromPath(Dir: String);
var
  Root: Integer;
  Key, Path: String;
  P: Integer;
begin
  PathKey(Root, Key);
  if not RegQueryStringValue(Root, Key, 'Path', Path) then
    exit;
  Path := ';' + Path + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Path));
  if P = 0 then
    exit;
  Delete(Path, P, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(Root, Key, 'Path', Path);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    AddToPath(ExpandConstant('{app}'));
end;

{ Where the desk keeps the clerk's database: app/paths.py, platformdirs' user data folder,
  unless DISCLOSURE_DESK_DATA_DIR or DISCLOSURE_DESK_DB points elsewhere. }
function DataFolder: String;
begin
  Result := GetEnv('DISCLOSURE_DESK_DATA_DIR');
  if Result = '' then
    Result := ExpandConstant('{localappdata}\Disclosure Desk');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Where: String;
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
  begin
    Where := DataFolder;
    if IsAdminInstallMode then
      Where := Where + #13#10 + '(each Windows user has their own, in %LOCALAPPDATA%\Disclosure Desk)';
    MsgBox('Disclosure Desk has been removed. Your database, settings and logs were kept in:'
      + #13#10#13#10 + Where + #13#10#13#10
      + 'Installing Disclosure Desk again opens them as they are. To remove them for good, '
      + 'delete that folder yourself (back up the database first if the records unit '
      + 'may need it).', mbInformation, MB_OK);
  end;
end;
