"""What every service's pages share: layout, assets, the session cookie, French error messages."""
