"""The Sargas test suite (a package, so its sub-packages never shadow the product packages)."""
