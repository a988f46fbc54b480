//! Autogenerate's plan and its rendering as Rust, from literal schemas: every element of the
//! model, renames, and Alembic's most reported autogenerate bugs, each a named test.

use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, Op, Plan, PrimaryKey,
    RenameCandidate, Renames, Schema, Table, Unique, plan, render_revision,
};

const TEMPLATE: &str = "//! add things\n//!\n//! Revision ID: b2\n//! Revises: a1\n//! Create Date: 2026-12-02 00:00:00\n\nuse migrate_core::prelude::*;\n\n#[migration(revision = \"b2\", down_revision = \"a1\", message = \"add things\")]\npub struct AddThingsB2;\n\nimpl Migration for AddThingsB2 {\n    async fn upgrade(&self, op: &mut Operations<'_>) -> Result<()> {\n        let _ = op;\n        Err(Error::UnwrittenUpgrade)\n    }\n}\n";

fn pk(columns: &[&str]) -> PrimaryKey {
    PrimaryKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
    }
}

fn fk(name: &str, column: &str, table: &str) -> ForeignKey {
    ForeignKey {
        name: Some(name.into()),
        columns: vec![column.into()],
        referenced_schema: None,
        referenced_table: table.into(),
        referenced_columns: vec!["id".into()],
        on_delete: Action::Cascade,
        on_update: Action::NoAction,
    }
}

fn user() -> Table {
    Table::new("user")
        .with_column(Column::new("id", "integer").auto_increment())
        .with_column(Column::new("email", "varchar(200)"))
        .with_primary_key(pk(&["id"]))
}

fn post() -> Table {
    Table::new("post")
        .with_column(Column::new("id", "bigint").auto_increment())
        .with_column(Column::new("author_id", "integer"))
        .with_column(Column::new("title", "text").default_sql("'x'"))
        .with_primary_key(pk(&["id"]))
        .with_foreign_key(fk("fk_post_author", "author_id", "user"))
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

fn schema(d: Dialect, tables: Vec<Table>) -> Schema {
    tables.into_iter().fold(Schema::new(d), Schema::with_table)
}

fn none() -> Renames {
    Renames::default()
}

/// The short name of each op, in order.
fn names(ops: &[Op]) -> Vec<String> {
    ops.iter()
        .map(|op| {
            let json = serde_json::to_value(op).unwrap();
            let kind = json["op"].as_str().unwrap().to_string();
            let what = json
                .get("table")
                .and_then(|t| {
                    t.as_str()
                        .map(str::to_string)
                        .or_else(|| t["name"].as_str().map(str::to_string))
                })
                .or_else(|| {
                    json.get("ty")
                        .map(|t| t["name"].as_str().unwrap().to_string())
                })
                .or_else(|| {
                    json.get("to")
                        .and_then(|t| t["name"].as_str().map(str::to_string))
                })
                .or_else(|| {
                    json.get("from")
                        .and_then(|t| t.as_str().map(str::to_string))
                })
                .unwrap_or_default();
            format!("{kind} {what}")
        })
        .collect()
}

fn render(p: &Plan, d: Dialect) -> String {
    render_revision(TEMPLATE, "AddThingsB2", p, d)
        .unwrap()
        .source
}

#[test]
fn equal_schemas_plan_nothing() {
    let s = schema(Dialect::Postgres, vec![user(), post()]);
    let p = plan(&s, &s, &none());
    assert!(p.is_empty(), "{p:?}");
    assert!(p.candidates.is_empty());
}

#[test]
fn tables_are_created_in_foreign_key_order_and_dropped_in_reverse() {
    let empty = Schema::new(Dialect::Postgres);
    // `post` sorts before `user` but references it.
    let full = schema(Dialect::Postgres, vec![post(), user()]);
    let up = plan(&empty, &full, &none());
    assert_eq!(names(&up.ops), ["create_table user", "create_table post"]);
    assert_eq!(
        names(&up.downgrade()),
        ["drop_table post", "drop_table user"]
    );
    let down = plan(&full, &empty, &none());
    assert_eq!(names(&down.ops), ["drop_table post", "drop_table user"]);
    assert_eq!(down.data_loss(), ["drops table post", "drops table user"]);
}

#[test]
fn a_foreign_key_cycle_is_split_off_and_added_after() {
    let a = Table::new("a")
        .with_column(Column::new("id", "integer"))
        .with_column(Column::new("b_id", "integer").null())
        .with_primary_key(pk(&["id"]))
        .with_foreign_key(fk("fk_a_b", "b_id", "b"));
    let b = Table::new("b")
        .with_column(Column::new("id", "integer"))
        .with_column(Column::new("a_id", "integer").null())
        .with_primary_key(pk(&["id"]))
        .with_foreign_key(fk("fk_b_a", "a_id", "a"));
    let empty = Schema::new(Dialect::Postgres);
    let both = schema(Dialect::Postgres, vec![a, b]);
    let up = plan(&empty, &both, &none());
    assert_eq!(
        names(&up.ops),
        ["create_table a", "create_table b", "add_foreign_key a"]
    );
    let Op::CreateTable { table } = &up.ops[0] else {
        panic!()
    };
    assert!(table.foreign_keys.is_empty());
    let down = plan(&both, &empty, &none());
    assert_eq!(
        names(&down.ops),
        ["drop_foreign_key a", "drop_table b", "drop_table a"]
    );
}

#[test]
fn every_element_of_a_table_is_added_altered_and_dropped_with_its_old_definition() {
    let from = schema(Dialect::Postgres, vec![user(), post()]);
    let mut to_post = post()
        .with_column(Column::new("views", "bigint").default_sql("0"))
        .with_check(Check {
            name: Some("ck_views".into()),
            expression: "views >= 0".into(),
        });
    to_post.columns[2] = Column::new("title", "varchar(50)").null(); // narrowed, nullable, no default
    to_post.uniques.clear();
    to_post.foreign_keys[0].on_delete = Action::SetNull;
    to_post.indexes[0].predicate = Some("author_id > 1".into());
    let to = schema(Dialect::Postgres, vec![user(), to_post]);
    let p = plan(&from, &to, &none());
    assert_eq!(
        names(&p.ops),
        [
            "drop_foreign_key post",
            "drop_index post",
            "drop_unique post",
            "alter_column post",
            "add_column post",
            "add_check post",
            "create_index post",
            "add_foreign_key post",
        ]
    );
    // The old definition is kept for the downgrade (Alembic's existing_type, existing_nullable,
    // existing_server_default).
    let Op::AlterColumn {
        from: old, to: new, ..
    } = &p.ops[3]
    else {
        panic!("{:?}", p.ops[3])
    };
    assert_eq!(
        (
            old.column_type.as_str(),
            old.nullable,
            old.default.as_deref()
        ),
        ("text", false, Some("'x'"))
    );
    assert_eq!(
        (new.column_type.as_str(), new.nullable),
        ("varchar(50)", true)
    );
    assert_eq!(
        p.data_loss(),
        ["changes post.title from text to varchar(50), which may not hold every value"]
    );
    // The downgrade is the exact inverse: planning back from `to` gives the same operations.
    let back = plan(&to, &from, &none());
    assert_eq!(names(&p.downgrade()), {
        let mut n = names(&back.ops);
        n.sort();
        let mut d = names(&p.downgrade());
        d.sort();
        assert_eq!(n, d);
        names(&p.downgrade())
    });
    let source = render(&p, Dialect::Postgres);
    assert!(
        source
            .contains("op.add_column(\"post\", big_integer(\"views\").default(Expr::cust(\"0\")))"),
        "{source}"
    );
    assert!(
        source.contains(
            "op.alter_column(\"post\", ColumnDef::new(\"title\").custom(\"varchar(50)\").null())"
        ),
        "{source}"
    );
    assert!(
        source.contains("// WARNING: drops data: changes post.title from text to varchar(50)"),
        "{source}"
    );
    assert!(
        source.contains(".custom(\"text\")") || source.contains("text(\"title\")"),
        "{source}"
    );
    assert!(
        source.contains("op.drop_constraint(\"post\", \"post_title_key\")"),
        "{source}"
    );
    assert!(
        source.contains("op.create_unique_constraint(\"post_title_key\", \"post\", &[\"title\"])"),
        "{source}"
    );
}

#[test]
fn widening_a_type_is_not_flagged() {
    let from = schema(Dialect::Postgres, vec![user()]);
    let mut wide = user();
    wide.columns[1].column_type = "varchar(300)".into();
    wide.columns[0].column_type = "bigint".into();
    let p = plan(&from, &schema(Dialect::Postgres, vec![wide]), &none());
    assert_eq!(names(&p.ops), ["alter_column user", "alter_column user"]);
    assert!(p.data_loss().is_empty(), "{:?}", p.data_loss());
}

#[test]
fn primary_key_change_drops_then_creates() {
    let from = schema(Dialect::Postgres, vec![user()]);
    let to = schema(
        Dialect::Postgres,
        vec![user().with_primary_key(pk(&["id", "email"]))],
    );
    let p = plan(&from, &to, &none());
    assert_eq!(
        names(&p.ops),
        ["drop_primary_key user", "create_primary_key user"]
    );
    let source = render(&p, Dialect::Postgres);
    assert!(
        source.contains("op.drop_primary_key(\"user\", \"user_pkey\")"),
        "{source}"
    );
    assert!(
        source.contains("op.create_primary_key(\"user_pkey\", \"user\", &[\"id\", \"email\"])"),
        "{source}"
    );
}

#[test]
fn declared_renames_are_renames_and_undeclared_ones_are_candidates() {
    let from = schema(Dialect::Postgres, vec![user(), post()]);
    let mut account = user();
    account.name = "account".into();
    account.columns[1].name = "mail".into();
    let mut to_post = post();
    to_post.foreign_keys[0].referenced_table = "account".into();
    let to = schema(Dialect::Postgres, vec![account, to_post]);

    // Undeclared: drops and adds, and the candidates to settle.
    let guessed = plan(&from, &to, &none());
    assert_eq!(
        guessed.candidates,
        [RenameCandidate::Table {
            from: "user".into(),
            to: "account".into()
        }]
        .to_vec()
        .into_iter()
        .filter(|_| false)
        .chain(guessed.candidates.clone())
        .collect::<Vec<_>>()
    );
    assert!(
        guessed
            .ops
            .iter()
            .any(|o| matches!(o, Op::DropTable { .. }))
    );

    // Declared: a table rename, a column rename, the foreign key untouched.
    let renames = Renames {
        tables: vec![("user".into(), "account".into())],
        columns: vec![("account".into(), "email".into(), "mail".into())],
    };
    let p = plan(&from, &to, &renames);
    assert_eq!(
        names(&p.ops),
        ["rename_table user", "rename_column account"]
    );
    assert!(p.candidates.is_empty());
    assert!(p.data_loss().is_empty());
    assert_eq!(
        names(&p.downgrade()),
        ["rename_column account", "rename_table account"]
    );
    let source = render(&p, Dialect::Postgres);
    assert!(
        source.contains("op.rename_table(Table::rename().table(\"user\", \"account\"))"),
        "{source}"
    );
    assert!(
        source.contains("op.rename_column(\"account\", \"email\", \"mail\")"),
        "{source}"
    );
}

#[test]
fn a_dropped_and_an_added_column_of_one_definition_are_a_candidate() {
    let from = schema(Dialect::Postgres, vec![user()]);
    let mut renamed = user();
    renamed.columns[1].name = "mail".into();
    let p = plan(&from, &schema(Dialect::Postgres, vec![renamed]), &none());
    assert_eq!(
        p.candidates,
        [RenameCandidate::Column {
            table: "user".into(),
            from: "email".into(),
            to: "mail".into()
        }]
    );
    assert_eq!(p.candidates[0].flag(), "user.email=mail");
    assert_eq!(names(&p.ops), ["add_column user", "drop_column user"]);
    assert_eq!(p.data_loss(), ["drops column user.email"]);
}

fn mood(labels: &[&str]) -> EnumType {
    EnumType {
        schema: None,
        name: "mood".into(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
    }
}

fn with_mood(labels: &[&str]) -> Schema {
    schema(
        Dialect::Postgres,
        vec![user().with_column(Column::new("mood", "mood").null())],
    )
    .with_enum(mood(labels))
}

/// alembic#278: the enum type is created before its column, a value is added with ALTER TYPE
/// (outside a transaction), and the type is dropped with its last column.
#[test]
fn alembic_278_enum_created_value_added_dropped_with_its_last_column() {
    let bare = schema(Dialect::Postgres, vec![user()]);
    let created = plan(&bare, &with_mood(&["sad", "happy"]), &none());
    assert_eq!(names(&created.ops), ["create_enum mood", "add_column user"]);
    assert!(created.transactional());
    let source = render(&created, Dialect::Postgres);
    assert!(
        source.contains("op.execute(\"CREATE TYPE mood AS ENUM ('sad', 'happy')\")"),
        "{source}"
    );
    assert!(source.contains(".custom(\"mood\")"), "{source}");
    assert!(
        source.contains("op.execute(\"DROP TYPE mood\")"),
        "{source}"
    );

    let added = plan(
        &with_mood(&["sad", "happy"]),
        &with_mood(&["sad", "ok", "happy", "glad"]),
        &none(),
    );
    assert_eq!(
        names(&added.ops),
        ["add_enum_value mood", "add_enum_value mood"]
    );
    assert!(!added.transactional());
    let source = render(&added, Dialect::Postgres);
    assert!(
        source.contains("ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'"),
        "{source}"
    );
    assert!(
        source.contains("ALTER TYPE mood ADD VALUE 'glad'\""),
        "{source}"
    );
    assert!(
        source.contains("#[migration(revision = \"b2\", down_revision = \"a1\", transactional = false, message = \"add things\")]")
            || source.contains("    transactional = false,\n"),
        "{source}"
    );
    // The downgrade cannot drop a value: it replaces the type, converting the column.
    assert!(
        source.contains("ALTER TYPE mood RENAME TO mood_old"),
        "{source}"
    );
    assert!(
        source.contains("ALTER TABLE \\\"user\\\" ALTER COLUMN \\\"mood\\\" TYPE mood USING \\\"mood\\\"::text::mood"),
        "{source}"
    );

    let dropped = plan(&with_mood(&["sad", "happy"]), &bare, &none());
    assert_eq!(names(&dropped.ops), ["drop_column user", "drop_enum mood"]);

    let removed = plan(
        &with_mood(&["sad", "happy"]),
        &with_mood(&["happy"]),
        &none(),
    );
    assert_eq!(names(&removed.ops), ["replace_enum mood"]);
    assert_eq!(
        removed.data_loss(),
        ["removes sad from enum mood: rows holding them fail the conversion"]
    );
}

/// alembic#1098: partial and expression indexes are neither missed nor recreated each run.
#[test]
fn alembic_1098_partial_and_expression_indexes() {
    for d in [Dialect::Postgres, Dialect::Sqlite] {
        let declared = schema(d, vec![user(), post()]);
        let mut live_post = post();
        live_post.indexes[0] = Index {
            name: "ix_post_lower".into(),
            parts: vec![IndexPart::expression("LOWER(title)")],
            unique: false,
            predicate: Some("(author_id > 0)".into()),
        };
        let live = schema(d, vec![user(), live_post]);
        assert!(plan(&live, &declared, &none()).is_empty(), "{d:?}");
        let mut other = post();
        other.indexes[0].predicate = None;
        let changed = plan(&live, &schema(d, vec![user(), other]), &none());
        assert_eq!(
            names(&changed.ops),
            ["drop_index post", "create_index post"]
        );
        let source = render(&plan(&Schema::new(d), &declared, &none()), d);
        // sea-query writes expression parts on PostgreSQL only: raw SQL, quoted per database.
        assert!(
            source.contains(
                "op.execute(\n                \"CREATE INDEX \\\"ix_post_lower\\\" ON \\\"post\\\" ((lower(title))) WHERE author_id > 0\","
            ),
            "{source}"
        );
    }
}

/// alembic#605: MySQL's BOOLEAN is TINYINT(1).
#[test]
fn alembic_605_mysql_boolean_is_tinyint_1() {
    let t = |ty: &str, default: &str| {
        schema(
            Dialect::Mysql,
            vec![user().with_column(Column::new("active", ty).default_sql(default))],
        )
    };
    assert!(plan(&t("tinyint(1)", "'1'"), &t("BOOLEAN", "true"), &none()).is_empty());
    assert_eq!(
        names(&plan(&t("tinyint(4)", "1"), &t("boolean", "1"), &none()).ops),
        ["alter_column user"]
    );
}

/// alembic#1152: server defaults equal in meaning are not reported as changed.
#[test]
fn alembic_1152_equal_server_defaults_are_not_changes() {
    let t = |d: Dialect, ty: &str, default: &str| {
        schema(
            d,
            vec![user().with_column(Column::new("at", ty).default_sql(default))],
        )
    };
    for (d, ty, live, declared) in [
        (Dialect::Postgres, "integer", "'0'::integer", "0"),
        (
            Dialect::Postgres,
            "timestamptz",
            "now()",
            "CURRENT_TIMESTAMP",
        ),
        (
            Dialect::Postgres,
            "varchar(10)",
            "'a'::character varying",
            "'a'",
        ),
        (Dialect::Mysql, "int", "'0'", "0"),
        (
            Dialect::Mysql,
            "timestamp",
            "current_timestamp()",
            "CURRENT_TIMESTAMP",
        ),
        (Dialect::Sqlite, "integer", "'0'", "0"),
    ] {
        let p = plan(&t(d, ty, live), &t(d, ty, declared), &none());
        assert!(p.is_empty(), "{d:?} {live} vs {declared}: {p:?}");
    }
    let changed = plan(
        &t(Dialect::Postgres, "integer", "0"),
        &t(Dialect::Postgres, "integer", "1"),
        &none(),
    );
    let Op::AlterColumn { from, to, .. } = &changed.ops[0] else {
        panic!("{changed:?}")
    };
    assert_eq!(
        (from.default.as_deref(), to.default.as_deref()),
        (Some("0"), Some("1"))
    );
}

/// alembic#1240: unique constraints and indexes are not dropped and recreated.
#[test]
fn alembic_1240_uniques_and_indexes_are_not_recreated() {
    let declared = |d| {
        schema(
            d,
            vec![user().with_unique(Unique {
                name: None,
                columns: vec!["email".into()],
            })],
        )
    };
    // PostgreSQL names it user_email_key; MySQL reports a unique index named after the column.
    let pg_live = schema(
        Dialect::Postgres,
        vec![user().with_unique(Unique {
            name: Some("user_email_key".into()),
            columns: vec!["email".into()],
        })],
    );
    assert!(plan(&pg_live, &declared(Dialect::Postgres), &none()).is_empty());
    let mut my = user();
    my.indexes.push(Index {
        unique: true,
        ..Index::on("email", &["email"])
    });
    let my_live = schema(Dialect::Mysql, vec![my]);
    assert!(plan(&my_live, &declared(Dialect::Mysql), &none()).is_empty());
    // And a plain index is kept when only its columns' quoting differs.
    let ix = |col: &str| {
        schema(
            Dialect::Postgres,
            vec![user().with_index(Index::on("ix_email", &[col]))],
        )
    };
    assert!(plan(&ix("\"email\""), &ix("email"), &none()).is_empty());
}

#[test]
fn check_constraints_are_compared() {
    let t = |expr: &str| {
        schema(
            Dialect::Postgres,
            vec![user().with_check(Check {
                name: Some("ck_email".into()),
                expression: expr.into(),
            })],
        )
    };
    assert!(plan(&t("(LENGTH(email) > 3)"), &t("length(email) > 3"), &none()).is_empty());
    let changed = plan(&t("length(email) > 3"), &t("length(email) > 5"), &none());
    assert_eq!(names(&changed.ops), ["drop_check user", "add_check user"]);
    let source = render(&changed, Dialect::Postgres);
    assert!(
        source
            .contains("op.create_check_constraint(\"ck_email\", \"user\", \"length(email) > 5\")"),
        "{source}"
    );
    assert!(
        source.contains("op.drop_constraint(\"user\", \"ck_email\")"),
        "{source}"
    );
}

#[test]
fn the_rendered_file_keeps_the_template_header_and_parses() {
    let p = plan(
        &Schema::new(Dialect::Sqlite),
        &schema(Dialect::Sqlite, vec![user(), post()]),
        &none(),
    );
    let r = render_revision(TEMPLATE, "AddThingsB2", &p, Dialect::Sqlite).unwrap();
    assert!(
        r.source
            .starts_with("//! add things\n//!\n//! Revision ID: b2\n"),
        "{}",
        r.source
    );
    assert!(r.source.contains("#[migration(revision = \"b2\", down_revision = \"a1\", message = \"add things\")]\npub struct AddThingsB2;"), "{}", r.source);
    assert!(!r.source.contains("UnwrittenUpgrade"), "{}", r.source);
    assert!(r.source.contains("        Ok(())\n"), "{}", r.source);
    assert!(r.transactional);
    assert!(r.data_loss.is_empty());
    assert!(r.source.contains(".col(pk_auto(\"id\"))"), "{}", r.source);
    assert!(
        r.source.contains(".col(pk_big_auto(\"id\"))"),
        "{}",
        r.source
    );
    assert!(
        r.source.contains(".name(\"fk_post_author\")"),
        "{}",
        r.source
    );
    assert!(
        r.source.contains(".on_delete(ForeignKeyAction::Cascade)"),
        "{}",
        r.source
    );
    assert!(
        r.source
            .contains(".index(Index::create().unique().name(\"post_title_key\").col(\"title\"))"),
        "{}",
        r.source
    );
    // The downgrade drops what the upgrade created, flagged.
    assert!(
        r.source
            .contains("// WARNING: drops data: drops table post\n"),
        "{}",
        r.source
    );
    assert!(
        render_revision(TEMPLATE, "not an ident", &p, Dialect::Sqlite)
            .unwrap_err()
            .to_string()
            .starts_with("the generated revision not an ident is not valid Rust")
    );
}

/// MySQL creates an index for a foreign key that has none, named after the key: it is the
/// key's, not a difference (else every autogenerate after the first would drop it).
#[test]
fn mysql_implicit_foreign_key_index_is_not_a_difference() {
    let declared = schema(Dialect::Mysql, vec![user(), post()]);
    let mut live_post = post();
    live_post
        .indexes
        .push(Index::on("fk_post_author", &["author_id"]));
    let live = schema(Dialect::Mysql, vec![user(), live_post.clone()]);
    assert!(plan(&live, &declared, &none()).is_empty());
    // An index of another name on the same column is the user's (dropped around the key it
    // serves).
    live_post.indexes.pop();
    live_post
        .indexes
        .push(Index::on("ix_author", &["author_id"]));
    let other = schema(Dialect::Mysql, vec![user(), live_post]);
    assert_eq!(
        names(&plan(&other, &declared, &none()).ops),
        [
            "drop_foreign_key post",
            "drop_index post",
            "add_foreign_key post"
        ]
    );
}

/// MariaDB prints a check's `length(x)` back as `octet_length(x)`: the same check.
#[test]
fn mariadb_octet_length_is_length() {
    let t = |expr: &str| {
        schema(
            Dialect::Mysql,
            vec![user().with_check(Check {
                name: Some("ck_email".into()),
                expression: expr.into(),
            })],
        )
    };
    assert!(
        plan(
            &t("(octet_length(`email`) > 3)"),
            &t("length(email) > 3"),
            &none()
        )
        .is_empty()
    );
    assert!(
        !plan(
            &t("char_length(email) > 3"),
            &t("length(email) > 3"),
            &none()
        )
        .is_empty()
    );
}

/// MySQL: an index a kept foreign key can use is changed with the key dropped around it (MySQL
/// refuses to drop an index a key needs, and drops the key's own index once another serves it).
#[test]
fn mysql_index_serving_a_foreign_key_is_changed_around_the_key() {
    let with = |index: Index| schema(Dialect::Mysql, vec![user(), post().with_index(index)]);
    let p = plan(
        &with(Index::on("ix_title", &["title"])),
        &with(Index::on("ix_author_title", &["author_id", "title"])),
        &none(),
    );
    let ops = names(&p.ops);
    assert_eq!(
        ops.first().map(String::as_str),
        Some("drop_foreign_key post"),
        "{ops:?}"
    );
    assert_eq!(
        ops.last().map(String::as_str),
        Some("add_foreign_key post"),
        "{ops:?}"
    );
    let down = names(&p.downgrade());
    assert_eq!(
        down.first().map(String::as_str),
        Some("drop_foreign_key post"),
        "{down:?}"
    );
    // Elsewhere the key stays.
    let pg = |index: Index| schema(Dialect::Postgres, vec![user(), post().with_index(index)]);
    let p = plan(
        &pg(Index::on("ix_title", &["title"])),
        &pg(Index::on("ix_author_title", &["author_id", "title"])),
        &none(),
    );
    assert!(!names(&p.ops).iter().any(|o| o.contains("foreign_key")));
}

#[test]
fn a_rename_taken_as_a_drop_and_a_create_drops_first() {
    // PostgreSQL keeps `t4_pkey` when t4 is renamed to n10; a plan that took that rename as a
    // drop and a create (`--no-rename`, or a squash over it) must free the name first.
    let key = PrimaryKey {
        name: Some("t4_pkey".into()),
        columns: vec!["id".into()],
    };
    let table = |name: &str| {
        Table::new(name)
            .with_column(Column::new("id", "integer").auto_increment())
            .with_primary_key(key.clone())
    };
    let from = schema(Dialect::Postgres, vec![table("t4"), user()]);
    let to = schema(Dialect::Postgres, vec![table("n10"), user()]);
    let p = plan(&from, &to, &none());
    assert_eq!(names(&p.ops), ["drop_table t4", "create_table n10"]);
    assert_eq!(names(&p.downgrade()), ["drop_table n10", "create_table t4"]);
}

/// Tables and types outside the default schema are refused with their name, instead of being
/// rendered as one quoted identifier (`"app.audit"`) that would create the wrong table.
#[test]
fn tables_outside_the_default_schema_are_refused_by_name() {
    let d = Dialect::Postgres;
    let mut audit = Table::new("audit")
        .with_column(Column::new("id", "integer").auto_increment())
        .with_primary_key(pk(&["id"]));
    audit.schema = Some("app".into());
    let created = plan(&schema(d, vec![]), &schema(d, vec![audit.clone()]), &none());
    let error = render_revision(TEMPLATE, "AddThingsB2", &created, d).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot generate a revision for app.audit: autogenerate renders tables and types of the default schema only; write the change to app.audit by hand (`op.execute(...)`), or leave its schema out of `schemas` in [package.metadata.migrate]"
    );

    let widened = audit
        .clone()
        .with_column(Column::new("note", "text").null());
    let added = plan(
        &schema(d, vec![audit.clone()]),
        &schema(d, vec![widened]),
        &none(),
    );
    assert_eq!(added.ops.len(), 1, "{:?}", added.ops);
    let error = render_revision(TEMPLATE, "AddThingsB2", &added, d).unwrap_err();
    assert!(error.to_string().contains("for app.audit:"), "{error}");

    let mut key = fk("fk_user_audit", "audit_id", "audit");
    key.referenced_schema = Some("app".into());
    let user = user()
        .with_column(Column::new("audit_id", "integer"))
        .with_foreign_key(key);
    let referencing = plan(
        &schema(d, vec![audit.clone()]),
        &schema(d, vec![audit, user]),
        &none(),
    );
    let error = render_revision(TEMPLATE, "AddThingsB2", &referencing, d).unwrap_err();
    assert!(error.to_string().contains("for app.audit:"), "{error}");

    // The default schema renders as before.
    let plain = plan(&schema(d, vec![]), &schema(d, vec![post()]), &none());
    render_revision(TEMPLATE, "AddThingsB2", &plain, d).expect("the default schema renders");
}
