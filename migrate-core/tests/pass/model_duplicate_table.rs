//! Two models of one table: refused when the models are collected, naming both.
use migrate_core::models::{Model, Models};

#[derive(Model)]
#[model(table = "post")]
pub struct Post {
    #[model(primary_key)]
    pub id: i32,
}

#[derive(Model)]
#[model(table = "post")]
pub struct Article {
    #[model(primary_key)]
    pub id: i32,
}

fn main() {
    let error = Models::registered().unwrap_err().to_string();
    assert!(
        error.starts_with("models `Post` (") && error.contains("model_duplicate_table.rs:4) and `Article` ("),
        "{error}"
    );
    assert!(
        error.ends_with("model_duplicate_table.rs:11) both declare table `post`: rename one with #[model(table = \"...\")]"),
        "{error}"
    );
}
