//! The tables this workspace declares.

use migrate_core::models::Model;

/// A registered user.
#[derive(Debug, Clone, PartialEq, Model)]
#[model(table = "user")]
pub struct User {
    /// Assigned by the database.
    #[model(primary_key, auto_increment)]
    pub id: i32,
    /// The name shown to others.
    #[model(max_length = 100)]
    pub name: String,
}
