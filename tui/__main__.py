"""``python -m tui``: the terminal UI on ``$CAMP_DB`` (or the default database)."""

from tui.app import make_app

if __name__ == "__main__":
    make_app().run()
