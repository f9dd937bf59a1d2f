# Smoke test of the Kömek installer on Windows: install silently, then with the installed
# komek-cli.exe create the desk's encrypted database in %LOCALAPPDATA%\Komek, with its key in
# the Windows Credential Manager, and open it again. Run by .github/workflows/windows.yml; by
# hand on a test PC (never on a desk in use: it writes that user's Kömek database and key).
#
#   powershell -ExecutionPolicy Bypass -File packaging\desktop\smoke-test.ps1 [-Dist dist]
param([string]$Dist = "dist")
$ErrorActionPreference = "Stop"
function Check($Condition, $What) { if (-not $Condition) { throw "smoke test failed: $What" } }

$Setup = Get-ChildItem (Join-Path $Dist "komek-*-setup.exe") | Select-Object -First 1
Check ($null -ne $Setup) "no installer in $Dist"
$Target = Join-Path $env:RUNNER_TEMP "KomekInstalled"
if (-not $env:RUNNER_TEMP) { $Target = Join-Path $env:TEMP "KomekInstalled" }
$p = Start-Process $Setup.FullName -ArgumentList "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/DIR=$Target" -Wait -PassThru
Check ($p.ExitCode -eq 0) "the installer exited with $($p.ExitCode)"
$Cli = Join-Path $Target "komek-cli.exe"
Check (Test-Path $Cli) "komek-cli.exe was not installed"

$Version = & $Cli --version
Check ($LASTEXITCODE -eq 0) "--version failed"
Write-Host $Version

# A fresh desk: the office saved from the command line, as an administrator prepares PCs.
$Data = Join-Path $env:LOCALAPPDATA "Komek"
$Db = Join-Path $Data "komek.sqlite3"
$Out = & $Cli --lang ru setup save --office 1 --code TST-01 --operator "Проверка Установки" 2>&1
Check ($LASTEXITCODE -eq 0) "setup save failed: $Out"
Check (($Out | Out-String) -match "\d{6}-\d{6}-\d{6}-\d{6}") "no recovery code was shown"

# Encrypted: no plain SQLite header, and no key file, since the credential store holds the key.
$Header = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($Db)[0..14])
Check ($Header -ne "SQLite format 3") "the database is not encrypted"
$KeyFile = Join-Path $env:APPDATA "Komek\database-key"
Check (-not (Test-Path $KeyFile)) "the key went to a file, not to the Credential Manager"
$Listed = cmdkey /list | Out-String
Check ($Listed -match "Komek database") "no Komek database entry in the Credential Manager"
$Help = & $Cli --lang ru --help | Out-String
Check ($Help -match "хранилище учётных данных этого компьютера") "--help does not say where the key is"

# Opened again by a new process: the key is read back from the Credential Manager.
$Show = & $Cli --lang kk setup show | Out-String
Check ($LASTEXITCODE -eq 0 -and $Show -match "TST-01") "setup show failed: $Show"
Write-Host "smoke test passed: $Db is encrypted, its key is in the Credential Manager"
