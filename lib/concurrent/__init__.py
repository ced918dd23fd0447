"""concurrent — a package holding the futures module."""
