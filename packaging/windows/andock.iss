; Andock for Windows: an installer around the folder that `python build_installer.py` makes
; (dist\andock). Written for Inno Setup 6; not run in Andock's CI (Linux). A maintainer builds it on
; Windows after signing the programs, then signs the installer (docs/installer.md):
;     iscc /DAppVersion=0.1.0 packaging\windows\andock.iss   ->  dist\andock-0.1.0-windows-x86_64-setup.exe
; Installs for the current user without administrator rights (or for everyone, if chosen), adds
; the start menu entry and makes .andock project files open in Andock.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; the AppId identifies Andock for updates and uninstalling: never change it
AppId={{7E0B8A52-6C1D-4B7A-9F3E-3D2A8C5E1F40}
AppName=Andock
AppVersion={#AppVersion}
AppPublisher=Andock developers
AppComments=Qualitative interview research: local transcription, coding, group comparison and reports
DefaultDirName={autopf}\Andock
DefaultGroupName=Andock
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; paths are relative to this script (packaging\windows)
OutputDir=..\..\dist
OutputBaseFilename=andock-{#AppVersion}-windows-x86_64-setup
SetupIconFile=..\icons\andock.ico
UninstallDisplayIcon={app}\andock.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Explorer re-reads file types after installing (the .andock association below)
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; the whole built folder: andock.exe (the window), andock-cli.exe (the commands), _internal\
Source: "..\..\dist\andock\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an update replaces the libraries completely (a file left from an older version could be loaded)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Andock"; Filename: "{app}\andock.exe"
Name: "{autodesktop}\Andock"; Filename: "{app}\andock.exe"; Tasks: desktopicon

[Registry]
; .andock -> the file type Andock.Project, opened by "andock.exe gui FILE". HKA is HKCU for a
; per-user installation and HKLM for one for everyone; the uninstaller removes what it added.
Root: HKA; Subkey: "Software\Classes\.andock"; ValueType: string; ValueName: ""; ValueData: "Andock.Project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.andock"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-andock"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.andock\OpenWithProgids"; ValueType: string; ValueName: "Andock.Project"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Andock.Project"; ValueType: string; ValueName: ""; ValueData: "Andock project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Andock.Project\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\andock.exe"",0"
Root: HKA; Subkey: "Software\Classes\Andock.Project\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\andock.exe"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\andock.exe\SupportedTypes"; ValueType: string; ValueName: ".andock"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\andock.exe"; Description: "{cm:LaunchProgram,Andock}"; Flags: nowait postinstall skipifsilent
