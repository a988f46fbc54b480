//! The documented JSON form of a schema and of a diff, and the readable form of a schema.

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Schema,
    Table, Unique, diff,
};

fn sample() -> Schema {
    Schema::new(Dialect::Postgres)
        .with_enum(EnumType {
            schema: None,
            name: "mood".into(),
            labels: vec!["sad".into(), "ok".into()],
        })
        .with_table(
            Table::new("post")
                .with_column(Column::new("id", "serial"))
                .with_column(
                    Column::new("title", "character varying(200)")
                        .default_sql("'x'::character varying"),
                )
                .with_column(Column::new("author_id", "int4").null().comment("who"))
                .with_primary_key(PrimaryKey {
                    name: Some("post_pkey".into()),
                    columns: vec!["id".into()],
                })
                .with_foreign_key(ForeignKey {
                    name: Some("fk_author".into()),
                    columns: vec!["author_id".into()],
                    referenced_table: "user".into(),
                    referenced_columns: vec!["id".into()],
                    on_delete: Action::Cascade,
                    ..ForeignKey::default()
                })
                .with_unique(Unique {
                    name: None,
                    columns: vec!["title".into()],
                })
                .with_check(Check {
                    name: Some("ck_title".into()),
                    expression: "(length((title)::text) > 0)".into(),
                })
                .with_index(Index {
                    name: "ix_post_title".into(),
                    parts: vec![
                        IndexPart::expression("lower((title)::text)"),
                        IndexPart {
                            descending: true,
                            ..IndexPart::column("id")
                        },
                    ],
                    unique: true,
                    predicate: Some("(id > 0)".into()),
                }),
        )
}

#[test]
fn json_form() {
    let json = serde_json::to_value(sample().normalized()).unwrap();
    let expected = serde_json::json!({
        "dialect": "postgres",
        "enums": { "mood": { "name": "mood", "labels": ["sad", "ok"] } },
        "tables": {
            "post": {
                "name": "post",
                "columns": [
                    { "name": "id", "type": "integer", "nullable": false, "auto_increment": true },
                    { "name": "title", "type": "varchar(200)", "nullable": false, "default": "'x'" },
                    { "name": "author_id", "type": "integer", "nullable": true, "comment": "who" }
                ],
                "primary_key": { "columns": ["id"] },
                "foreign_keys": [{ "name": "fk_author", "columns": ["author_id"],
                                   "referenced_table": "user", "referenced_columns": ["id"],
                                   "on_delete": "cascade" }],
                "uniques": [{ "columns": ["title"] }],
                "checks": [{ "name": "ck_title", "expression": "length(title) > 0" }],
                "indexes": [{ "name": "ix_post_title",
                              "parts": [{ "expression": "lower(title)" }, { "column": "id", "descending": true }],
                              "unique": true, "where": "id > 0" }]
            }
        }
    });
    assert_eq!(json, expected);
}

#[test]
fn json_round_trips() {
    let schema = sample().normalized();
    let text = serde_json::to_string(&schema).unwrap();
    let back: Schema = serde_json::from_str(&text).unwrap();
    assert_eq!(back, schema);
}

#[test]
fn readable_form() {
    assert_eq!(
        sample().normalized().to_string(),
        "TYPE mood AS ENUM ('sad', 'ok')\n\
         \n\
         table post\n  \
           id integer NOT NULL AUTO_INCREMENT\n  \
           title varchar(200) NOT NULL DEFAULT 'x'\n  \
           author_id integer COMMENT 'who'\n  \
           PRIMARY KEY (id)\n  \
           CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES user (id) ON DELETE CASCADE\n  \
           UNIQUE (title)\n  \
           CONSTRAINT ck_title CHECK (length(title) > 0)\n  \
           UNIQUE INDEX ix_post_title ((lower(title)), id DESC) WHERE id > 0\n"
    );
}

#[test]
fn diff_json_form() {
    let expected = sample();
    let mut actual = sample();
    let post = actual.tables.get_mut("post").unwrap();
    post.columns[1].column_type = "varchar(100)".into();
    post.indexes.clear();
    let d = diff(&expected, &actual);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "tables": [{
                "table": "post",
                "kind": "different",
                "elements": [
                    { "kind": "different",
                      "expected": { "column": { "name": "title", "type": "varchar(200)", "nullable": false, "default": "'x'" } },
                      "actual": { "column": { "name": "title", "type": "varchar(100)", "nullable": false, "default": "'x'" } } },
                    { "kind": "missing",
                      "expected": { "index": { "name": "ix_post_title",
                                               "parts": [{ "expression": "lower(title)" }, { "column": "id", "descending": true }],
                                               "unique": true, "where": "id > 0" } } }
                ]
            }]
        })
    );
    let back: migrate_schema::Diff = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}
