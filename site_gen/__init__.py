"""site_gen: validate, render and publish a catalogue of service identity cards and licences."""

__version__ = "0.1.0"
