"""HR operations pages: organisation import, late forms and what is missing, exports."""
