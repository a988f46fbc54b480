//! A `references` to a column the referenced model lacks.
use migrate_core::models::{Model, Models};

#[derive(Model)]
pub struct User {
    #[model(primary_key)]
    pub id: i32,
}

#[derive(Model)]
pub struct Post {
    #[model(primary_key)]
    pub id: i32,
    #[model(references = "user.uid")]
    pub author_id: i32,
}

fn main() {
    let error = Models::registered().unwrap_err().to_string();
    assert!(
        error.contains("column `author_id` references \"user.uid\", but model `User` has no column `uid`: "),
        "{error}"
    );
}
