"""The screens of the terminal UI: the camps (the first screen), one camp with its tabs,
the camp report, and the question before creating a database.

Imports run one way: screens hold tabs (``tui.tabs``), tabs open dialogs
(``tui.dialogs``), and all of them use the small widgets of ``tui.widgets``.
"""
