"""The tabs of a camp's screen: each module is one tab's view, its ``*_data`` module
beside it reads what the tab shows (in worker threads, through ``camp.services``)."""
