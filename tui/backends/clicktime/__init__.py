"""ClickTime: wire models, mapping and errors for ClickTime's REST API v2. Pydantic wire
models live only in this folder; everything leaving it is a domain model. The backend itself
is not built yet, so nothing here is registered or offered."""
