"""The desk's side of sync: enrolment, credentials, batches, push/pull, conflicts, bundles."""
