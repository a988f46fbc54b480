//! A `references` to a table no model declares, and to a column a model lacks: refused when
//! the models are collected, naming the model, its place and the fix.
use migrate_core::models::{Model, Models};

#[derive(Model)]
pub struct Post {
    #[model(primary_key)]
    pub id: i32,
    #[model(references = "user.id")]
    pub author_id: i32,
}

fn main() {
    let error = Models::registered().unwrap_err().to_string();
    assert!(error.starts_with("model `Post` ("), "{error}");
    assert!(
        error.ends_with("model_unknown_reference.rs:5): column `author_id` references \"user.id\", but no model declares table `user` (models: post): declare it with #[derive(Model)], link the crate that does (`use that_crate as _;`), or fix the name"),
        "{error}"
    );
}
