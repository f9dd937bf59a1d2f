; Kömek installer for Windows (Inno Setup 6.3 or later).
;
; Built by packaging\build-desktop.ps1 -Installer, which passes the version and the bundle:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=C:\...\dist\komek /OC:\...\dist packaging\desktop\komek.iss
;
; Upgrades: the same AppId, so a newer installer replaces the program in place. The database
; and the settings are not here: they live in the user's data folder (%LOCALAPPDATA%\Komek,
; platformdirs), which neither an upgrade nor an uninstall touches. The first start of the new
; version backs the database up beside it and migrates it (desktop/storage/database.py).
;
; Languages: Russian is an official Inno Setup translation. Kazakh is not: an unofficial
; Kazakh.isl exists among the translations published on jrsoftware.org; put it beside this file
; (packaging\desktop\Kazakh.isl) after reading it through, and the installer speaks Kazakh too.
; The Start-menu entries are written in both languages whatever the installer's language.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (packaging\build-desktop.ps1 does)
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\komek"
#endif
#define HaveKazakh FileExists(AddBackslash(SourcePath) + "Kazakh.isl")

[Setup]
AppId={{DE956F7D-6EBB-4480-967D-F3B7A9F47E10}
AppName=Kömek
AppVersion={#AppVersion}
AppVerName=Kömek {#AppVersion}
VersionInfoVersion={#AppVersion}
AppPublisher=Kömek
DefaultDirName={autopf}\Komek
DefaultGroupName=Kömek
DisableProgramGroupPage=yes
; Administrators install for the whole PC; on a laptop without admin rights the dialog offers
; an install for the current user only (then {autopf} is %LOCALAPPDATA%\Programs).
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=komek-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
UninstallDisplayName=Kömek {#AppVersion}
UninstallDisplayIcon={app}\komek.exe
; A running Kömek is closed (Restart Manager) before its files are replaced; every save is
; already committed, so closing it loses nothing.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
#if HaveKazakh
Name: "kk"; MessagesFile: "Kazakh.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
ru.AppComment=Заявления на адресную социальную помощь (АСП)
en.AppComment=Applications for state targeted social assistance
#if HaveKazakh
kk.AppComment=Атаулы әлеуметтік көмекке өтініштер (АӘК)
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; The previous version's libraries and migration scripts go before the new ones are copied:
; a migration file left behind by an older build would confuse Alembic.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; Bilingual names: the same Start menu for Kazakh- and Russian-speaking staff.
Name: "{group}\Kömek"; Filename: "{app}\komek.exe"; Comment: "{cm:AppComment}"
Name: "{group}\Kömek жою — Удалить Kömek"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Kömek"; Filename: "{app}\komek.exe"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\komek.exe"; Description: "{cm:LaunchProgram,Kömek}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the user's database and its backups (%LOCALAPPDATA%\Komek) are never
; removed by the installer.
