//! The catalog of `lint`'s rules: stable codes, severities, explanations and the safer way.
//!
//! Pure data shared by `#[migration(allow(code = "reason"))]`, which refuses an unknown code at
//! compile time, and by the lint in migrate-core, which reports findings under these codes.
//! A code never changes meaning once released; a rule that goes away keeps its code reserved.

/// How serious a finding is. `lint` exits with [`crate::contract::exit::CHECK`] when a finding
/// of [`Severity::Error`] is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look; never fails the lint.
    Warning,
    /// Fails the lint unless the migration allows it, with a reason.
    Error,
}

impl Severity {
    /// `error` or `warning`, as the output formats write it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The family of a rule, as the issue and the README group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Loses data.
    Destructive,
    /// Succeeds or fails depending on the rows already there.
    DataDependent,
    /// Breaks the application version still running during the deploy.
    BackwardIncompatible,
    /// Holds a lock, or rewrites the table, for a time that grows with the table.
    LockHeavy,
    /// How the migration is written.
    Hygiene,
}

/// One rule: its stable code and what the lint says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, as `allow(...)` and the output formats name it.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Its family.
    pub category: Category,
    /// The databases it applies to (`postgres`, `mysql`, `sqlite`).
    pub dialects: &'static [&'static str],
    /// What goes wrong, in one line.
    pub explanation: &'static str,
    /// The safer way.
    pub safer: &'static str,
}

const ALL: &[&str] = &["postgres", "mysql", "sqlite"];
const PG: &[&str] = &["postgres"];

/// Every rule, in the order the README lists them.
pub const RULES: &[Rule] = &[
    Rule {
        code: "drop_table",
        severity: Severity::Error,
        category: Category::Destructive,
        dialects: ALL,
        explanation: "dropping a table deletes every row in it",
        safer: "stop using the table in a release first, back it up, then drop it in a later revision with allow(drop_table = \"why\")",
    },
    Rule {
        code: "drop_column",
        severity: Severity::Error,
        category: Category::Destructive,
        dialects: ALL,
        explanation: "dropping a column deletes its value in every row",
        safer: "stop reading and writing the column in a release first, then drop it in a later revision with allow(drop_column = \"why\")",
    },
    Rule {
        code: "drop_schema",
        severity: Severity::Error,
        category: Category::Destructive,
        dialects: &["postgres", "mysql"],
        explanation: "dropping a schema deletes every table in it",
        safer: "drop the tables one by one in earlier revisions, each once unused, then the empty schema",
    },
    Rule {
        code: "drop_enum",
        severity: Severity::Error,
        category: Category::Destructive,
        dialects: PG,
        explanation: "dropping an enum type fails while a column uses it, and loses its labels",
        safer: "move the columns off the type in an earlier revision, then drop it with allow(drop_enum = \"why\")",
    },
    Rule {
        code: "add_not_null_column",
        severity: Severity::Error,
        category: Category::DataDependent,
        dialects: ALL,
        explanation: "a NOT NULL column without a default cannot be added to a table that has rows (MySQL fills it with zero values instead)",
        safer: "add the column with a DEFAULT, or nullable, backfill it, then set NOT NULL in a later revision",
    },
    Rule {
        code: "set_not_null",
        severity: Severity::Warning,
        category: Category::DataDependent,
        dialects: ALL,
        explanation: "making a column NOT NULL fails when a row holds NULL in it",
        safer: "backfill the NULLs in an earlier revision (or the same one, before the change) and keep the application from writing new ones",
    },
    Rule {
        code: "add_unique",
        severity: Severity::Warning,
        category: Category::DataDependent,
        dialects: ALL,
        explanation: "a new unique constraint or index on an existing table fails when its rows hold duplicates",
        safer: "remove the duplicates first; on PostgreSQL build the unique index CONCURRENTLY and attach it with ADD CONSTRAINT … UNIQUE USING INDEX",
    },
    Rule {
        code: "narrow_type",
        severity: Severity::Error,
        category: Category::DataDependent,
        dialects: &["postgres", "mysql"],
        explanation: "narrowing a column's type fails, or truncates, when a value does not fit",
        safer: "check that every value fits (SELECT max(length(…))) and keep the wider type until it does; or add a new column and backfill it",
    },
    Rule {
        code: "add_check",
        severity: Severity::Warning,
        category: Category::DataDependent,
        dialects: ALL,
        explanation: "a new check constraint on an existing table validates every row and fails on the first that breaks it",
        safer: "fix the rows first; on PostgreSQL add it NOT VALID and VALIDATE CONSTRAINT in a later revision",
    },
    Rule {
        code: "rename_table",
        severity: Severity::Error,
        category: Category::BackwardIncompatible,
        dialects: ALL,
        explanation: "renaming a table breaks the application version still running during the deploy",
        safer: "create the new table (or a view under the new name), write to both, move the readers, then drop the old one",
    },
    Rule {
        code: "rename_column",
        severity: Severity::Error,
        category: Category::BackwardIncompatible,
        dialects: ALL,
        explanation: "renaming a column breaks the application version still running during the deploy",
        safer: "add the new column, write to both and backfill, move the readers, then drop the old column in a later revision",
    },
    Rule {
        code: "drop_column_in_use",
        severity: Severity::Error,
        category: Category::BackwardIncompatible,
        dialects: ALL,
        explanation: "the models still declare the dropped column: the application reads or writes it",
        safer: "remove the field from the model and release that first; drop the column afterwards",
    },
    Rule {
        code: "create_index_blocking",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: PG,
        explanation: "CREATE INDEX without CONCURRENTLY blocks every write to the table while it builds",
        safer: "op.create_index_concurrently(…) in a migration with transactional = false",
    },
    Rule {
        code: "constraint_without_not_valid",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: PG,
        explanation: "adding a foreign key or check constraint scans the whole table under a lock that blocks writes",
        safer: "add it NOT VALID (instant), then ALTER TABLE … VALIDATE CONSTRAINT in a later revision (which lets writes through)",
    },
    Rule {
        code: "column_type_rewrite",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: PG,
        explanation: "this type change rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock",
        safer: "add a column of the new type, backfill it in batches, switch the readers, then drop the old column",
    },
    Rule {
        code: "set_not_null_scan",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: PG,
        explanation: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock unless a validated CHECK (column IS NOT NULL) exists",
        safer: "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in a later revision, then SET NOT NULL (instant) and drop the check",
    },
    Rule {
        code: "lock_timeout_missing",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: PG,
        explanation: "DDL on an existing table waits for its lock without a limit, and every query behind it waits too",
        safer: "op.execute(\"SET lock_timeout = '5s'\") (or statement_timeout) before the first DDL of the migration, and retry on timeout",
    },
    Rule {
        code: "mysql_algorithm_copy",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: &["mysql"],
        explanation: "this change needs ALGORITHM=COPY: the table is copied row by row and writes are blocked meanwhile",
        safer: "run it with an online schema change tool (gh-ost, pt-online-schema-change), or add a new column and backfill it",
    },
    Rule {
        code: "sqlite_table_copy",
        severity: Severity::Warning,
        category: Category::LockHeavy,
        dialects: &["sqlite"],
        explanation: "SQLite has no ALTER for this change: the table is rebuilt (created anew, rows copied, old one dropped)",
        safer: "expect a time and a disk use that grow with the table; group the changes to one table in one migration",
    },
    Rule {
        code: "no_downgrade",
        severity: Severity::Warning,
        category: Category::Hygiene,
        dialects: ALL,
        explanation: "the migration has no downgrade: it cannot be reverted, nor tested by the stairway test",
        safer: "implement Migration::downgrade (cargo migrate test checks it restores the schema)",
    },
    Rule {
        code: "mixed_schema_and_data",
        severity: Severity::Warning,
        category: Category::Hygiene,
        dialects: ALL,
        explanation: "the migration changes both the schema and the data (INSERT, UPDATE or DELETE next to DDL)",
        safer: "put the data change in a revision of its own, so that each can be run, timed and reverted alone",
    },
    Rule {
        code: "unreadable_sql",
        severity: Severity::Error,
        category: Category::Hygiene,
        dialects: ALL,
        explanation: "the replay cannot read this raw SQL, so no rule checks it and the schema after it is unknown",
        safer: "use an op.… method, or SQL the replay reads; or allow(unreadable_sql = \"why\") after checking it by hand",
    },
];

/// The rule of `code`.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Every code, comma-separated, for messages.
pub fn codes() -> String {
    RULES.iter().map(|r| r.code).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_explained() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                r.code
            );
            assert!(RULES[..i].iter().all(|o| o.code != r.code), "{}", r.code);
            assert!(!r.explanation.is_empty() && !r.safer.is_empty());
            assert_eq!(rule(r.code), Some(r));
        }
        assert_eq!(rule("drop_tables"), None);
        assert!(codes().starts_with("drop_table, drop_column, "));
    }
}
