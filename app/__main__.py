"""``python -m app`` behaves exactly like the ``disclosure-desk`` command."""

from app.main import main

raise SystemExit(main())
