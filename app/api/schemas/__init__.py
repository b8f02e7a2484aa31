"""Request and response models of the public API (Base / Create / Public per resource)."""
