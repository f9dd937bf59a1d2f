"""Pure domain layer: rules, IIN, calendar, calculations. No Qt, no database, no I/O."""
