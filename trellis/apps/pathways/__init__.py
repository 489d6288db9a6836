"""Adaptive pathways: plans, pacing, suggestions with reasons, learner choices and teacher steering."""
