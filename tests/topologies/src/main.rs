//! The runner binary of the topology tests (several copies run at once, through pgbouncer, on
//! every Galera node, against a primary and its standby).
fn main() -> std::process::ExitCode {
    migrate_core::cli::main(migrate_topology_tests::MIGRATIONS)
}
