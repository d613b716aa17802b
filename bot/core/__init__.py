"""The conversation core: channel-agnostic turn handling, language, understanding, rendering."""
