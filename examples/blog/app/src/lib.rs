//! The blog application's models: one struct per table, declared with `#[derive(Model)]`.
//! They are the tables the revisions of `blog-migrations` create (that crate depends on this
//! one and links it), so that `cargo migrate check` and autogenerate compare the two.
//!
//! The first revisions were written with the column helpers `string(..)` and
//! `timestamp_null(..)`, whose SQLite types are `varchar` and `timestamp_text`: the models say
//! so with `column_type` (a `String` alone is `text`, `max_length = N` is `varchar(N)`).

use migrate_core::models::Model;

/// A registered user.
#[derive(Debug, Clone, PartialEq, Model)]
#[model(table = "user")]
pub struct User {
    /// Assigned by the database.
    #[model(primary_key, auto_increment)]
    pub id: i32,
    /// The name shown on posts.
    #[model(column_type = "varchar")]
    pub name: String,
    /// The login, one per user.
    #[model(column_type = "varchar", unique)]
    pub email: String,
}

/// A blog post.
#[derive(Debug, Clone, PartialEq, Model)]
#[model(table = "post")]
pub struct Post {
    /// Assigned by the database.
    #[model(primary_key, auto_increment)]
    pub id: i32,
    /// Its author; deleting the user deletes the posts.
    #[model(
        references = "user.id",
        on_delete = "cascade",
        foreign_key_name = "fk_post_author"
    )]
    pub author_id: i32,
    /// The title (indexed: `ix_post_title`).
    #[model(column_type = "varchar", index)]
    pub title: String,
    /// The text.
    pub body: String,
    /// When it went out; `None` for a draft.
    #[model(column_type = "timestamp_text")]
    pub published_at: Option<String>,
}
