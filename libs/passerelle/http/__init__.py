"""What every service's HTTP API shares: authentication dependencies, error format, probes."""
