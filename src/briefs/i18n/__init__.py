"""Translation and locale-aware formatting: catalogs, content, typography."""
