//! End-to-end tests of cargo-migrate live in `tests/`.
