"""The Textual face of Parley: an app, its screens and widgets over the core's Session API."""
