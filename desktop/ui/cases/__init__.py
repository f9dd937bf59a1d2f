"""Windows of the case path: login, accounts, the case window, my work, certificates, reports."""
