"""The browser face: `parley serve` runs the Textual app once per visitor through textual-serve."""
