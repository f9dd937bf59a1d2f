"""Qt widgets and models: they show and collect, the services decide."""
