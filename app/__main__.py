"""``python -m app`` behaves exactly like the ``disclosure-desk`` command."""

from app.main import main

if __name__ == "__main__":   # not when a second process of ours imports it
    raise SystemExit(main())
