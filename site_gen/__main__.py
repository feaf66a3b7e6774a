"""``python -m site_gen …``: the same as the ``site-gen`` executable (handy before the virtual
environment is activated, e.g. ``.venv\\Scripts\\python -m site_gen validate`` on Windows)."""

from .entry import main

main()
