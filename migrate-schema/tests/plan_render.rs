//! Autogenerate's plan and its rendering as Rust, from literal schemas.

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, Op, PrimaryKey,
    RenameCandidate, Renames, Schema, Table, Unique, plan, render_revision,
};

const TEMPLATE: &str = "//! add things\n//!\n//! Revision ID: b2\n//! Revises: a1\n//! Create Date: 2026-12-02 00:00:00\n\nuse migrate_core::prelude::*;\n\n#[migration(revision = \"b2\", down_revision = \"a1\", message = \"add things\")]\npub struct AddThingsB2;\n\nimpl Migration for AddThingsB2 {}\n";

fn user() -> Table {
    Table::new("user")
        .with_column(Column::new("id", "integer").auto_increment())
        .with_column(Column::new("email", "varchar(200)"))
        .with_primary_key(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        })
}

fn post() -> Table {
    Table::new("post")
        .with_column(Column::new("id", "bigint").auto_increment())
        .with_column(Column::new("author_id", "integer"))
        .with_column(Column::new("title", "text").default_sql("'x'"))
        .with_primary_key(PrimaryKey {
            name: None,
            columns: vec!["id".into()],
        })
        .with_foreign_key(ForeignKey {
            name: None,
            columns: vec!["author_id".into()],
            referenced_schema: None,
            referenced_table: "user".into(),
            referenced_columns: vec!["id".into()],
            on_delete: Action::Cascade,
            on_update: Action::NoAction,
        })
        .with_unique(Unique {
            name: None,
            columns: vec!["title".into()],
        })
        .with_check(Check {
            name: Some("ck_title".into()),
            expression: "length(title) > 0".into(),
        })
        .with_index(Index {
            name: "ix_post_lower".into(),
            parts: vec![IndexPart::expression("lower(title)")],
            unique: false,
            predicate: Some("author_id > 0".into()),
        })
}

#[test]
fn prints() {
    let from = Schema::new(Dialect::Postgres);
    let to = Schema::new(Dialect::Postgres)
        .with_table(post())
        .with_table(user())
        .with_enum(EnumType {
            schema: None,
            name: "mood".into(),
            labels: vec!["sad".into(), "ok".into()],
        });
    let p = plan(&from, &to, &Renames::default());
    let r = render_revision(TEMPLATE, "AddThingsB2", &p, Dialect::Postgres).unwrap();
    println!("{}", r.source);
    let _ = (Op::inverse, RenameCandidate::flag);
}
