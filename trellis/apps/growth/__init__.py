"""The learning team around a learner: profile, goals, daily journal, feedback, team notes, messages."""
