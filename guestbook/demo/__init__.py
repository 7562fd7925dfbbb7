"""The demo generator: a believable French restaurant's guests and their history. A tool, not a
use case: it fills an empty database in bulk (generate), with rows its tests hold to the rules."""
