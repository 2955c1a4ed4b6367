"""The Textual terminal UI of camp (built on top of ``camp.services``)."""
