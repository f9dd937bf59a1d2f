"""The akimat's registry of documents handed over to the district office."""
