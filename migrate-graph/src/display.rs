//! Text shown to people: the lines of `history`, `heads` and `current`, as Alembic prints them.
//! Shared by `cargo migrate` (answering from the sources) and the migrations binary (answering
//! from its registry), so both print the same thing.
