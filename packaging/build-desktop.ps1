# Build the Kömek desktop bundle on Windows, and with -Installer the Inno Setup installer.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build-desktop.ps1 [-Dist DIR] [-Python EXE] [-Installer]
#
# The same steps as packaging/build-desktop.sh: PyInstaller on packaging\desktop\komek.spec gives
# DIR\komek\ (komek.exe without a console window for the desk, komek-cli.exe with one for
# --version, assess and print). -Installer then runs ISCC (Inno Setup 6.3+; $env:ISCC or the
# default install folder) on packaging\desktop\komek.iss: DIR\komek-<version>-setup.exe.
# Needs a Python 3.11+ with Kömek's dependencies and PyInstaller: pip install -e ".[test]".
param(
    [string]$Dist = "",
    [string]$Python = "",
    [switch]$Installer
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..")).Path
if (-not $Dist) { $Dist = Join-Path $Root "dist" }
$Work = if ($env:KOMEK_BUILD_WORK) { $env:KOMEK_BUILD_WORK } else { Join-Path $Root "build\pyinstaller" }
if (-not $Python) {
    $Venv = Join-Path $Root ".venv\Scripts\python.exe"
    $Python = if (Test-Path $Venv) { $Venv } else { "python" }
}

& $Python -c "import PyInstaller"
if ($LASTEXITCODE -ne 0) { throw "PyInstaller is not installed for ${Python}: $Python -m pip install 'pyinstaller>=6'" }

New-Item -ItemType Directory -Force -Path $Dist, $Work | Out-Null
$Started = Get-Date
# The source tree must not leak in through PYTHONPATH: the bundle gets only what the spec says.
Remove-Item Env:PYTHONPATH -ErrorAction SilentlyContinue
& $Python -m PyInstaller --noconfirm --log-level WARN --distpath $Dist --workpath $Work `
    (Join-Path $Root "packaging\desktop\komek.spec")
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$Version = (Get-Content (Join-Path $Work "komek\komek-version.txt")).Trim()
$Bundle = Join-Path $Dist "komek"
# The bundle must answer from its own folder (no console encoding games: compare the number).
$Answer = & (Join-Path $Bundle "komek-cli.exe") --version
if ($LASTEXITCODE -ne 0 -or -not ("$Answer".Trim().EndsWith(" $Version"))) {
    throw "komek-cli.exe --version said '$Answer', expected version $Version"
}
$Size = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Sum Length).Sum / 1MB
$Seconds = [int]((Get-Date) - $Started).TotalSeconds
Write-Host ("built {0} ({1:N0} MiB, version {2}, {3} s)" -f $Bundle, $Size, $Version, $Seconds)

if ($Installer) {
    $Iscc = if ($env:ISCC) { $env:ISCC } else { Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 not found ($Iscc): install it or set `$env:ISCC" }
    & $Iscc "/DAppVersion=$Version" "/DSourceDir=$Bundle" "/O$Dist" (Join-Path $Root "packaging\desktop\komek.iss")
    if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
    Write-Host "installer: $(Join-Path $Dist "komek-$Version-setup.exe")"
}
