"""Reports and exports: the week, the review and `punch report` as text, CSV and JSON.

Above the store (they read its ``Snapshot`` and the domain's reviews), below the screens and
the CLI that show or print them. No Textual, no screens, no CLI, no backend here.
"""
