//! Normalization: pairs of schemas that must compare equal, each a named test, and pairs that
//! must not, each checked against the exact drift report.

use migrate_schema::Dialect::{Mysql, Postgres, Sqlite};
use migrate_schema::{
    Action, Check, Column, Dialect, EnumType, ForeignKey, Index, IndexPart, PrimaryKey, Schema,
    Table, Unique, diff,
};

/// One table `t` with `id integer` and `column`.
fn col(d: Dialect, column: Column) -> Schema {
    table(d, base().with_column(column))
}

fn base() -> Table {
    Table::new("t").with_column(Column::new("id", "integer"))
}

fn table(d: Dialect, t: Table) -> Schema {
    Schema::new(d).with_table(t)
}

fn fk(name: Option<&str>, on_delete: Action) -> Table {
    base()
        .with_column(Column::new("user_id", "integer"))
        .with_foreign_key(ForeignKey {
            name: name.map(str::to_string),
            columns: vec!["user_id".into()],
            referenced_table: "user".into(),
            referenced_columns: vec!["id".into()],
            on_delete,
            ..ForeignKey::default()
        })
}

fn check(name: Option<&str>, expression: &str) -> Table {
    base()
        .with_column(Column::new("price", "numeric(10,2)"))
        .with_column(Column::new("status", "varchar(10)"))
        .with_check(Check {
            name: name.map(str::to_string),
            expression: expression.into(),
        })
}

fn index(parts: Vec<IndexPart>, unique: bool, predicate: Option<&str>) -> Table {
    base()
        .with_column(Column::new("email", "varchar(100)").null())
        .with_index(Index {
            name: "ix_t".into(),
            parts,
            unique,
            predicate: predicate.map(str::to_string),
        })
}

fn pk(name: Option<&str>, columns: &[&str]) -> Table {
    base().with_primary_key(PrimaryKey {
        name: name.map(str::to_string),
        columns: columns.iter().map(|c| c.to_string()).collect(),
    })
}

fn unique(name: Option<&str>) -> Table {
    base()
        .with_column(Column::new("email", "varchar(100)"))
        .with_unique(Unique {
            name: name.map(str::to_string),
            columns: vec!["email".into()],
        })
}

fn with_enum(labels: &[&str]) -> Schema {
    Schema::new(Postgres)
        .with_enum(EnumType {
            schema: None,
            name: "mood".into(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
        })
        .with_table(base().with_column(Column::new("m", "mood")))
}

macro_rules! equal {
    ($($name:ident: $a:expr, $b:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let (a, b) = ($a, $b);
                let d = diff(&a, &b);
                assert!(d.is_empty(), "expected no difference, got:\n{d}");
                let d = diff(&b, &a);
                assert!(d.is_empty(), "expected no difference (reversed), got:\n{d}");
            }
        )*
    };
}

macro_rules! different {
    ($($name:ident: $a:expr, $b:expr => $report:expr;)*) => {
        $(
            #[test]
            fn $name() {
                let d = diff(&$a, &$b);
                assert_eq!(d.to_string(), $report);
            }
        )*
    };
}

mod equal {
    use super::*;

    equal! {
        pg_int4_is_integer: col(Postgres, Column::new("n", "int4")), col(Postgres, Column::new("n", "integer"));
        pg_int_upper_is_integer: col(Postgres, Column::new("n", "INT")), col(Postgres, Column::new("n", "integer"));
        pg_int8_is_bigint: col(Postgres, Column::new("n", "int8")), col(Postgres, Column::new("n", "BIGINT"));
        pg_int2_is_smallint: col(Postgres, Column::new("n", "int2")), col(Postgres, Column::new("n", "smallint"));
        pg_varchar_is_character_varying: col(Postgres, Column::new("n", "varchar(255)")), col(Postgres, Column::new("n", "character varying(255)"));
        pg_bool_is_boolean: col(Postgres, Column::new("n", "bool")), col(Postgres, Column::new("n", "BOOLEAN"));
        pg_timestamp_default_precision: col(Postgres, Column::new("n", "timestamp(6) without time zone")), col(Postgres, Column::new("n", "timestamp"));
        pg_timestamp_with_time_zone_is_timestamptz: col(Postgres, Column::new("n", "timestamp with time zone")), col(Postgres, Column::new("n", "timestamptz"));
        pg_float8_is_double_precision: col(Postgres, Column::new("n", "float8")), col(Postgres, Column::new("n", "double precision"));
        pg_decimal_is_numeric: col(Postgres, Column::new("n", "decimal(10,2)")), col(Postgres, Column::new("n", "numeric(10, 2)"));
        pg_bpchar_is_character: col(Postgres, Column::new("n", "bpchar(3)")), col(Postgres, Column::new("n", "character(3)"));
        pg_default_varchar_cast: col(Postgres, Column::new("n", "varchar(10)").default_sql("'x'::character varying")), col(Postgres, Column::new("n", "varchar(10)").default_sql("'x'"));
        pg_default_now_is_current_timestamp: col(Postgres, Column::new("n", "timestamptz").default_sql("now()")), col(Postgres, Column::new("n", "timestamptz").default_sql("CURRENT_TIMESTAMP"));
        pg_default_keyword_case: col(Postgres, Column::new("n", "timestamp").default_sql("current_timestamp")), col(Postgres, Column::new("n", "timestamp").default_sql("CURRENT_TIMESTAMP"));
        pg_default_quoted_zero: col(Postgres, Column::new("n", "integer").default_sql("'0'")), col(Postgres, Column::new("n", "integer").default_sql("0"));
        pg_default_numeric_cast: col(Postgres, Column::new("n", "numeric(10,2)").default_sql("(0)::numeric")), col(Postgres, Column::new("n", "numeric(10,2)").default_sql("0.00"));
        pg_default_boolean_spellings: col(Postgres, Column::new("n", "boolean").default_sql("'t'::boolean")), col(Postgres, Column::new("n", "boolean").default_sql("TRUE"));
        pg_default_null_is_no_default: col(Postgres, Column::new("n", "varchar(5)").null().default_sql("NULL::character varying")), col(Postgres, Column::new("n", "varchar(5)").null());
        pg_default_enum_cast: col(Postgres, Column::new("n", "text").default_sql("'draft'::text")), col(Postgres, Column::new("n", "text").default_sql("'draft'"));
        pg_serial_is_nextval: col(Postgres, Column::new("n", "serial")), col(Postgres, Column::new("n", "integer").default_sql("nextval('t_n_seq'::regclass)"));
        pg_generated_primary_key_name: table(Postgres, pk(Some("t_pkey"), &["id"])), table(Postgres, pk(None, &["id"]));
        pg_primary_key_implies_not_null: table(Postgres, Table::new("t").with_column(Column::new("id", "integer").null()).with_primary_key(PrimaryKey { name: None, columns: vec!["id".into()] })), table(Postgres, pk(None, &["id"]));
        pg_generated_foreign_key_name: table(Postgres, fk(Some("t_user_id_fkey"), Action::Cascade)), table(Postgres, fk(None, Action::Cascade));
        pg_generated_unique_name: table(Postgres, unique(Some("t_email_key"))), table(Postgres, unique(None));
        pg_generated_check_name_and_casts: table(Postgres, check(Some("t_price_check"), "((price > (0)::numeric))")), table(Postgres, check(None, "price > 0"));
        pg_check_any_array_is_in: table(Postgres, check(None, "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))")), table(Postgres, check(None, "status IN ('a', 'b')"));
        pg_check_and_parentheses: table(Postgres, check(None, "((price > (0)::numeric) AND (price < (100)::numeric))")), table(Postgres, check(None, "price > 0 and price < 100"));
        pg_check_quoted_identifier: table(Postgres, check(None, "\"price\" > 0")), table(Postgres, check(None, "price > 0"));
        pg_index_expression_casts: table(Postgres, index(vec![IndexPart::expression("lower((email)::text)")], false, None)), table(Postgres, index(vec![IndexPart::expression("LOWER(email)")], false, None));
        pg_index_parenthesized_column: table(Postgres, index(vec![IndexPart::expression("(email)")], false, None)), table(Postgres, index(vec![IndexPart::column("email")], false, None));
        pg_partial_index_predicate: table(Postgres, index(vec![IndexPart::column("email")], true, Some("(email IS NOT NULL)"))), table(Postgres, index(vec![IndexPart::column("email")], true, Some("email is not null")));
        pg_column_order_ignored: table(Postgres, Table::new("t").with_column(Column::new("a", "text")).with_column(Column::new("b", "text"))), table(Postgres, Table::new("t").with_column(Column::new("b", "text")).with_column(Column::new("a", "text")));
        pg_constraint_order_ignored: table(Postgres, fk(None, Action::NoAction).with_check(Check { name: None, expression: "id > 0".into() }).with_check(Check { name: None, expression: "id < 9".into() })), table(Postgres, fk(None, Action::NoAction).with_check(Check { name: None, expression: "id < 9".into() }).with_check(Check { name: None, expression: "id > 0".into() }));
        pg_empty_comment_is_none: col(Postgres, Column::new("n", "text").comment("")), col(Postgres, Column::new("n", "text"));
        pg_enum_type_case: with_enum(&["a", "b"]), with_enum(&["a", "b"]).with_table(base().with_column(Column::new("m", "MOOD")));
        mysql_tinyint1_is_boolean: col(Mysql, Column::new("n", "tinyint(1)")), col(Mysql, Column::new("n", "boolean"));
        mysql_int11_is_int: col(Mysql, Column::new("n", "int(11)")), col(Mysql, Column::new("n", "INT"));
        mysql_bigint20_is_bigint: col(Mysql, Column::new("n", "bigint(20)")), col(Mysql, Column::new("n", "bigint"));
        mysql_real_is_double: col(Mysql, Column::new("n", "real")), col(Mysql, Column::new("n", "double"));
        mysql_decimal_default_precision: col(Mysql, Column::new("n", "decimal")), col(Mysql, Column::new("n", "decimal(10,0)"));
        mysql_boolean_default_one_is_true: col(Mysql, Column::new("n", "tinyint(1)").default_sql("1")), col(Mysql, Column::new("n", "boolean").default_sql("TRUE"));
        mysql_current_timestamp_function: col(Mysql, Column::new("n", "timestamp").default_sql("current_timestamp()")), col(Mysql, Column::new("n", "timestamp").default_sql("CURRENT_TIMESTAMP"));
        mysql_default_quoted_number: col(Mysql, Column::new("n", "int(11)").default_sql("'0'")), col(Mysql, Column::new("n", "int").default_sql("0"));
        mysql_generated_foreign_key_name: table(Mysql, fk(Some("t_ibfk_1"), Action::Cascade)), table(Mysql, fk(None, Action::Cascade));
        mysql_primary_key_name: table(Mysql, pk(Some("PRIMARY"), &["id"])), table(Mysql, pk(None, &["id"]));
        mysql_restrict_is_no_action: table(Mysql, fk(None, Action::Restrict)), table(Mysql, fk(None, Action::NoAction));
        mysql_unique_index_is_unique_constraint: table(Mysql, base().with_column(Column::new("email", "varchar(100)")).with_index(Index { unique: true, ..Index::on("u_email", &["email"]) })), table(Mysql, unique(Some("u_email")));
        mysql_generated_unique_name: table(Mysql, unique(Some("email"))), table(Mysql, unique(None));
        sqlite_unique_named_by_a_revision_is_unnamed: table(Sqlite, unique(Some("t_email_key"))), table(Sqlite, unique(None));
        mysql_generated_check_name: table(Mysql, check(Some("CONSTRAINT_1"), "`price` > 0")), table(Mysql, check(None, "price > 0"));
        mariadb_column_check_named_after_column: table(Mysql, check(Some("price"), "`price` > 0")), table(Mysql, check(None, "price > 0"));
        mysql_column_name_case: col(Mysql, Column::new("Email", "text").null()), col(Mysql, Column::new("email", "text").null());
        sqlite_int_is_integer: col(Sqlite, Column::new("n", "INT")), col(Sqlite, Column::new("n", "integer"));
        sqlite_integer_primary_key_is_rowid: table(Sqlite, pk(None, &["id"])), table(Sqlite, Table::new("t").with_column(Column::new("id", "INTEGER").auto_increment()).with_primary_key(PrimaryKey { name: None, columns: vec!["id".into()] }));
        sqlite_rowid_is_not_null: table(Sqlite, Table::new("t").with_column(Column::new("id", "integer").null()).with_primary_key(PrimaryKey { name: None, columns: vec!["id".into()] })), table(Sqlite, pk(None, &["id"]));
        sqlite_quoted_names: table(Sqlite, Table::new("\"T\"").with_column(Column::new("[Name]", "text"))), table(Sqlite, Table::new("t").with_column(Column::new("name", "TEXT")));
        sqlite_default_parentheses: col(Sqlite, Column::new("n", "text").default_sql("('abc')")), col(Sqlite, Column::new("n", "text").default_sql("'abc'"));
    }
}

mod different {
    use super::*;

    different! {
        pg_varchar_length: col(Postgres, Column::new("n", "varchar(100)")), col(Postgres, Column::new("n", "varchar(200)"))
            => "table t:\n  different column:\n    expected: n varchar(100) NOT NULL\n    actual:   n varchar(200) NOT NULL\n";
        pg_dropped_default: col(Postgres, Column::new("n", "integer").default_sql("'0'")), col(Postgres, Column::new("n", "integer"))
            => "table t:\n  different column:\n    expected: n integer NOT NULL DEFAULT 0\n    actual:   n integer NOT NULL\n";
        pg_changed_default: col(Postgres, Column::new("n", "text").default_sql("'a'::text")), col(Postgres, Column::new("n", "text").default_sql("'b'"))
            => "table t:\n  different column:\n    expected: n text NOT NULL DEFAULT 'a'\n    actual:   n text NOT NULL DEFAULT 'b'\n";
        pg_nullability: col(Postgres, Column::new("n", "text")), col(Postgres, Column::new("n", "text").null())
            => "table t:\n  different column:\n    expected: n text NOT NULL\n    actual:   n text\n";
        pg_integer_is_not_bigint: col(Postgres, Column::new("n", "int4")), col(Postgres, Column::new("n", "int8"))
            => "table t:\n  different column:\n    expected: n integer NOT NULL\n    actual:   n bigint NOT NULL\n";
        pg_timestamp_is_not_timestamptz: col(Postgres, Column::new("n", "timestamp")), col(Postgres, Column::new("n", "timestamp with time zone"))
            => "table t:\n  different column:\n    expected: n timestamp NOT NULL\n    actual:   n timestamptz NOT NULL\n";
        pg_numeric_scale: col(Postgres, Column::new("n", "numeric(10,2)")), col(Postgres, Column::new("n", "decimal(10,3)"))
            => "table t:\n  different column:\n    expected: n numeric(10,2) NOT NULL\n    actual:   n numeric(10,3) NOT NULL\n";
        pg_changed_foreign_key_action: table(Postgres, fk(None, Action::Cascade)), table(Postgres, fk(Some("t_user_id_fkey"), Action::NoAction))
            => "table t:\n  different foreign key:\n    expected: FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE CASCADE\n    actual:   FOREIGN KEY (user_id) REFERENCES user (id)\n";
        pg_restrict_is_not_no_action: table(Postgres, fk(None, Action::Restrict)), table(Postgres, fk(None, Action::NoAction))
            => "table t:\n  different foreign key:\n    expected: FOREIGN KEY (user_id) REFERENCES user (id) ON DELETE RESTRICT\n    actual:   FOREIGN KEY (user_id) REFERENCES user (id)\n";
        pg_renamed_foreign_key: table(Postgres, fk(Some("fk_a"), Action::NoAction)), table(Postgres, fk(Some("fk_b"), Action::NoAction))
            => "table t:\n  missing foreign key: CONSTRAINT fk_a FOREIGN KEY (user_id) REFERENCES user (id)\n  unexpected foreign key: CONSTRAINT fk_b FOREIGN KEY (user_id) REFERENCES user (id)\n";
        pg_changed_check: table(Postgres, check(None, "price > 0")), table(Postgres, check(None, "((price >= (0)::numeric))"))
            => "table t:\n  missing check constraint: CHECK (price > 0)\n  unexpected check constraint: CHECK (price >= 0)\n";
        pg_check_precedence: table(Postgres, check(Some("c"), "(price + 1) * 2 > 0")), table(Postgres, check(Some("c"), "price + 1 * 2 > 0"))
            => "table t:\n  different check constraint:\n    expected: CONSTRAINT c CHECK ((price + 1) * 2 > 0)\n    actual:   CONSTRAINT c CHECK (price + 1 * 2 > 0)\n";
        index_column_order: table(Postgres, index(vec![IndexPart::column("id"), IndexPart::column("email")], false, None)), table(Postgres, index(vec![IndexPart::column("email"), IndexPart::column("id")], false, None))
            => "table t:\n  different index:\n    expected: INDEX ix_t (id, email)\n    actual:   INDEX ix_t (email, id)\n";
        index_descending: table(Postgres, index(vec![IndexPart { descending: true, ..IndexPart::column("email") }], false, None)), table(Postgres, index(vec![IndexPart::column("email")], false, None))
            => "table t:\n  different index:\n    expected: INDEX ix_t (email DESC)\n    actual:   INDEX ix_t (email)\n";
        index_unique_flag: table(Postgres, index(vec![IndexPart::column("email")], true, None)), table(Postgres, index(vec![IndexPart::column("email")], false, None))
            => "table t:\n  different index:\n    expected: UNIQUE INDEX ix_t (email)\n    actual:   INDEX ix_t (email)\n";
        index_dropped_predicate: table(Postgres, index(vec![IndexPart::column("email")], false, Some("email IS NOT NULL"))), table(Postgres, index(vec![IndexPart::column("email")], false, None))
            => "table t:\n  different index:\n    expected: INDEX ix_t (email) WHERE email IS NOT NULL\n    actual:   INDEX ix_t (email)\n";
        index_expression: table(Postgres, index(vec![IndexPart::expression("lower(email)")], false, None)), table(Postgres, index(vec![IndexPart::expression("upper(email)")], false, None))
            => "table t:\n  different index:\n    expected: INDEX ix_t ((lower(email)))\n    actual:   INDEX ix_t ((upper(email)))\n";
        missing_table: table(Postgres, base()), Schema::new(Postgres)
            => "table t: missing\n";
        unexpected_table: Schema::new(Postgres), table(Mysql, base())
            => "table t: unexpected\n";
        missing_column: col(Sqlite, Column::new("n", "text")), table(Sqlite, base())
            => "table t:\n  missing column: n text NOT NULL\n";
        unexpected_unique: table(Mysql, base().with_column(Column::new("email", "varchar(100)"))), table(Mysql, unique(Some("email")))
            => "table t:\n  unexpected unique constraint: UNIQUE (email)\n";
        primary_key_columns: table(Postgres, pk(None, &["id"]).with_column(Column::new("n", "integer"))), table(Postgres, pk(None, &["id", "n"]).with_column(Column::new("n", "integer")))
            => "table t:\n  different primary key:\n    expected: PRIMARY KEY (id)\n    actual:   PRIMARY KEY (id, n)\n";
        enum_label_order: with_enum(&["sad", "happy"]), with_enum(&["happy", "sad"])
            => "different enum type:\n  expected: TYPE mood AS ENUM ('sad', 'happy')\n  actual:   TYPE mood AS ENUM ('happy', 'sad')\n";
        enum_added_label: with_enum(&["sad"]), with_enum(&["sad", "ok"])
            => "different enum type:\n  expected: TYPE mood AS ENUM ('sad')\n  actual:   TYPE mood AS ENUM ('sad', 'ok')\n";
        mysql_tinyint4_is_not_boolean: col(Mysql, Column::new("n", "tinyint(4)")), col(Mysql, Column::new("n", "tinyint(1)"))
            => "table t:\n  different column:\n    expected: n tinyint NOT NULL\n    actual:   n boolean NOT NULL\n";
        mysql_unsigned: col(Mysql, Column::new("n", "int(10) unsigned")), col(Mysql, Column::new("n", "int"))
            => "table t:\n  different column:\n    expected: n integer unsigned NOT NULL\n    actual:   n integer NOT NULL\n";
        mysql_text_is_not_longtext: col(Mysql, Column::new("n", "text")), col(Mysql, Column::new("n", "longtext"))
            => "table t:\n  different column:\n    expected: n text NOT NULL\n    actual:   n longtext NOT NULL\n";
        sqlite_varchar_length: col(Sqlite, Column::new("n", "varchar(100)")), col(Sqlite, Column::new("n", "VARCHAR(200)"))
            => "table t:\n  different column:\n    expected: n varchar(100) NOT NULL\n    actual:   n varchar(200) NOT NULL\n";
        changed_comment: table(Postgres, Table { comment: Some("posts".into()), ..base() }), table(Postgres, Table { comment: Some("articles".into()), ..base() })
            => "table t:\n  different comment:\n    expected: 'posts'\n    actual:   'articles'\n";
        column_comment: col(Mysql, Column::new("n", "text").comment("a")), col(Mysql, Column::new("n", "text"))
            => "table t:\n  different column:\n    expected: n text NOT NULL COMMENT 'a'\n    actual:   n text NOT NULL\n";
        referenced_table: table(Postgres, fk(Some("fk"), Action::NoAction)), table(Postgres, Table { foreign_keys: vec![ForeignKey { referenced_table: "account".into(), ..fk(Some("fk"), Action::NoAction).foreign_keys[0].clone() }], ..fk(None, Action::NoAction) })
            => "table t:\n  different foreign key:\n    expected: CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES user (id)\n    actual:   CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES account (id)\n";
    }
}

#[test]
fn normalization_is_idempotent() {
    let s = table(
        Postgres,
        check(Some("t_price_check"), "((price > (0)::numeric))"),
    )
    .with_table(fk(Some("t_user_id_fkey"), Action::Cascade));
    let once = s.normalized();
    assert_eq!(once.clone().normalized(), once);
}
