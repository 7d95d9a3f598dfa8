"""Publishing the graph beyond this machine: ``push`` loads it into a server store."""
