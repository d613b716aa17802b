"""Channels translate their input into Turns and Replies into their output; no dialogue logic."""
