"""Turn content/ into Rasa training data, and train the NLU model only when that data changes."""
