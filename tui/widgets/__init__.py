"""Small widgets the screens and tabs share: text that wraps CJK, the bots' line."""
