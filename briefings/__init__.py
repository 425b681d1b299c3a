"""7-minute briefings: the seven-section model, the library files, rendering and the versioned
store. Content is Markdown. May import ``db`` (its tables) only; never the service."""
