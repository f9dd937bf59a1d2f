"""The intake wizard: pages built from forms/*.yaml over a Qt-free IntakeSession."""
