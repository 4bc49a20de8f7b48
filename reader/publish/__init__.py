"""The editor's side: import the captures into content/, build and sign editions."""
